"""`clientbook stores group-add | place | property-add --business ACCOUNT_NUMBER`: the store groups and store
properties the vendor APIs only read (CareCloud `store-groups`, `store-properties`)."""

from __future__ import annotations

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts, fields, store_groups, store_properties

from ._output import BUSINESS
from ._run import run

app = typer.Typer(help="Store groups and store properties.", no_args_is_help=True)


@app.command("group-add")
def group_add(name: str = typer.Argument(..., help="the group's name"), business: str = BUSINESS) -> None:
    """Add a store group (a location group)."""

    async def work(_context: Context, session: AsyncSession) -> int:
        tenant = await accounts.tenant_for(session, business, actor="cli")
        return (await store_groups.create(session, tenant, name)).id

    typer.echo(f"store group {name!r} added (id={run(work)})")


@app.command("place")
def place(
    store_id: int = typer.Argument(..., help="the store (branch) id"),
    group_id: int | None = typer.Argument(None, help="the group's id (none: take the store out of its group)"),
    business: str = BUSINESS,
) -> None:
    """Put a store in a group; a store is in at most one."""

    async def work(_context: Context, session: AsyncSession) -> None:
        tenant = await accounts.tenant_for(session, business, actor="cli")
        await store_groups.place(session, tenant, store_id, group_id)

    run(work)
    typer.echo(f"store {store_id} placed in group {group_id}" if group_id else f"store {store_id} is in no group")


@app.command("property-add")
def property_add(
    label: str = typer.Argument(..., help="the property's name"),
    business: str = BUSINESS,
    data_type: str = typer.Option("TEXT", "--type", help=f"one of {', '.join(fields.DATA_TYPES)}"),
    choices: list[str] = typer.Option([], "--choice", help="a value a LIST property may take (repeatable)"),
    required: bool = typer.Option(False, "--required", help="every store should have a value"),
) -> None:
    """Add a store property."""
    new = fields.NewField(
        label=label, data_type=data_type.upper(), required=required, options={"choices": choices} if choices else None
    )

    async def work(_context: Context, session: AsyncSession) -> int:
        tenant = await accounts.tenant_for(session, business, actor="cli")
        return (await store_properties.create_property(session, tenant, new)).id

    typer.echo(f"store property {label!r} added (id={run(work)})")
