"""The `clientbook` command run in process (Typer's CliRunner) against the suite's migrated database.

In process, a command costs what it does, not a Python start and an import of every dialect's routes (seconds of CPU
each on the CI machine); `test_entry_point.py` runs the installed `clientbook` itself, once per command group."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

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


async def created_tenant(clientbook: Clientbook, name: str, *branches: str) -> dict[str, Any]:
    """The JSON `clientbook tenant create --name NAME [--branch B]... --json` prints."""
    options = [option for branch in branches for option in ("--branch", branch)]
    done = await clientbook("tenant", "create", "--name", name, *options, "--json")
    assert done.exit_code == 0, done.output
    made: dict[str, Any] = json.loads(done.stdout)
    return made
