"""The `clientbook` command run in process (Typer's CliRunner) against the suite's migrated database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

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
