"""`clientbook export clients` and `import clients` end to end, on both backends: a 10,000-client round trip that
reads back identically, refused rows reported by line with nothing written for them, dry runs, and matching."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ScalarResult, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import client_search, client_transfer, clients, tenants
from clientbook.core.client_search import ClientFilter
from clientbook.core.clients import ClientChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Client, Event, utcnow
from clientbook.store.repositories.tenancy import BusinessRepository
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Clientbook

HEADER = ["id", "first_name", "last_name", "email", "mobile_phone", "birth_date", "guardian", "gender", "extra"]


def _generated(count: int) -> list[dict[str, str]]:
    """Varied clients: every kind of column (text, dates, booleans, enums, JSON, empty values)."""
    genders = ["female", "male", "other", "undisclosed", ""]
    return [
        {
            "id": "",
            "first_name": f"First{i}",
            "last_name": f'Last {i} Ünïcode, "quoted"' if i % 7 == 0 else f"Last{i}",
            "email": f"person{i}@example.com" if i % 3 else "",
            "mobile_phone": f"+1 415 {i // 10000 + 200:03d} {i % 10000:04d}" if i % 2 else "",
            "birth_date": f"19{50 + i % 50:02d}-0{1 + i % 9}-1{i % 10}" if i % 5 else "",
            "guardian": "true" if i % 11 == 0 else "false",
            "gender": genders[i % len(genders)],
            "extra": json.dumps({"n": i, "tags": ["a", "b"]}) if i % 4 == 0 else "",
        }
        for i in range(count)
    ]


def _write_csv(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _without_ids(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: v for k, v in row.items() if k != "id"} for row in csv.DictReader(handle)]


async def _counts(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        clients = await session.scalar(select(func.count()).where(Client.business_id == business_id))
        created = await session.scalar(
            select(func.count()).where(
                Event.business_id == business_id, Event.entity == "client", Event.action == "created"
            )
        )
        return int(clients or 0), int(created or 0)

    result: tuple[int, int] = await read(count)
    return result


async def test_ten_thousand_clients_export_import_and_export_again_identically(
    clientbook: Clientbook, make_tenant: TenantFactory, read: Read, tmp_path: Path
) -> None:
    source, target = await make_tenant(name="Source"), await make_tenant(name="Target")
    loaded = await clientbook(
        "import", "clients", "--business", source["business"]["account_number"],
        str(_write_csv(tmp_path / "in.csv", _generated(10_000))),
    )  # fmt: skip
    assert loaded.exit_code == 0, loaded.stderr
    assert "created 10000, updated 0, refused 0" in loaded.stdout
    first = tmp_path / "first.csv"
    exported = await clientbook(
        "export", "clients", "--business", source["business"]["account_number"], "-o", str(first)
    )
    assert exported.exit_code == 0, exported.stderr

    imported = await clientbook("import", "clients", "--business", target["business"]["account_number"], str(first))
    assert imported.exit_code == 0, imported.stderr
    assert "created 10000" in imported.stdout
    second = tmp_path / "second.csv"
    await clientbook("export", "clients", "--business", target["business"]["account_number"], "-o", str(second))

    before, after = _without_ids(first), _without_ids(second)
    assert len(before) == 10_000
    assert after == before
    assert await _counts(read, target["business"]["id"]) == (10_000, 10_000)
    # The bulk path wrote the search documents too.
    term = ClientFilter(search_term="Ünïcode")
    found = await read(lambda s: client_search.search(s, Tenant(target["business"]["id"]), term))
    assert len(found) == len(range(0, 10_000, 7))


async def test_jsonl_export_imports_back_identically(
    clientbook: Clientbook, make_tenant: TenantFactory, tmp_path: Path
) -> None:
    source, target = await make_tenant(), await make_tenant()
    await clientbook(
        "import", "clients", "--business", source["business"]["account_number"],
        str(_write_csv(tmp_path / "in.csv", _generated(300))),
    )  # fmt: skip
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    await clientbook("export", "clients", "--business", source["business"]["account_number"], "-o", str(first))
    done = await clientbook("import", "clients", "--business", target["business"]["account_number"], str(first))
    assert done.exit_code == 0, done.stderr
    await clientbook("export", "clients", "--business", target["business"]["account_number"], "-o", str(second))

    def records(path: Path) -> list[dict[str, Any]]:
        return [{k: v for k, v in json.loads(line).items() if k != "id"} for line in path.read_text().splitlines()]

    assert records(second) == records(first)
    assert len(records(first)) == 300


async def test_an_imported_client_and_its_event_read_back_as_written(
    clientbook: Clientbook, tenant: dict[str, Any], read: Read, tmp_path: Path
) -> None:
    """The bulk path writes through the driver (COPY, executemany): what it stores reads back through the models as
    any client does, timestamps in UTC, JSON as JSON, booleans and dates as such."""
    row = _generated(12)[11]  # every kind of value: guardian true, a birth date, a mobile number, gender
    row["extra"] = json.dumps({"n": 11, "tags": ["a", "b"]})
    business = tenant["business"]
    started = utcnow()
    path = _write_csv(tmp_path / "one.csv", [row])
    assert (await clientbook("import", "clients", "--business", business["account_number"], str(path))).exit_code == 0

    client = await read(lambda s: s.scalar(select(Client).where(Client.business_id == business["id"])))
    assert (client.guardian, client.birth_date, client.mobile_phone) == (True, date(1961, 3, 11), "+14152000011")
    assert client.extra == {"n": 11, "tags": ["a", "b"]}
    assert started <= client.created_at == client.updated_at <= utcnow()
    event = await read(lambda s: s.scalar(select(Event).where(Event.entity_id == client.id, Event.entity == "client")))
    assert started <= event.created_at <= utcnow()
    assert event.changes["birth_date"] == "1961-03-11"
    assert (event.changes["email"], event.changes["guardian"]) == (row["email"], True)


async def test_refused_rows_are_reported_by_line_and_write_nothing(
    clientbook: Clientbook, tenant: dict[str, Any], read: Read, tmp_path: Path
) -> None:
    rows = _generated(6)
    rows[1]["email"] = "not-an-address"
    rows[3]["birth_date"] = "next tuesday"
    rows[4]["mobile_phone"] = "12"
    path = _write_csv(tmp_path / "mixed.csv", rows)
    business = tenant["business"]
    done = await clientbook("import", "clients", "--business", business["account_number"], str(path))
    assert done.exit_code == 1
    assert "created 3, updated 0, refused 3" in done.stdout
    assert done.stderr.splitlines() == [
        "line 3: email: email is not a valid e-mail address",
        "line 5: birth_date: birth_date must be a date (YYYY-MM-DD)",
        "line 6: mobile_phone: mobile_phone is not a valid phone number",
    ]
    assert await _counts(read, business["id"]) == (3, 3)
    names = await read(lambda s: s.scalars(select(Client.first_name).where(Client.business_id == business["id"])))
    assert sorted(names) == ["First0", "First2", "First5"]


async def test_dry_run_reports_the_same_and_writes_nothing(
    clientbook: Clientbook, tenant: dict[str, Any], read: Read, tmp_path: Path
) -> None:
    rows = _generated(5)
    rows[2]["gender"] = "robot"
    path = _write_csv(tmp_path / "dry.csv", rows)
    business = tenant["business"]
    done = await clientbook("import", "clients", "--business", business["account_number"], str(path), "--dry-run")
    assert done.exit_code == 1
    assert "would create 4, would update 0, refused 1 (dry run: nothing written)" in done.stdout
    assert done.stderr.startswith("line 4: gender: gender must be one of")
    assert await _counts(read, business["id"]) == (0, 0)


async def test_unknown_column_refuses_the_file(clientbook: Clientbook, tenant: dict[str, Any], tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "typo.csv", [{"first_nmae": "Ann"}], header=["first_nmae"])
    done = await clientbook("import", "clients", "--business", tenant["business"]["account_number"], str(path))
    assert done.exit_code == 2
    assert "unknown column first_nmae" in done.stderr


async def test_match_updates_by_id_email_or_phone_and_refuses_what_it_cannot_match(
    clientbook: Clientbook, tenant: dict[str, Any], read: Read, tmp_path: Path
) -> None:
    business = tenant["business"]
    number = business["account_number"]
    await clientbook("import", "clients", "--business", number, str(_write_csv(tmp_path / "a.csv", _generated(4))))
    exported = tmp_path / "export.csv"
    await clientbook("export", "clients", "--business", number, "-o", str(exported))
    with exported.open(newline="") as handle:
        stored = list(csv.DictReader(handle))
    header = ["id", "first_name", "email", "mobile_phone"]

    by_id = [{"id": stored[0]["id"], "first_name": "Renamed", "email": stored[0]["email"], "mobile_phone": ""}]
    by_id.append({"id": "99999999", "first_name": "Nobody", "email": "", "mobile_phone": ""})
    done = await clientbook("import", "clients", "--business", number, "--match", "id",
                            str(_write_csv(tmp_path / "id.csv", by_id, header)))  # fmt: skip
    assert "created 0, updated 1, refused 1" in done.stdout
    assert "line 3: id: id 99999999: the business has no such client" in done.stderr

    by_email = [{"id": "", "first_name": "ByMail", "email": stored[1]["email"].upper(), "mobile_phone": ""}]
    by_email.append({"id": "", "first_name": "Again", "email": stored[1]["email"], "mobile_phone": ""})
    done = await clientbook("import", "clients", "--business", number, "--match", "email",
                            str(_write_csv(tmp_path / "email.csv", by_email, header)))  # fmt: skip
    assert "created 0, updated 1, refused 1" in done.stdout
    assert "is also on line 2" in done.stderr

    by_phone = [{"id": "", "first_name": "ByPhone", "email": "", "mobile_phone": stored[3]["mobile_phone"]}]
    by_phone.append({"id": "", "first_name": "Fresh", "email": "", "mobile_phone": "+1 415 999 0000"})
    done = await clientbook("import", "clients", "--business", number, "--match", "phone",
                            str(_write_csv(tmp_path / "phone.csv", by_phone, header)))  # fmt: skip
    assert "created 1, updated 1, refused 0" in done.stdout

    names = await read(
        lambda s: s.scalars(select(Client.first_name).where(Client.business_id == business["id"]).order_by(Client.id))
    )
    assert list(names) == ["Renamed", "ByMail", "First2", "ByPhone", "Fresh"]


async def test_import_names_an_unknown_staff_member_or_branch_per_row(
    clientbook: Clientbook, make_tenant: TenantFactory, read: Read, tmp_path: Path
) -> None:
    mine, theirs = await make_tenant(), await make_tenant()
    rows = [
        {"first_name": "Ok", "last_name": "Here", "branch_id": str(mine["branches"][0]["id"])},
        {"first_name": "Other", "last_name": "Branch", "branch_id": str(theirs["branches"][0]["id"])},
    ]
    path = _write_csv(tmp_path / "refs.csv", rows, ["first_name", "last_name", "branch_id"])
    done = await clientbook("import", "clients", "--business", mine["business"]["account_number"], str(path))
    assert done.exit_code == 1
    assert f"line 3: branch_id: branch_id {theirs['branches'][0]['id']}: the business has no such branch" in (
        done.stderr
    )
    assert await _counts(read, mine["business"]["id"]) == (1, 1)


async def test_export_of_an_unknown_business_is_refused(clientbook: Clientbook) -> None:
    done = await clientbook("export", "clients", "--business", "nope")
    assert done.exit_code == 2
    assert "Invalid business account number" in done.stderr


async def test_export_reads_keyset_batches_in_short_transactions(
    clientbook: Clientbook, tenant: dict[str, Any], context: Context, tmp_path: Path
) -> None:
    business = tenant["business"]
    path = _write_csv(tmp_path / "ten.csv", _generated(10))
    await clientbook("import", "clients", "--business", business["account_number"], str(path))
    opened = 0

    @asynccontextmanager
    async def transaction() -> AsyncIterator[AsyncSession]:
        nonlocal opened
        opened += 1
        async with context.db.transaction() as session:
            yield session

    sizes = [len(batch) async for batch in client_transfer.export(transaction, Tenant(business["id"]), batch=3)]
    assert sizes == [3, 3, 3, 1]
    assert opened == 5  # one per batch, and one that finds nothing more


async def test_match_by_id_never_reaches_another_business_client(
    clientbook: Clientbook, make_tenant: TenantFactory, read: Read, tmp_path: Path
) -> None:
    mine, theirs = await make_tenant(), await make_tenant()
    await clientbook(
        "import", "clients", "--business", theirs["business"]["account_number"],
        str(_write_csv(tmp_path / "theirs.csv", _generated(2))),
    )  # fmt: skip
    exported = tmp_path / "theirs-export.csv"
    await clientbook("export", "clients", "--business", theirs["business"]["account_number"], "-o", str(exported))
    with exported.open(newline="") as handle:
        rows = [{**row, "first_name": "Hijacked"} for row in csv.DictReader(handle)]
    attempt = _write_csv(tmp_path / "attempt.csv", rows, list(rows[0]))
    done = await clientbook(
        "import", "clients", "--business", mine["business"]["account_number"], "--match", "id", str(attempt)
    )
    assert done.exit_code == 1
    assert "created 0, updated 0, refused 2" in done.stdout
    names = await read(
        lambda s: s.scalars(select(Client.first_name).where(Client.business_id == theirs["business"]["id"]))
    )
    assert sorted(names) == ["First0", "First1"]
    assert await _counts(read, mine["business"]["id"]) == (0, 0)


async def test_an_imported_client_is_stored_as_the_core_creates_one(
    clientbook: Clientbook, context: Context, make_tenant: TenantFactory, read: Read, tmp_path: Path
) -> None:
    """The bulk path (COPY, executemany, the documents and counts written for the block) stores each client, its
    search document and its `created` event exactly as `clients.create`, the path every dialect takes, does."""
    rows = _generated(15)  # every kind of value, empty ones included
    imported, created = await make_tenant(name="Imported"), await make_tenant(name="Created")
    path = _write_csv(tmp_path / "same.csv", rows)
    done = await clientbook("import", "clients", "--business", imported["business"]["account_number"], str(path))
    assert done.exit_code == 0, done.stderr
    async with context.db.transaction() as session:
        business = await BusinessRepository(session).get(created["business"]["id"])
        assert business is not None
        tenant = tenants.tenant_of(business, actor="cli:import")
        for row in rows:
            await clients.create(session, tenant, ClientChanges(**client_transfer.given_of(row)[1]))

    unlike = {"business_id", "id", "created_at", "updated_at"}  # where the two must differ

    async def stored(session: AsyncSession, business_id: int) -> list[tuple[Any, ...]]:
        found = await session.scalars(select(Client).where(Client.business_id == business_id).order_by(Client.id))
        columns = [c.key for c in Client.__table__.columns if c.key not in unlike]
        documents = await session.execute(
            text("SELECT document FROM client_search_documents WHERE business_id = :b ORDER BY client_id"),
            {"b": business_id},
        )
        events: ScalarResult[dict[str, Any]] = await session.scalars(
            select(Event.changes).where(Event.business_id == business_id, Event.entity == "client").order_by(Event.id)
        )
        counted = await client_search.count(session, Tenant(business_id), ClientFilter())
        return [
            *[tuple(getattr(client, name) for name in columns) for client in found],
            *documents.all(),
            *[tuple(sorted(changes.items())) for changes in events],
            (counted,),
        ]

    bulk = await read(lambda s: stored(s, imported["business"]["id"]))
    single = await read(lambda s: stored(s, created["business"]["id"]))
    assert len(bulk) == 2 * len(rows) + len(rows) + 1
    assert bulk == single
