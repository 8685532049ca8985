"""TimeTap lists at 100,000 clients: p50/p95 latency of the list, report and count endpoints on a real server.

`.venv/bin/python -m bench.timetap` (also part of `make bench`): builds 100,000 clients (with appointments, tags and
notes) in a fresh SQLite database, and in a fresh PostgreSQL one when postgresql://postgres@127.0.0.1:5432/test is
reachable, starts uvicorn on each and times each endpoint sequentially (latency, not throughput).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text, update

from bench._server import _cpu_seconds
from clientbook.core import fields, tenants
from clientbook.core import staff as core_staff
from clientbook.core.staff import StaffChanges
from clientbook.store import ids
from clientbook.store.engine import Database
from clientbook.store.models import Branch, Tag
from clientbook.store.repositories.client_bulk import BulkRepository
from clientbook.store.repositories.tenancy import BusinessRepository

CLIENTS = 100_000
CHUNK = 100_000  # rows per insert statement batch
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
        for chunk in range(0, count, CHUNK):  # chunks: a million rows at once would hold gigabytes of dicts
            block = [_client(first_id, i, count) for i in range(chunk, min(count, chunk + CHUNK))]
            await bulk.load_clients(business_id, block)  # COPY on PostgreSQL, as `clientbook import clients` does
        await bulk.analyze_clients()
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
        for name, every in TAG_EVERY.items():
            for chunk in range(0, count, CHUNK * every):
                await bulk.insert_client_tags(
                    {"business_id": business_id, "client_id": first_id + i, "tag_id": tags[name].id}
                    for i in range(chunk, min(count, chunk + CHUNK * every), every)
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


def _client(first_id: int, i: int, count: int) -> dict[str, Any]:
    """The `i`-th loaded client's row."""
    last = NEEDLE_NAME if i == count // 2 else f"{LAST[i % len(LAST)]}{i:06d}"
    first = FIRST[i % len(FIRST)]
    created = created_at(i)
    return {
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


def signature(api_key: str, private_key: str) -> str:
    return hashlib.md5((api_key + private_key).encode(), usedforsecurity=False).hexdigest()


def requests_for(data: Dataset) -> dict[str, tuple[str, dict[str, Any]]]:
    """The timed TimeTap calls: the list, report and count endpoints with realistic filters."""
    deep = data.clients // 50  # the page of 25 halfway through the list
    return {
        "GET /clients page 1 (25, by fullName)": ("/clients", {"pageSize": 25, "order_field": "fullName"}),
        f"GET /clients page {deep} (25, by fullName)": (
            "/clients",
            {"pageSize": 25, "pageNumber": deep, "order_field": "fullName"},
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
        "reportWithCount searchTerm=smith (1 in 11)": (
            "/clientList/reportWithCount",
            {"pageSize": 50, "searchTerm": "smith"},
        ),
        "reportCount statusList=Active": ("/clientList/reportCount", {"statusList": "Active"}),
        "reportCount locationGroupIdList": ("/clientList/reportCount", {"locationGroupIdList": LOCATION_GROUP}),
        "reportCount startDate/endDate": (
            "/clientList/reportCount",
            {"startDate": "2024-03-01", "endDate": "2024-03-31"},
        ),
    }


def beside(data: Dataset) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """The CareCloud and Webcamconsult client lists on the same data: (dialect, path, query). Every CareCloud list
    answers its `total_items`."""
    half = data.clients // 2
    return {
        "CareCloud /customers (50)": ("carecloud", "/customers", {"count": 50}),
        f"CareCloud /customers offset {half:,}": ("carecloud", "/customers", {"count": 50, "offset": half}),
        "CareCloud /customers by last_change DESC": (
            "carecloud",
            "/customers",
            {"count": 50, "sort_field": "last_change", "sort_direction": "DESC"},
        ),
        "CareCloud /customers email=": (
            "carecloud",
            "/customers",
            {"email": f"client{half + 1:06d}@example{(half + 1) % 7}.com"},
        ),
        "Webcamconsult /clients.json (50)": ("webcamconsult", "/clients.json", {"per_page": 50}),
        f"Webcamconsult /clients.json page {half // 50:,}": (
            "webcamconsult",
            "/clients.json",
            {"per_page": 50, "page": half // 50},
        ),
    }


def _time(
    client: httpx.Client, path: str, params: dict[str, Any], repeat: int, server: Any
) -> tuple[list[float], float, float]:
    """Latencies in ms of `repeat` sequential calls after a warm-up, and the CPU ms per call of the server process
    and of the PostgreSQL backends serving it (read from /proc: the database runs on this machine)."""
    latencies = []
    client.get(path, params=params).raise_for_status()  # warm-up
    backends = _backends(server.database_url)
    cpu, database = server.cpu_seconds(), sum(map(_cpu_seconds, backends))
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params=params).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    database = sum(map(_cpu_seconds, backends)) - database
    return latencies, (server.cpu_seconds() - cpu) * 1000 / repeat, database * 1000 / repeat


def _backends(url: str) -> list[int]:
    """The PostgreSQL server processes connected to the database at `url` (the server's pool); none on SQLite."""
    if not url.startswith("postgresql"):
        return []
    query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    found = subprocess.run(["psql", url, "-Atc", query], check=True, capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _clients(server: Any) -> dict[str, httpx.Client]:
    """An authenticated HTTP client per dialect."""
    keys = server.tenant["credentials"]
    timetap = httpx.Client(base_url=f"{server.url}/timetap/live", timeout=120)
    token = timetap.get(
        "/sessionToken",
        params={
            "apiKey": keys["timetap"]["api_key"],
            "signature": signature(keys["timetap"]["api_key"], keys["timetap"]["private_key"]),
        },
    ).json()
    timetap.headers["Authorization"] = f"Bearer {token['sessionToken']}"
    carecloud = httpx.Client(base_url=f"{server.url}/carecloud/enterprise-interface/v1.0", timeout=120)
    login = keys["carecloud"]
    body = {k: login[k] for k in ("login", "password")} | {
        "user_external_application_id": login["external_application_id"]
    }
    answer = carecloud.post("/users/actions/login", json=body)
    answer.raise_for_status()
    carecloud.headers["Authorization"] = f"Bearer {answer.json()['data']['bearer_token']}"
    webcamconsult = httpx.Client(
        base_url=f"{server.url}/webcamconsult",
        headers={"Authorization": f"Token token={keys['webcamconsult']['token']}"},
        timeout=120,
    )
    return {"timetap": timetap, "carecloud": carecloud, "webcamconsult": webcamconsult}


def run_backend(backend: str, count: int = CLIENTS, *, database: str | None = None, repeat: int = 50) -> None:
    from bench._server import kept_or_fresh, running_server

    with kept_or_fresh(backend, database) as url:
        tenant, data = _prepared(url, count)
        with running_server(url, tenant=tenant) as server:
            clients = _clients(server)
            calls = {name: ("timetap", path, q) for name, (path, q) in requests_for(data).items()} | beside(data)
            print(f"  {'endpoint':<46} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>7} {'DB CPU':>7}")
            for name, (dialect, path, params) in calls.items():
                latencies, cpu, db_cpu = _time(clients[dialect], path, params, repeat, server)
                latencies.sort()
                p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
                median = statistics.median(latencies)
                print(f"  {name:<46} {median:8.1f} {p99:8.1f} {cpu:7.1f} {db_cpu:7.1f}", flush=True)
            print(f"  (CPU: the server process's per call; DB CPU: its PostgreSQL backends'; load {_load()})")
            for client in clients.values():
                client.close()


def _prepared(url: str, count: int) -> tuple[dict[str, Any], Dataset]:
    from bench._server import create_tenant, keep, kept, migrate

    migrate(url)
    saved = asyncio.run(kept(url, "timetap"))
    if saved is not None:
        tenant, data = saved["tenant"], Dataset(**saved["data"])
        if data.clients != count:
            raise SystemExit(f"{url} holds {data.clients:,} bench clients, not {count:,}: name another database")
        print(f"{url}: reusing its {data.clients:,} clients", flush=True)
        return tenant, data
    tenant = create_tenant(url)
    started = time.perf_counter()
    data = asyncio.run(_load_and_dispose(Database(url), tenant["business"]["id"], count))
    print(f"{url}: loaded {data.clients:,} clients in {time.perf_counter() - started:.1f} s", flush=True)
    asyncio.run(keep(url, "timetap", {"tenant": tenant, "data": dataclasses.asdict(data)}))
    return tenant, data


async def _load_and_dispose(db: Database, business_id: int, count: int) -> Dataset:
    try:
        data = await load(db, business_id, count)
        async with db.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            # PostgreSQL: what autovacuum does soon after a bulk load (the visibility map lets counts read only an
            # index). SQLite: statistics for its planner.
            await autocommit.execute(text("VACUUM ANALYZE" if db.backend == "postgresql" else "ANALYZE"))
        return data
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> None:
    from bench._server import postgres_available

    parser = argparse.ArgumentParser(prog="python -m bench.timetap")
    parser.add_argument("--clients", type=int, default=CLIENTS, help=f"how many clients (default {CLIENTS:,})")
    parser.add_argument("--repeat", type=int, default=50, help="timed calls per endpoint (default 50)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], help="only this backend")
    parser.add_argument(
        "--database",
        help="a database URL to keep (created and loaded on first use, reused after); needs --backend",
    )
    args = parser.parse_args(argv if argv is not None else [])
    if args.database and not args.backend:
        parser.error("--database needs --backend")
    for backend in [args.backend] if args.backend else ["sqlite", "postgresql"]:
        if backend == "postgresql" and not postgres_available():
            print("postgresql: not reachable, skipped")
            continue
        print(f"{backend}: {args.clients:,} clients", flush=True)
        run_backend(backend, args.clients, database=args.database, repeat=args.repeat)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
