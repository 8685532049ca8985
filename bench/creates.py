"""What one client create costs the server, dialect by dialect: the server's own CPU per request (time.process_time
around the application, aiosqlite's thread and the driver included; PostgreSQL's backend is another process), the
statements it runs, beside the Wired Client upsert and the bare `/_bench/round-trips/N` reference. Run:
`python -m bench.creates [REQUESTS]` (also part of `make bench`).

The requests go one at a time through the ASGI interface in this process, so the CPU measured around each is that
request's alone, however busy the shared machine is (timings would be noise; CPU is not). Every dialect creates a
client with the same fields: names, e-mail, mobile number, birthday, gender. `--profile NAME` (say "timetap create")
prints where that request's CPU goes.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import event, text

from bench._server import _cpu_seconds, create_tenant, fresh_database, postgres_available
from bench.timetap import signature
from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store import migrate
from clientbook.store.engine import Database

REQUESTS = int(next((a for a in sys.argv[1:] if a.isdigit()), "300"))
PROFILE = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else ""  # a name of `_calls`
ROUNDS = 3
ENV = {
    "CLIENTBOOK_SECRET_KEY": "bench-secret",
    "CLIENTBOOK_RATE_LIMIT": "100000000/minute",
    "CLIENTBOOK_BENCH_CEILING": "1",
    "CLIENTBOOK_RUN_WORKER": "false",
}
CARECLOUD = "/carecloud/enterprise-interface/v1.0"


@dataclass
class Call:
    method: str
    path: str
    body: Callable[[int], Any]
    headers: dict[str, str]
    ok: int = 200


class Meter:
    """The ASGI app with the CPU of each request and the statements it ran counted."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cpu: list[float] = []
        self.statements = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = time.process_time()
        try:
            await self.app(scope, receive, send)
        finally:
            self.cpu.append(time.process_time() - started)


def _mobile(n: int) -> str:
    return f"+1 646 {200 + n // 10000:03d} {n % 10000:04d}"


async def _calls(http: httpx.AsyncClient, tenant: dict[str, Any]) -> dict[str, Call]:
    wired = tenant["credentials"]["wiredclient"]
    account = tenant["branches"][0]["account_number"]
    keys = tenant["credentials"]["timetap"]
    token = (
        await http.get(
            "/timetap/live/sessionToken",
            params={"apiKey": keys["api_key"], "signature": signature(keys["api_key"], keys["private_key"])},
        )
    ).json()["sessionToken"]
    cc = tenant["credentials"]["carecloud"]
    login = {"user_external_application_id": cc["external_application_id"], "login": cc["login"]}
    bearer = (await http.post(f"{CARECLOUD}/users/actions/login", json={**login, "password": cc["password"]})).json()[
        "data"
    ]["bearer_token"]
    source = (await http.get(f"{CARECLOUD}/customer-sources", headers={"Authorization": f"Bearer {bearer}"})).json()
    source_id = source["data"]["customer_sources"][0]["customer_source_id"]
    return {
        "wiredclient create": Call(
            "POST",
            "/wiredclient/api/v1/client",
            lambda n: {
                **wired,
                "account_number": account,
                "id": 0,
                "first_name": f"Client{n}",
                "last_name": "Bench",
                "mobile_phone1": _mobile(n),
                "email_address1": f"w{n}@bench.example",
                "birthday": "1990-01-01",
                "gender": 1 + n % 4,
            },
            {},
        ),
        "timetap create": Call(
            "POST",
            "/timetap/live/clients",
            lambda n: {
                "firstName": f"Client{n}",
                "lastName": "Bench",
                "emailAddress": f"t{n}@bench.example",
                "cellPhone": _mobile(1_000_000 + n),
                "dateOfBirth": "1990-01-01",
            },
            {"Authorization": f"Bearer {token}"},
        ),
        "carecloud create": Call(
            "POST",
            f"{CARECLOUD}/customers",
            lambda n: {
                "customer": {
                    "personal_information": {
                        "first_name": f"Client{n}",
                        "last_name": "Bench",
                        "email": f"c{n}@bench.example",
                        "phone": f"1646{3_000_000 + n:07d}",
                        "birthdate": "1990-01-01",
                        "gender": 1 + n % 2,
                        "language_id": "en",
                    }
                },
                "customer_source": {"customer_source_id": source_id, "external_id": "bench"},
                "autologin": False,
            },
            {"Authorization": f"Bearer {bearer}"},
            201,
        ),
        "round-trips/4 (reference)": Call("POST", "/_bench/round-trips/4", lambda n: {}, {}),
    }


