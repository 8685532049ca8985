"""`clientbook loyalty reward-types list | rename --business ACCOUNT_NUMBER`: the business's names for the reward
types. Not `add`: a reward type is a rule of the core (core/reward_types.BEHAVIOURS), one per behaviour."""

from __future__ import annotations

from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import reward_types
from clientbook.core.types import Tenant

from ._output import AS_JSON, BUSINESS, print_rows
from ._run import run_for

app = typer.Typer(help="The business's reward types (one per behaviour).", no_args_is_help=True)


@app.command("list")
def list_types(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
    """Every reward type with the behaviour it stands for."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        found = await reward_types.list_all(session, tenant)
        return [{"id": t.id, "name": t.name, "behaviour": t.behaviour} for t in found]

    found = run_for(business, work)
    print_rows(found, as_json, ("id", "name", "behaviour"), lambda row: (str(row["id"]), row["name"], row["behaviour"]))


@app.command("rename")
def rename(
    record_id: int = typer.Argument(..., help="the reward type's id"),
    name: str = typer.Argument(..., help="the new name"),
    business: str = BUSINESS,
) -> None:
    """Rename a reward type (its id and behaviour stay)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await reward_types.rename(session, tenant, record_id, name)

    run_for(business, work)
    typer.echo(f"reward type {record_id} renamed to {name!r}")
