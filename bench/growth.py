"""Plan cliffs while the tables grow (issue 15.6): a fresh database filled from empty through the API, with nothing
run by hand (no ANALYZE, no VACUUM), listing, counting and writing as it grows. Run:
`python -m bench.growth [CLIENTS]` (also part of `make bench`; PostgreSQL only: SQLite plans need no statistics).

Each step creates CLIENTS / STEPS clients through TimeTap (concurrency 8), then times each probe sequentially. The
slowest request of each operation over the whole growth is printed beside its steady-state p50 (the p50 of the last
third of the steps, when the tables are largest): a plan made for the empty tables that outlives them shows as a
max many times the steady p50 (the issue's finding: 38 → 8 rps within three steps, slowest request 12 s). Beside the
wall times, which the shared machine makes noisy, the server's and PostgreSQL's CPU per probe request.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench._load import drive
from bench._server import Server, _cpu_seconds, fresh_database, postgres_available, running_server
from bench.timetap import signature

CLIENTS = int(next((a for a in sys.argv[1:] if a.isdigit()), "12000"))  # bench.throughput imports this module
STEPS = 12
REPEAT = 8  # probes of each operation per step
CLIFF = 10.0  # the target: no request slower than this many times its steady p50
CARECLOUD = "/carecloud/enterprise-interface/v1.0"


@dataclass
class Probe:
    path: str
    params: dict[str, Any]
    headers: dict[str, str]
    latencies: list[list[float]] = field(default_factory=list)  # per step, ms


def _probes(tenant: dict[str, Any], timetap: str, carecloud: str) -> dict[str, Probe]:
    tt = {"Authorization": f"Bearer {timetap}"}
    cc = {"Authorization": f"Bearer {carecloud}"}
    base = "/timetap/live"
    return {
        "TimeTap list page 1 (25, by fullName)": Probe(
            f"{base}/clients", {"pageSize": 25, "order_field": "fullName"}, tt
        ),
        "TimeTap list page 20 (25, by fullName)": Probe(
            f"{base}/clients", {"pageSize": 25, "pageNumber": 20, "order_field": "fullName"}, tt
        ),
        "TimeTap search (report searchTerm)": Probe(f"{base}/clientList/report", {"searchTerm": "grow0042"}, tt),
        "TimeTap /clients/count": Probe(f"{base}/clients/count", {}, tt),
        "TimeTap reportCount statusList=Active": Probe(f"{base}/clientList/reportCount", {"statusList": "Active"}, tt),
        "TimeTap reportWithCount (50, by email)": Probe(
            f"{base}/clientList/reportWithCount", {"pageSize": 50, "order_field": "emailAddress"}, tt
        ),
        "CareCloud customers (limit 25)": Probe(f"{CARECLOUD}/customers", {"count": 25}, cc),
        "CareCloud customers by email": Probe(f"{CARECLOUD}/customers", {"email": "grow42@growth.example"}, cc),
    }


def sessions(server: Server) -> tuple[str, str]:
    """A TimeTap session token and a CareCloud enterprise bearer token for the server's tenant."""
    keys = server.tenant["credentials"]["timetap"]
    cc = server.tenant["credentials"]["carecloud"]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        timetap = http.get(
            "/timetap/live/sessionToken",
            params={"apiKey": keys["api_key"], "signature": signature(keys["api_key"], keys["private_key"])},
        ).json()["sessionToken"]
        login = {"user_external_application_id": cc["external_application_id"], "login": cc["login"]}
        answer = http.post(f"{CARECLOUD}/users/actions/login", json={**login, "password": cc["password"]})
        carecloud = answer.json()["data"]["bearer_token"]
    return timetap, carecloud


def _create_body(n: int) -> bytes:
    body = {
        "firstName": f"Grow{n:04d}",
        "lastName": f"Client{n % 97}",
        "emailAddress": f"grow{n}@growth.example",
        "cellPhone": f"+1 646 {200 + n // 10000:03d} {n % 10000:04d}",
    }
    return json.dumps(body).encode()


def _database_pids(url: str) -> list[int]:
    query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    out = subprocess.run(["psql", url, "-Atc", query], check=True, capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


@dataclass
class Growth:
    probes: dict[str, Probe]
    creates: list[list[float]] = field(default_factory=list)  # per step, ms
    cpu_ms: list[float] = field(default_factory=list)  # per step: server + PostgreSQL CPU per probe request

    def lines(self) -> list[str]:
        steady_from = STEPS - STEPS // 3
        out = [f"  {'operation':<40} {'max ms':>8} {'steady p50':>10} {'max/p50':>8}   slowest at step"]
        rows: list[tuple[str, list[list[float]]]] = [(n, p.latencies) for n, p in self.probes.items()]
        rows.append(("TimeTap create (concurrency 8)", self.creates))
        for name, steps in rows:
            steady = statistics.median(x for step in steps[steady_from:] for x in step)
            worst = max(max(step) for step in steps)
            at = next(i for i, step in enumerate(steps) if max(step) == worst) + 1
            flag = "" if worst <= CLIFF * steady else f"   over {CLIFF:.0f}×"
            out.append(f"  {name:<40} {worst:8.1f} {steady:10.1f} {worst / steady:7.1f}×   {at:>2}/{STEPS}{flag}")
        cpu = "  CPU per probe request (server + PostgreSQL), by step: "
        out.append(cpu + " ".join(f"{ms:.1f}" for ms in self.cpu_ms) + " ms")
        return out


def _time(http: httpx.Client, probe: Probe) -> list[float]:
    found = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        http.get(probe.path, params=probe.params, headers=probe.headers).raise_for_status()
        found.append((time.perf_counter() - started) * 1000)
    return found


def grow(server: Server, per_step: int) -> Growth:
    timetap, carecloud = sessions(server)
    growth = Growth(_probes(server.tenant, timetap, carecloud))
    headers = {"Authorization": f"Bearer {timetap}"}
    ok: Callable[[int, int, bytes], bool] = lambda _n, status, _body: status == 200  # noqa: E731
    with httpx.Client(base_url=server.url, timeout=120) as http:
        for step in range(STEPS):
            created = asyncio.run(
                drive(
                    server.url,
                    "/timetap/live/clients",
                    _create_body,
                    concurrency=8,
                    seconds=600,
                    max_requests=per_step,
                    first=step * per_step,
                    ok=ok,
                    headers=headers,
                )
            )
            if created.errors:
                raise RuntimeError(f"{created.errors} creates failed at step {step + 1}")
            growth.creates.append([x * 1000 for x in created.latencies])
            pids = _database_pids(server.database_url)
            cpu = server.cpu_seconds() + sum(_cpu_seconds(p) for p in pids)
            for probe in growth.probes.values():
                probe.latencies.append(_time(http, probe))
            used = server.cpu_seconds() + sum(_cpu_seconds(p) for p in pids) - cpu
            growth.cpu_ms.append(used / (REPEAT * len(growth.probes)) * 1000)
            print(f"    step {step + 1}/{STEPS}: {(step + 1) * per_step:,} clients", flush=True)
    return growth


def main() -> None:
    if not postgres_available():
        print("postgresql: not reachable, skipped")
        return
    per_step = CLIENTS // STEPS
    print(f"PostgreSQL from empty to {per_step * STEPS:,} clients through TimeTap creates, no ANALYZE by hand")
    env = {"CLIENTBOOK_RUN_WORKER": "false"}
    with fresh_database("postgresql") as url, running_server(url, env) as server:
        growth = grow(server, per_step)
    for line in growth.lines():
        print(line, flush=True)


if __name__ == "__main__":
    main()
