"""`clientbook stores group-add | place | property-add --business ACCOUNT_NUMBER`: the store groups and store
properties the vendor APIs only read (CareCloud `store-groups`, `store-properties`)."""

from __future__ import annotations

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import store_groups, store_properties
from clientbook.core.types import Tenant

from ._fields import add_command
from ._output import BUSINESS
from ._run import run_for

app = typer.Typer(help="Store groups and store properties.", no_args_is_help=True)


@app.command("group-add")
def group_add(name: str = typer.Argument(..., help="the group's name"), business: str = BUSINESS) -> None:
    """Add a store group (a location group)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> int:
        return (await store_groups.create(session, tenant, name)).id

    typer.echo(f"store group {name!r} added (id={run_for(business, work)})")


@app.command("place")
def place(
    store_id: int = typer.Argument(..., help="the store (branch) id"),
    group_id: int | None = typer.Argument(None, help="the group's id (none: take the store out of its group)"),
    business: str = BUSINESS,
) -> None:
    """Put a store in a group; a store is in at most one."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await store_groups.place(session, tenant, store_id, group_id)

    run_for(business, work)
    typer.echo(f"store {store_id} placed in group {group_id}" if group_id else f"store {store_id} is in no group")


add_command(app, "property-add", "store", store_properties.create_property)
