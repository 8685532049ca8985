"""Real servers on fresh databases for the benchmarks: a uvicorn subprocess on a free port, migrated by the CLI."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("CLIENTBOOK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass
class Server:
    url: str
    database_url: str
    tenant: dict[str, Any]
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server has used so far, its worker processes included."""
        return sum(_cpu_seconds(pid) for pid in _process_tree(self.process.pid))

    def runnable_seconds(self) -> float:
        """Time the server's threads (its worker processes' too) have spent runnable but waiting for a CPU so far:
        on a shared machine, what keeps a server that is not waiting on anything of its own below one core."""
        return sum(_waited_seconds(pid) for pid in _process_tree(self.process.pid))


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, after the command name


def _waited_seconds(pid: int) -> float:
    """Run-queue wait of every thread of `pid` (the second field of /proc/<pid>/task/<tid>/schedstat, in ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn --workers N runs N children)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _process_tree(int(child))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def postgres_available() -> bool:
    try:
        import asyncpg  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    result = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False)
    return result.returncode == 0


@contextlib.contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """A new empty database: a SQLite file in a temp dir, or a new PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="clientbook-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"clientbook_bench_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_URL
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=False)


@contextlib.contextmanager
def kept_or_fresh(backend: str, database: str | None) -> Iterator[str]:
    """The database named (kept, so the next run can reuse what this one loaded), or a fresh one."""
    if database is not None:
        yield database
        return
    with fresh_database(backend) as url:
        yield url


# What a bench loaded into a kept database (its tenant's credentials, what it built), so a run at 1,000,000 clients
# loads them once: one row per bench, outside the schema the migrations own.
_KEPT = "bench_kept_data_sets"


async def kept(url: str, bench: str) -> dict[str, Any] | None:
    """What `keep` stored for `bench` in the database at `url`, or None."""
    from sqlalchemy import text

    from clientbook.store.engine import Database

    db = Database(url)
    try:
        async with db.transaction() as session:
            await session.execute(text(f"CREATE TABLE IF NOT EXISTS {_KEPT} (bench TEXT PRIMARY KEY, payload TEXT)"))
            payload = await session.scalar(text(f"SELECT payload FROM {_KEPT} WHERE bench = :b"), {"b": bench})
        return None if payload is None else dict(json.loads(payload))
    finally:
        await db.dispose()


async def keep(url: str, bench: str, payload: dict[str, Any]) -> None:
    from sqlalchemy import text

    from clientbook.store.engine import Database

    db = Database(url)
    try:
        async with db.transaction() as session:
            statement = text(f"INSERT INTO {_KEPT} (bench, payload) VALUES (:b, :p)")
            await session.execute(statement, {"b": bench, "p": json.dumps(payload)})
    finally:
        await db.dispose()


def _env(database_url: str, extra: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "CLIENTBOOK_DATABASE_URL": database_url,
        "CLIENTBOOK_SECRET_KEY": "bench-secret",
        "CLIENTBOOK_RATE_LIMIT": "100000000/minute",
        **extra,
    }


def create_tenant(database_url: str, extra_env: dict[str, str] | None = None, *args: str) -> dict[str, Any]:
    env = _env(database_url, extra_env or {})
    out = subprocess.run(
        [str(BIN / "clientbook"), "tenant", "create", "--name", "Bench Practice", "--branch", "Main", "--json", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tenant: dict[str, Any] = json.loads(out)
    return tenant


def migrate(database_url: str, extra_env: dict[str, str] | None = None) -> None:
    env = _env(database_url, extra_env or {})
    subprocess.run([str(BIN / "clientbook"), "db", "upgrade"], env=env, check=True, capture_output=True)


@contextlib.contextmanager
def running_server(
    database_url: str,
    extra_env: dict[str, str] | None = None,
    *,
    workers: int = 1,
    tenant: dict[str, Any] | None = None,
) -> Iterator[Server]:
    """Migrate `database_url`, create a tenant (unless given one the database already holds), and serve it on a free
    port until the block ends."""
    env = _env(database_url, extra_env or {})
    migrate(database_url, extra_env)
    tenant = tenant or create_tenant(database_url, extra_env)
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "uvicorn"),
            "clientbook.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded machine takes over 30 s to import the app
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("server did not start")
            time.sleep(0.1)
        yield Server(url, database_url, tenant, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
