"""`clientbook statuses list | set TEXT_ID --business ACCOUNT_NUMBER`: the business's loyalty tiers and what earns
them, the configuration of the rule `core/status_records.recalculate` applies after each purchase."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import statuses
from clientbook.core.statuses import TierChanges
from clientbook.core.types import Tenant
from clientbook.store.models.statuses import Status

from ._output import AS_JSON, BUSINESS, Row, print_rows
from ._run import run_for

app = typer.Typer(help="Customer statuses (loyalty tiers) and what earns them.", no_args_is_help=True)


def _row(status: Status) -> dict[str, Any]:
    return {
        "id": status.id,
        "text_id": status.text_id,
        "name": status.name,
        "rank": status.rank,
        "qualification": status.qualification,
        "turnover": str(Decimal(status.qualification_turnover) / statuses.CENTS),
        "currency": status.currency,
        "qualification_months": status.qualification_months,
        "validity_months": status.validity_months,
        "discount": status.discount,
    }


@app.command("list")
def list_statuses(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
    """Every tier, lowest rank first."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        return [_row(s) for s in await statuses.list_all(session, tenant)]

    found = run_for(business, work)

    def cells(row: Row) -> Sequence[str]:
        earned = f"{row['turnover']} {row['currency']}" if row["qualification"] == statuses.TURNOVER else ""
        within = f"{row['qualification_months']} months" if row["qualification_months"] else "ever"
        held = f"{row['validity_months']} months" if row["validity_months"] else "no end"
        cells = (row["text_id"], row["name"], str(row["rank"]), row["qualification"], earned, within, held)
        return (*cells, f"{row['discount']} %")

    print_rows(
        found, as_json, ("text id", "name", "rank", "earned by", "turnover", "within", "held for", "discount"), cells
    )


@app.command("set")
def set_status(
    text_id: str = typer.Argument(..., help="the tier's text id (basic, silver, gold, …)"),
    business: str = BUSINESS,
    name: str | None = typer.Option(None, "--name"),
    qualification: str | None = typer.Option(None, "--qualification", help="base, manual or turnover"),
    turnover: Decimal | None = typer.Option(None, "--turnover", help="purchases that earn the tier"),
    currency: str | None = typer.Option(None, "--currency", help="ISO 4217 code of the turnover"),
    months: int | None = typer.Option(None, "--months", help="the qualification period: purchases of the last N"),
    validity_months: int | None = typer.Option(None, "--validity-months", help="how long the tier is held"),
    discount: int | None = typer.Option(None, "--discount", help="the tier's discount in percent"),
    rank: int | None = typer.Option(None, "--rank", help="higher ranks are better tiers"),
) -> None:
    """Change what earns a tier and for how long it is held; what is not given stays as it is."""
    changes = TierChanges(
        name=name,
        qualification=qualification,
        turnover=turnover,
        currency=currency,
        qualification_months=months,
        validity_months=validity_months,
        discount=discount,
        rank=rank,
    )

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> dict[str, Any]:
        return _row(await statuses.configure(session, tenant, text_id, changes))

    typer.echo(json.dumps(run_for(business, work)))
