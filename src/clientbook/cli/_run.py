"""Run one core operation in its own transaction (CLI edge: open, commit, close), and report refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import accounts
from clientbook.core.errors import ClientbookError, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store import migrate
from clientbook.store.engine import Database

T = TypeVar("T")


def require_schema(settings: Settings, *, upgrade: bool = False) -> None:
    """Refuse, in one line and exit 1, to work on a database that is not at the code's schema (issue 14 item 13: a
    server that starts on it logs errors forever, a command prints a traceback); with `upgrade`, migrate it first."""
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    if upgrade:
        before, _after = migrate.upgrade(settings.database_url)
        if before.pending:
            typer.echo(f"migrated {where}: {len(before.pending)} migration(s) applied", err=True)
        return
    found = migrate.status(settings.database_url)
    if found.pending:
        state = f"is {len(found.pending)} migration(s) behind" if found.current else "has no schema yet"
        typer.echo(f"error: the database {where} {state}: run `clientbook db upgrade` first", err=True)
        raise typer.Exit(1)


def in_transaction(work: Callable[[Context, object], Awaitable[T]], settings: Settings | None = None) -> T:
    settings = settings or Settings()
    require_schema(settings)

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


def run_for(
    business: str, work: Callable[[Context, AsyncSession, Tenant], Awaitable[T]], settings: Settings | None = None
) -> T:
    """`work` for the business numbered `business` (`--business`), acting as the CLI, in one transaction (`run`)."""

    async def for_tenant(context: Context, session: AsyncSession) -> T:
        tenant = await accounts.tenant_for(session, business, actor="cli")
        return await work(context, session, tenant)

    return run(for_tenant, settings)
