"""`clientbook customer-properties add LABEL --business ACCOUNT_NUMBER`: a custom client field, which CareCloud
serves as a customer property (and TimeTap as a UDF scheduler field)."""

from __future__ import annotations

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts, fields

from ._run import run

app = typer.Typer(help="Customer properties (custom client fields).", no_args_is_help=True)


@app.command("add")
def add(
    label: str = typer.Argument(..., help="the property's name"),
    business: str = typer.Option(..., "--business", help="the business's account number"),
    data_type: str = typer.Option("TEXT", "--type", help=f"one of {', '.join(fields.DATA_TYPES)}"),
    choices: list[str] = typer.Option([], "--choice", help="a value a LIST property may take (repeatable)"),
    required: bool = typer.Option(False, "--required", help="every customer should have a value"),
) -> None:
    """Add a customer property."""
    new = fields.NewField(
        label=label, data_type=data_type.upper(), required=required, options={"choices": choices} if choices else None
    )

    async def work(_context: Context, session: AsyncSession) -> int:
        tenant = await accounts.tenant_for(session, business, actor="cli")
        return (await fields.create(session, tenant, new)).id

    typer.echo(f"customer property {label!r} added (id={run(work)})")
