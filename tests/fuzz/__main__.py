"""`python -m tests.fuzz [--examples N] [--read-examples N] [--seed S]`: schemathesis against every dialect on a real
server.

For each dialect on each backend (SQLite always, PostgreSQL when CLIENTBOOK_TEST_POSTGRES_URL is set) it migrates a
fresh database, creates a business with `clientbook tenant create --json`, starts `clientbook serve`, signs in the way
the dialect's integrators do, and runs schemathesis with a fixed seed and a bounded number of cases per operation
(fewer fuzzing-phase cases for a GET than for a write: see Budget) against the document the dialect serves. A run
fails on any 5xx, any response that violates its documented schema, and any status the document does not list. It
prints the cases run per dialect and backend.

Each (backend, dialect) pair is a job of its own, with its own database, business, server and port, so jobs share
nothing and run side by side (`--jobs` at once, the dialects with the most operations first): one schemathesis
stream keeps well under one core busy, since it and its server take turns and each waits on the other. A server
never sees two clients at once, so SQLite's single writer is never contended.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from clientbook.dialects.registry import DIALECTS as REGISTERED
from tests.conftest import POSTGRES_URL, _create_postgres_database
from tests.servers import CLIENTBOOK, cli, serving

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@dataclass(frozen=True)
class Target:
    dialect: str
    mount: str
    headers: dict[str, str]
    body_auth: dict[str, str] | None = None


def _targets(base: str, credentials: dict[str, Any], branch_number: str) -> list[Target]:
    """Each dialect signed in as its integrators are (seeds 000–003), the native API with its bearer token."""
    wired = credentials["wiredclient"]
    timetap = credentials["timetap"]
    stamp = str(int(time.time()))
    signature = hashlib.md5((timetap["api_key"] + timetap["private_key"]).encode()).hexdigest()
    session = httpx.get(
        f"{base}/timetap/live/sessionToken",
        params={"apiKey": timetap["api_key"], "timestamp": stamp, "signature": signature},
    ).json()["sessionToken"]
    carecloud = credentials["carecloud"]
    login = httpx.post(
        f"{base}/carecloud/enterprise-interface/v1.0/users/actions/login",
        json={
            "user_external_application_id": carecloud["external_application_id"],
            "login": carecloud["login"],
            "password": carecloud["password"],
        },
    ).json()["data"]["bearer_token"]
    return [
        Target("wiredclient", "/wiredclient", {}, {**wired, "account_number": branch_number}),
        Target("timetap", "/timetap/live", {"Authorization": f"Bearer {session}"}),
        Target(
            "webcamconsult", "/webcamconsult", {"Authorization": f"Token token={credentials['webcamconsult']['token']}"}
        ),
        Target("carecloud", "/carecloud/enterprise-interface/v1.0", {"Authorization": f"Bearer {login}"}),
        Target("clientbook", "/api/v1", {"Authorization": f"Bearer {credentials['clientbook']['token']}"}),
    ]


@dataclass(frozen=True)
class Budget:
    """How many cases the fuzzing phase draws per operation: `examples` for the operations that write, `reads` for
    GET. The examples and coverage phases run whole for every operation either way (the coverage phase, about 85% of
    CareCloud's cases, is not bounded by --max-examples: it derives its cases from each schema)."""

    examples: int
    reads: int


def _config(budget: Budget) -> str:
    """schemathesis.toml for one run (CLI options would override every per-operation setting, so none is one)."""
    return (
        f"generation.max-examples = {budget.examples}\n"
        "\n[[operations]]\n"
        'include-method = "GET"\n'
        f"generation.max-examples = {budget.reads}\n"
    )


def _run(base: str, target: Target, budget: Budget, seed: int, log: Path) -> tuple[int, int, str]:
    """(cases generated, failures, summary) of one schemathesis run."""
    config = log.with_suffix(".toml")
    config.write_text(_config(budget))
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(config),
        "run",
        f"{base}{target.mount.split('/enterprise-interface')[0]}/openapi.json",
        "--url",
        f"{base}{target.mount}",
        "--checks",
        CHECKS,
        "--seed",
        str(seed),
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "20",
    ]
    for name, value in target.headers.items():
        command += ["--header", f"{name}: {value}"]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
        "CLIENTBOOK_FUZZ_BODY_AUTH": json.dumps(target.body_auth or {}),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    log.write_text(done.stdout + done.stderr)
    summary = re.search(r"(\d+) generated(?:, (\d+) found (\d+) unique failures)?.*", done.stdout)
    generated = int(summary.group(1)) if summary else 0
    failures = int(summary.group(3) or 0) if summary else -1
    if done.returncode != 0 and failures == 0:
        failures = -1  # schemathesis itself failed: no summary of failures to read
    return generated, failures, summary.group(0) if summary else done.stdout[-500:]


