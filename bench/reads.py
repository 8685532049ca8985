"""Client reads in every dialect that has them, as server CPU per request against a reference: `python -m bench.reads`
(also part of `make bench`). Issue 15.1: every dialect's get and list within 1.25x of the cheapest dialect's, and each
at >= 50% of its reference.

The same N clients (bench.timetap.load: tags, notes, a custom field, appointments) in a fresh SQLite database, and in a
fresh PostgreSQL one when reachable; one uvicorn process with the references mounted (`/_bench/reads/<dialect>`,
src/clientbook/bench_ceiling.py: the same JSON bytes from the fewest Core statements, no ORM, no routing). Each
dialect's get by id and first page of 50 are timed sequentially in alternating rounds with its reference; the server's
CPU over the round (time.process_time() in the server, its threads included, read from /_bench/cpu) divided by the
requests is the cost, the median of the rounds is printed. Wired Client has no client reads: its API only upserts
clients.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import statistics
import sys
from dataclasses import dataclass

import httpx

from bench._server import Server, fresh_database, postgres_available, running_server
from bench.timetap import Dataset, load, signature
from clientbook.store.engine import Database

CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
PAGE = 50
ROUNDS = 5
REQUESTS = {"get": 100, "list": 30}  # per case and round
# no background worker: its polling would count in the server CPU measured
ENV = {"CLIENTBOOK_BENCH_CEILING": "1", "CLIENTBOOK_RUN_WORKER": "false"}
CARECLOUD = "/carecloud/enterprise-interface/v1.0"


@dataclass
class Case:
    dialect: str
    op: str
    path: str  # with {id} and {hex} for a get
    reference: str
    headers: dict[str, str]


def _cases(client: httpx.Client, server: Server) -> list[Case]:
    credentials = server.tenant["credentials"]
    keys = credentials["timetap"]
    session = client.get(
        "/timetap/live/sessionToken",
        params={"apiKey": keys["api_key"], "signature": signature(keys["api_key"], keys["private_key"])},
    )
    tt = {"Authorization": f"Bearer {session.raise_for_status().json()['sessionToken']}"}
    care = credentials["carecloud"]
    login = client.post(
        f"{CARECLOUD}/users/actions/login",
        json={
            "user_external_application_id": care["external_application_id"],
            **{k: care[k] for k in ("login", "password")},
        },
    )
    cc = {"Authorization": f"Bearer {login.raise_for_status().json()['data']['bearer_token']}"}
    wc = {"Authorization": f"Token token={credentials['webcamconsult']['token']}"}
    return [
        Case("TimeTap", "get", "/timetap/live/clients/{id}", "/_bench/reads/timetap/{id}", tt),
        Case("CareCloud", "get", CARECLOUD + "/customers/{id}", "/_bench/reads/carecloud/{id}", cc),
        Case("Webcamconsult", "get", "/webcamconsult/clients/{hex}.json", "/_bench/reads/webcamconsult/{id}", wc),
        Case("TimeTap", "list", f"/timetap/live/clients?pageSize={PAGE}", f"/_bench/reads/timetap?limit={PAGE}", tt),
        Case("CareCloud", "list", f"{CARECLOUD}/customers?count={PAGE}", f"/_bench/reads/carecloud?limit={PAGE}", cc),
        Case(
            "Webcamconsult",
            "list",
            f"/webcamconsult/clients.json?page=1&per_page={PAGE}",
            f"/_bench/reads/webcamconsult?limit={PAGE}",
            wc,
        ),
    ]


def _server_cpu(client: httpx.Client) -> float:
    cpu: float = client.get("/_bench/cpu/").raise_for_status().json()["cpu"]
    return cpu


def _cpu_per_request(client: httpx.Client, template: str, case: Case, ids: list[int]) -> float:
    """Server CPU seconds per request over a round of REQUESTS[case.op] requests, the ids taken in turn."""
    turn = itertools.cycle(ids)
    started = _server_cpu(client)
    for _ in range(REQUESTS[case.op]):
        client_id = next(turn)
        client.get(template.format(id=client_id, hex=f"{client_id:024x}"), headers=case.headers).raise_for_status()
    return (_server_cpu(client) - started) / REQUESTS[case.op]


def _same_bytes(client: httpx.Client, case: Case, ids: list[int]) -> bool:
    for client_id in ids[:3]:
        answers = [
            client.get(t.format(id=client_id, hex=f"{client_id:024x}"), headers=case.headers).raise_for_status()
            for t in (case.path, case.reference)
        ]
        if answers[0].content != answers[1].content:
            return False
    return True


def run_backend(backend: str) -> None:
    with fresh_database(backend) as url, running_server(url, ENV) as server:
        data = asyncio.run(_load(Database(url), server.tenant["business"]["id"]))
        ids = list(range(data.needle_id - CLIENTS // 2, data.needle_id - CLIENTS // 2 + CLIENTS, max(1, CLIENTS // 97)))
        print(
            f"{backend}: {CLIENTS:,} clients; server CPU per request, median of {ROUNDS} alternating rounds", flush=True
        )
        with httpx.Client(base_url=server.url, timeout=60) as client:
            cases = _cases(client, server)
            same = {(c.dialect, c.op): _same_bytes(client, c, ids) for c in cases}
            mine: dict[tuple[str, str], list[float]] = {(c.dialect, c.op): [] for c in cases}
            bare: dict[tuple[str, str], list[float]] = {(c.dialect, c.op): [] for c in cases}
            for _ in range(ROUNDS):  # every case in every round, so a busy patch of the machine spreads over all
                for case in cases:
                    mine[case.dialect, case.op].append(_cpu_per_request(client, case.path, case, ids))
                    bare[case.dialect, case.op].append(_cpu_per_request(client, case.reference, case, ids))
        results = {key: (statistics.median(mine[key]), statistics.median(bare[key]), same[key]) for key in mine}
        print(f"  {'op':<10} {'dialect':<14} {'CPU ms':>7} {'/cheapest':>10} {'reference ms':>13} {'ref/dialect':>12}")
        for op, size in (("get", "get by id"), ("list", f"list of {PAGE}")):
            cheapest = min(found[0] for (_, o), found in results.items() if o == op)
            for (dialect, o), (cpu, reference, equal) in results.items():
                if o != op:
                    continue
                note = "" if equal else "   (bytes differ from the reference!)"
                print(
                    f"  {size:<10} {dialect:<14} {cpu * 1e3:7.2f} {cpu / cheapest:9.2f}x {reference * 1e3:13.2f}"
                    f" {reference / cpu:11.0%}{note}",
                    flush=True,
                )
        print("  Wired Client: no client reads (its API only upserts clients)")


async def _load(db: Database, business_id: int) -> Dataset:
    try:
        return await load(db, business_id, CLIENTS)
    finally:
        await db.dispose()


def main() -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    for backend in os.environ.get("CLIENTBOOK_BENCH_BACKENDS", ",".join(backends)).split(","):
        run_backend(backend)


if __name__ == "__main__":
    main()
