"""Run one core operation in its own transaction (CLI edge: open, commit, close), and report refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core.errors import ClientbookError, ValidationFailed
from clientbook.store.engine import Database

T = TypeVar("T")


def in_transaction(work: Callable[[Context, object], Awaitable[T]], settings: Settings | None = None) -> T:
    settings = settings or Settings()

    async def run() -> T:
        database = Database(settings.database_url, pool_size=1)
        try:
            async with database.transaction() as session:
                return await work(Context(settings=settings, db=database), session)
        finally:
            await database.dispose()

    return asyncio.run(run())


def fail(error: ClientbookError) -> NoReturn:
    """Print a core refusal (every field it names) to stderr and exit 2."""
    if isinstance(error, ValidationFailed):
        typer.echo("error: " + "; ".join(e.message for e in error.errors), err=True)
    else:
        typer.echo(f"error: {error.message}", err=True)
    raise typer.Exit(2) from error


def run(work: Callable[[Context, AsyncSession], Awaitable[T]], settings: Settings | None = None) -> T:
    """`work` in one transaction, committed when it returns; a core refusal exits 2 with nothing written."""

    async def typed(context: Context, session: object) -> T:
        assert isinstance(session, AsyncSession)
        return await work(context, session)

    try:
        return in_transaction(typed, settings)
    except ClientbookError as error:
        fail(error)
