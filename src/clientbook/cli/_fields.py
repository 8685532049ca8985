"""`… add LABEL`: the one command that adds a custom field, for customers (customer-properties) or stores."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import fields
from clientbook.core.types import Tenant
from clientbook.store.models import FieldDefinition

from ._output import BUSINESS
from ._run import run_for

Create = Callable[[AsyncSession, Tenant, fields.NewField], Awaitable[FieldDefinition]]


def add_command(app: typer.Typer, name: str, noun: str, create: Create) -> None:
    """Register `name` on `app`: add a `noun` property with `create`, printing its id."""

    @app.command(name, help=f"Add a {noun} property.")
    def add(
        label: str = typer.Argument(..., help="the property's name"),
        business: str = BUSINESS,
        data_type: str = typer.Option("TEXT", "--type", help=f"one of {', '.join(fields.DATA_TYPES)}"),
        choices: list[str] = typer.Option([], "--choice", help="a value a LIST property may take (repeatable)"),
        required: bool = typer.Option(False, "--required", help=f"every {noun} should have a value"),
    ) -> None:
        options: dict[str, object] | None = {"choices": choices} if choices else None
        new = fields.NewField(label=label, data_type=data_type.upper(), required=required, options=options)

        async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> int:
            return (await create(session, tenant, new)).id

        typer.echo(f"{noun} property {label!r} added (id={run_for(business, work)})")
