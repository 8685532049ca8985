"""Real `clientbook` processes on a fresh database of the test's backend, for crash and end-to-end tests."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clientbook.cli.tenant import _create as create_tenant_with_credentials
from clientbook.context import Context
from clientbook.core import tenants
from clientbook.store import migrate
from clientbook.store.engine import Database
from tests.conftest import POSTGRES_URL, SECRET_KEY, _create_postgres_database

CLIENTBOOK = shutil.which("clientbook", path=str(Path(sys.executable).parent)) or "clientbook"


@dataclass
class FreshDatabase:
    url: str
    db: Database

    async def make_tenant(self, context: Context, **kwargs: Any) -> dict[str, Any]:
        async with self.db.transaction() as session:
            new = tenants.NewBusiness(name="Crash Practice", branches=["Main"], **kwargs)
            return await create_tenant_with_credentials(context, session, new)


@asynccontextmanager
async def fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[FreshDatabase]:
    """A database of its own, migrated, so a worker process there meets no other test's messages."""
    if backend == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'fresh.db'}", None
    else:
        assert POSTGRES_URL
        url, drop = await _create_postgres_database(POSTGRES_URL)
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url, pool_size=4)
    try:
        yield FreshDatabase(url, db)
    finally:
        await db.dispose()
        if drop is not None:
            await drop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`clientbook ARGS` with `env` added to ours, its output in `log`."""
    environment = {**os.environ, "CLIENTBOOK_SECRET_KEY": SECRET_KEY, **env}
    with log.open("ab") as output:
        return subprocess.Popen([CLIENTBOOK, *args], env=environment, stdout=output, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