_BACKENDS = text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")


async def _database_cpu(db: Database) -> float:
    """CPU seconds of the PostgreSQL backends serving the app's connections so far (0 on SQLite: its work runs in
    this process and is counted with the app's)."""
    if db.backend != "postgresql":
        return 0.0
    async with db.engine.connect() as connection:
        pids: list[int] = list((await connection.execute(_BACKENDS)).scalars())
    return sum(_cpu_seconds(pid) for pid in pids)


@dataclass
class Result:
    cpu_us: float  # the app's, median per request
    database_us: float  # PostgreSQL's backends', mean per request
    statements: float


async def _run(http: httpx.AsyncClient, meter: Meter, call: Call, first: int, count: int, db: Database) -> Result:
    """What `count` requests from body `first` cost, per request."""
    meter.cpu.clear()
    meter.statements = 0
    database = await _database_cpu(db)
    for n in range(first, first + count):
        response = await http.request(call.method, call.path, json=call.body(n), headers=call.headers)
        if response.status_code != call.ok:
            raise RuntimeError(f"{call.path}: {response.status_code} {response.text[:300]}")
    database = await _database_cpu(db) - database
    return Result(statistics.median(meter.cpu) * 1e6, database / count * 1e6, meter.statements / count)


async def measure(backend: str, url: str, tenant: dict[str, Any]) -> list[str]:
    app = create_app(Settings(database_url=url))
    meter = Meter(app)
    db = Database(url, pool_size=1)
    event.listen(app.state.context.db.engine.sync_engine, "before_cursor_execute", _counter(meter))
    lines = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=meter), base_url="http://bench") as http:
        calls = await _calls(http, tenant)
        for index, call in enumerate(calls.values()):  # warm-up: statement caches, connections, pages
            await _run(http, meter, call, 900_000 + index * 1000, 50, db)
        found: dict[str, list[Result]] = {name: [] for name in calls}
        for round_ in range(ROUNDS):  # alternating, so that a busy patch weighs on all alike
            for index, (name, call) in enumerate(calls.items()):
                found[name].append(await _run(http, meter, call, round_ * 100_000 + index * 10_000, REQUESTS, db))
        if PROFILE:
            await _profile(http, meter, calls[PROFILE], db)
    reference = statistics.median(r.cpu_us for r in found["wiredclient create"])
    for name, results in found.items():
        cpu = statistics.median(r.cpu_us for r in results)
        database = statistics.median(r.database_us for r in results)
        beside = f" + database {database:5.0f} µs" if db.backend == "postgresql" else ""
        lines.append(
            f"  {backend:10} {name:26} server {cpu:6.0f} µs{beside}   {results[-1].statements:4.1f} statements   "
            f"server {cpu / reference:4.2f}× the Wired Client create"
        )
    await app.state.context.db.dispose()
    await db.dispose()
    return lines


def _counter(meter: Meter) -> Callable[..., None]:
    def count(*_args: Any) -> None:
        meter.statements += 1

    return count


async def _profile(http: httpx.AsyncClient, meter: Meter, call: Call, db: Database) -> None:
    """Where the request's CPU goes: cProfile timed by this process's CPU clock (waits on the database cost none)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    await _run(http, meter, call, 700_000, REQUESTS, db)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(
        r"clientbook|sqlalchemy/(orm|engine|sql)/|pydantic|fastapi|starlette", 70
    )
    stats.sort_stats("tottime").print_stats(40)


def main() -> None:
    os.environ.update(ENV)
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    backends = os.environ.get("CLIENTBOOK_BENCH_BACKENDS", ",".join(backends)).split(",")
    print(f"One client create, CPU per request (median of {ROUNDS} alternating rounds of {REQUESTS}, in process)")
    for backend in backends:
        with fresh_database(backend) as url:
            migrate.upgrade(url)
            tenant = create_tenant(url, ENV)
            for line in asyncio.run(measure(backend, url, tenant)):
                print(line, flush=True)


if __name__ == "__main__":
    main()
