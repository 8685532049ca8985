"""TimeTap lists at 100,000 clients: p50/p95 latency of the list, report and count endpoints on a real server.

`.venv/bin/python -m bench.timetap` (also part of `make bench`): builds 100,000 clients (with appointments, tags and
notes) in a fresh SQLite database, and in a fresh PostgreSQL one when postgresql://postgres@127.0.0.1:5432/test is
reachable, starts uvicorn on each and times each endpoint sequentially (latency, not throughput).
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text, update

from clientbook.core import fields, tenants
from clientbook.core import staff as core_staff
from clientbook.core.staff import StaffChanges
from clientbook.store import ids
from clientbook.store.engine import Database
from clientbook.store.models import Branch, Tag
from clientbook.store.repositories.client_bulk import BulkRepository
from clientbook.store.repositories.tenancy import BusinessRepository

CLIENTS = 100_000
FIRST = ["Ann", "Bea", "Cal", "Dov", "Eli", "Fay", "Gus", "Hal", "Ida", "Jon", "Kit", "Lou", "Max", "Ned", "Oda"]
LAST = ["Smith", "Jones", "Brown", "Garcia", "Miller", "Davis", "Lopez", "Wilson", "Moore", "Clark", "Young"]
NEEDLE_NAME = "Needlemeyer"
NEEDLE_NOTE = "allergic to zebrafish"
LOCATION_GROUP = 900
INSURERS = ["Acme Mutual", "Blue Harbor", "Civic Health", "Delta Care"]
TAG_EVERY = {"VIP": 10, "Lapsed": 3, "New": 7, "Rotund": 13}  # tag → every how many clients carry it


BASE = datetime(2024, 1, 1, tzinfo=UTC)


def created_at(index: int) -> datetime:
    """When the `index`-th loaded client was created: seven minutes apart from 2024-01-01."""
    return BASE + timedelta(minutes=7 * index)


@dataclass
class Dataset:
    business_id: int
    clients: int
    staff_ids: list[int]
    branch_ids: list[int]
    needle_id: int
    noted_id: int
    vip: int  # how many clients carry the VIP tag
    with_first_staff: int  # how many clients had an appointment with staff_ids[0]


async def load(db: Database, business_id: int, count: int = CLIENTS) -> Dataset:
    """`count` clients for the business: every 5th with an appointment, every 10th tagged VIP (and other tags at other
    rates), every 100th with a
    note; one client named Needlemeyer and one whose note mentions zebrafish. One transaction."""
    async with db.transaction() as session:
        business = await BusinessRepository(session).get(business_id)
        assert business is not None
        tenant = tenants.tenant_of(business, actor="bench")
        branches = await tenants.list_branches(session, tenant)
        branch_ids = [b.id for b in branches]
        await session.execute(
            update(Branch)
            .where(Branch.business_id == business_id, Branch.id == branch_ids[0])
            .values(location_group_id=LOCATION_GROUP)
        )
        staff_ids = []
        for index in range(5):
            member = await core_staff.create(
                session,
                tenant,
                StaffChanges(first_name="Staff", last_name=f"Member{index}", email=f"staff{index}@bench.example"),
            )
            staff_ids.append(member.id)
        tags = {}
        for name in TAG_EVERY:
            tags[name] = Tag(business_id=business_id, name=name, name_normalized=name.lower(), created_by="bench")
            await ids.add(session, tags[name])
        await session.flush()
        bulk = BulkRepository(session)
        first_id = await bulk.reserve_ids("clients", count)
        base = BASE
        rows = []
        for i in range(count):
            last = NEEDLE_NAME if i == count // 2 else f"{LAST[i % len(LAST)]}{i:06d}"
            first = FIRST[i % len(FIRST)]
            created = created_at(i)
            rows.append(
                {
                    "business_id": business_id,
                    "id": first_id + i,
                    "first_name": first,
                    "last_name": last,
                    "full_name": f"{first} {last}",
                    "email": f"client{i:06d}@example{i % 7}.com",
                    "email_normalized": f"client{i:06d}@example{i % 7}.com",
                    "mobile_phone": f"+1415{i:07d}",
                    "mobile_phone_raw": None,
                    "status": "blacklisted" if i % 50 == 0 else "active",
                    "client_type": "active",
                    "contact_method": "none",
                    "guardian": False,
                    "extra": {},
                    "created_at": created,
                    "updated_at": created,
                    "created_by": "bench",
                    "updated_by": "bench",
                }
            )
        await bulk.insert_clients(business_id, rows)
        appointments_first = await bulk.reserve_ids("appointments", count // 5)
        start = base + timedelta(days=800)
        await bulk.insert_appointments(
            [
                {
                    "business_id": business_id,
                    "id": appointments_first + k,
                    "client_id": first_id + i,
                    "staff_id": staff_ids[k % len(staff_ids)],
                    "branch_id": branch_ids[k % len(branch_ids)],
                    "starts_at": start,
                    "virtual": False,
                    "state": "idle",
                    "reason_id": k % 7,
                    "extra": {},
                    "created_at": start,
                    "updated_at": start,
                }
                for k, i in enumerate(range(0, count, 5))
            ]
        )
        await bulk.insert_client_tags(
            {"business_id": business_id, "client_id": first_id + i, "tag_id": tags[name].id}
            for name, every in TAG_EVERY.items()
            for i in range(0, count, every)
        )
        insurer = await fields.create(session, tenant, fields.NewField(label="Insurer"))
        await bulk.insert_field_values(
            [
                {
                    "business_id": business_id,
                    "client_id": first_id + i,
                    "field_id": insurer.id,
                    "value": INSURERS[(i // 50) % len(INSURERS)],
                }
                for i in range(0, count, 50)
            ]
        )
        notes_first = await bulk.reserve_ids("notes", count // 100)
        noted = count // 100 * 37
        await bulk.insert_notes(
            [
                {
                    "business_id": business_id,
                    "id": notes_first + k,
                    "client_id": first_id + i,
                    "body": NEEDLE_NOTE if i == noted else f"visit note {i}",
                    "created_at": base,
                    "updated_at": base,
                }
                for k, i in enumerate(range(0, count, 100))
            ]
        )
        await bulk.analyze()
    return Dataset(
        business_id=business_id,
        clients=count,
        staff_ids=staff_ids,
        branch_ids=branch_ids,
        needle_id=first_id + count // 2,
        noted_id=first_id + noted,
        vip=len(range(0, count, 10)),
        with_first_staff=len(range(0, count // 5, len(staff_ids))),
    )


def signature(api_key: str, private_key: str) -> str:
    return hashlib.md5((api_key + private_key).encode(), usedforsecurity=False).hexdigest()


def requests_for(data: Dataset) -> dict[str, tuple[str, dict[str, Any]]]:
    """The timed calls: the list, report and count endpoints with realistic filters."""
    return {
        "GET /clients page 1 (25, by fullName)": ("/clients", {"pageSize": 25, "order_field": "fullName"}),
        "GET /clients page 2000 (25, by fullName)": (
            "/clients",
            {"pageSize": 25, "pageNumber": 2000, "order_field": "fullName"},
        ),
        "GET /clients/count": ("/clients/count", {}),
        "reportWithCount (50, by emailAddress)": (
            "/clientList/reportWithCount",
            {"pageSize": 50, "order_field": "emailAddress"},
        ),
        "reportWithCount staffIdList": (
            "/clientList/reportWithCount",
            {"pageSize": 50, "staffIdList": data.staff_ids[0]},
        ),
        "reportWithCount tagsList=VIP": ("/clientList/reportWithCount", {"pageSize": 50, "tagsList": "VIP"}),
        "report searchTerm=needlemeyer": ("/clientList/report", {"searchTerm": "needlemeyer"}),
        "report searchTerm=zebrafish (note)": ("/clientList/report", {"searchTerm": "zebrafish"}),
        "reportCount statusList=Active": ("/clientList/reportCount", {"statusList": "Active"}),
        "reportCount locationGroupIdList": ("/clientList/reportCount", {"locationGroupIdList": LOCATION_GROUP}),
        "reportCount startDate/endDate": (
            "/clientList/reportCount",
            {"startDate": "2024-03-01", "endDate": "2024-03-31"},
        ),
    }


def _time(client: httpx.Client, path: str, params: dict[str, Any], repeat: int) -> list[float]:
    latencies = []
    client.get(path, params=params).raise_for_status()  # warm-up
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params=params).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def run_backend(backend: str, repeat: int = 30) -> None:
    from bench._server import fresh_database, running_server

    with fresh_database(backend) as url, running_server(url) as server:
        db = Database(url)
        started = time.perf_counter()
        data = asyncio.run(_load_and_dispose(db, server.tenant["business"]["id"]))
        print(f"{backend}: loaded {data.clients:,} clients in {time.perf_counter() - started:.1f} s", flush=True)
        keys = server.tenant["credentials"]["timetap"]
        base = f"{server.url}/timetap/live"
        with httpx.Client(base_url=base, timeout=60) as client:
            token = client.get(
                "/sessionToken",
                params={"apiKey": keys["api_key"], "signature": signature(keys["api_key"], keys["private_key"])},
            ).json()
            client.headers["Authorization"] = f"Bearer {token['sessionToken']}"
            print(f"  {'endpoint':<44} {'p50 ms':>8} {'p95 ms':>8}")
            for name, (path, params) in requests_for(data).items():
                latencies = sorted(_time(client, path, params, repeat))
                p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
                print(f"  {name:<44} {statistics.median(latencies):8.1f} {p95:8.1f}", flush=True)


async def _load_and_dispose(db: Database, business_id: int) -> Dataset:
    try:
        data = await load(db, business_id)
        if db.backend == "postgresql":
            # What autovacuum does soon after a bulk load: the visibility map lets counts read only the index.
            async with db.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE"))
        return data
    finally:
        await db.dispose()


def main() -> None:
    from bench._server import postgres_available

    run_backend("sqlite")
    if postgres_available():
        run_backend("postgresql")
    else:
        print("postgresql: not reachable, skipped")


if __name__ == "__main__":
    main()
