"""`clientbook sms retry | unmatched`: the outbox's failures and the inbound messages nobody claimed."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import messages_outbox
from clientbook.core.types import Tenant

from ._run import run, run_for

app = typer.Typer(help="SMS delivery.", no_args_is_help=True)


@app.command("retry")
def retry(
    message_id: int = typer.Argument(..., help="the failed message's id"),
    business: str = typer.Option(..., "--business", help="the business's account number"),
) -> None:
    """Queue a failed outbound message again (due now, its attempts counted afresh)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> str:
        return (await messages_outbox.retry(session, tenant, message_id)).to_number

    to_number = run_for(business, work)
    typer.echo(f"message {message_id} to {to_number} queued again")


@app.command("unmatched")
def unmatched(
    limit: int = typer.Option(50, "--limit", min=1, help="how many, newest first"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """Inbound messages no business claimed: to a number no business owns, from a number of none or several."""

    async def work(_context: Context, session: AsyncSession) -> list[dict[str, object]]:
        return [
            {
                "id": m.id,
                "received_at": m.received_at.isoformat(),
                "from": m.from_number,
                "to": m.to_number,
                "candidate_businesses": m.candidate_businesses,
                "body": m.body,
            }
            for m in await messages_outbox.unmatched(session, limit=limit)
        ]

    found = run(work)
    if as_json:
        for row in found:
            typer.echo(json.dumps(row))
        return
    table = Table("id", "received", "from", "to", "candidates", "body", box=None)
    for row in found:
        table.add_row(*(str(row[k]) for k in ("id", "received_at", "from", "to", "candidate_businesses", "body")))
    Console().print(table)