# The order jobs start in: the longest first (CareCloud has about half of all cases), so the last to finish is short.
DIALECTS = ("carecloud", "timetap", "wiredclient", "webcamconsult", "clientbook")
JOBS = 4  # on 2 cores: four streams of well under a core each keep both busy

Result = tuple[str, str, int, int, str]


async def _database(backend: str, path: Path) -> tuple[str, Any]:
    if backend == "sqlite":
        return f"sqlite:///{path}", None
    assert POSTGRES_URL
    return await _create_postgres_database(POSTGRES_URL)


def fuzz_one(backend: str, dialect: str, budget: Budget, seed: int, folder: Path) -> Result:
    """(backend, dialect, cases, failures, log) of schemathesis against `dialect` on a fresh database of `backend`."""
    job = f"{backend}-{dialect}"
    url, drop = asyncio.run(_database(backend, folder / f"{job}.db"))
    env = {"CLIENTBOOK_DATABASE_URL": url, "CLIENTBOOK_RUN_WORKER": "false", "CLIENTBOOK_RATE_LIMIT": "1000000/minute"}
    try:
        assert cli(env, "db", "upgrade").returncode == 0
        created = cli(env, "tenant", "create", "--name", "Fuzz Practice", "--branch", "Main", "--json")
        assert created.returncode == 0, created.stderr
        tenant = json.loads(created.stdout)
        with serving(env, folder / f"server-{job}.log") as server:
            targets = _targets(server.url, tenant["credentials"], tenant["branches"][0]["account_number"])
            served = {served.name for served in REGISTERED}
            assert {target.dialect for target in targets} == set(DIALECTS) == served, "every dialect is fuzzed"
            [target] = [target for target in targets if target.dialect == dialect]
            log = folder / f"schemathesis-{job}.log"
            generated, failures, summary = _run(server.url, target, budget, seed, log)
        print(f"fuzz {backend:10} {dialect:14} {generated:6} cases  {failures} failures  ({summary})", flush=True)
        return backend, dialect, generated, failures, str(log)
    finally:
        if drop is not None:
            asyncio.run(drop())


def _outcome(job: tuple[str, str], run: Future[Result]) -> Result:
    """The job's result; one that could not start (its database, business or server) counts as a failed run."""
    try:
        return run.result()
    except Exception as error:
        backend, dialect = job
        print(f"fuzz {backend:10} {dialect:14} did not run: {error!r}", flush=True)
        return backend, dialect, 0, -1, ""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("CLIENTBOOK_FUZZ_EXAMPLES", "10")),
        help="fuzzing-phase cases per operation that writes (10)",
    )
    parser.add_argument(
        "--read-examples",
        type=int,
        default=int(os.environ.get("CLIENTBOOK_FUZZ_READ_EXAMPLES", "3")),
        help="fuzzing-phase cases per GET operation (3)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="where the logs go (default: a temporary folder)")
    parser.add_argument("--dialect", action="append", choices=DIALECTS, help="only this dialect (repeatable)")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"], help="only this backend")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"(backend, dialect) pairs fuzzed at once ({JOBS})")
    args = parser.parse_args()
    assert Path(CLIENTBOOK).exists() or CLIENTBOOK == "clientbook"
    folder = args.dir or Path(tempfile.mkdtemp(prefix="clientbook-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    backends = args.backend or (["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"])
    dialects = [dialect for dialect in DIALECTS if dialect in (args.dialect or DIALECTS)]
    jobs = [(backend, dialect) for dialect in dialects for backend in backends]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        budget = Budget(examples=args.examples, reads=args.read_examples)
        runs = [pool.submit(fuzz_one, backend, dialect, budget, args.seed, folder) for backend, dialect in jobs]
        results = [_outcome(job, run) for job, run in zip(jobs, runs, strict=True)]
    failed = [row for row in results if row[3] != 0]
    total = sum(row[2] for row in results)
    print(f"fuzz: {total} cases over {len(results)} runs, {len(failed)} failing; logs in {folder}")
    for backend, dialect, _generated, failures, log in failed:
        print(f"  FAILED {backend} {dialect}: {failures} failures, see {log}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
