"""The `clientbook` command run in process (Typer's CliRunner) against the suite's migrated database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from clientbook.cli import app
from clientbook.config import Settings

Clientbook = Callable[..., Awaitable[Result]]


@pytest.fixture
def clientbook(settings: Settings) -> Clientbook:
    """`await clientbook("tenant", "list", input=...)`: the command's result. It runs in a thread, since the CLI runs
    its own event loop; with the suite's secret key, so what it issues works against the `http` fixture's app."""
    env = {"CLIENTBOOK_DATABASE_URL": settings.database_url, "CLIENTBOOK_SECRET_KEY": settings.secret_key}

    async def invoke(*args: str, input: str | None = None) -> Result:
        def call() -> Result:
            return CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)

        return await asyncio.to_thread(call)

    return invoke


@dataclass(frozen=True)
class Finished:
    """A `clientbook` process's outcome, with the attribute names of Typer's Result."""

    exit_code: int
    stdout: str
    stderr: str


Process = Callable[..., Awaitable[Finished]]


@pytest.fixture
def clientbook_process(settings: Settings) -> Process:
    """`await clientbook_process("import", "clients", ...)`: the real command in its own process. The bulk loads
    run there, as an operator runs them beside a server: an SQLite file written by two connections of one process,
    one of them rewriting a trigger, is not a setup the CLI is meant for."""
    env = {
        **os.environ,
        "CLIENTBOOK_DATABASE_URL": settings.database_url,
        "CLIENTBOOK_SECRET_KEY": settings.secret_key,
    }

    async def run(*args: str, input: str | None = None) -> Finished:
        def call() -> subprocess.CompletedProcess[str]:
            command = [str(Path(sys.executable).parent / "clientbook"), *args]
            return subprocess.run(command, env=env, input=input, capture_output=True, text=True, timeout=900)

        done = await asyncio.to_thread(call)
        return Finished(done.returncode, done.stdout, done.stderr)

    return run
