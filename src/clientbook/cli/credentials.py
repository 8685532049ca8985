"""`clientbook credentials rotate`: new secrets for a business's dialect credentials, the old ones kept for a grace."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts
from clientbook.dialects.registry import DIALECTS
from clientbook.store.models import utcnow

from ._run import run

app = typer.Typer(help="API credentials of the dialects.", no_args_is_help=True)

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> timedelta:
    """`24h`, `90m`, `2d`, `30s`, `0` (a number alone is seconds)."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text.lower())
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a duration like 24h, 90m, 2d or 0")
    return timedelta(**{_UNITS[match.group(2) or "s"]: int(match.group(1))})


@app.command("rotate")
def rotate(
    account_number: str = typer.Argument(..., help="the business's account number"),
    dialect: str = typer.Option(..., "--dialect", help="whose credentials: " + ", ".join(d.name for d in DIALECTS)),
    grace: str = typer.Option(
        "24h", "--grace", help="how long the old secret keeps working (e.g. 24h, 90m, 0 to end it now)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the new credentials as one JSON object"),
) -> None:
    """New secrets for one dialect's credentials (key ids stay), printed once; the old secrets keep working for the
    grace period, so integrations can switch without downtime. Rotating again within the grace ends the older one."""
    chosen = next((d for d in DIALECTS if d.name == dialect), None)
    if chosen is None or chosen.rotate_credentials is None:
        raise typer.BadParameter(f"unknown dialect {dialect!r}", param_hint="--dialect")
    rotate_credentials = chosen.rotate_credentials
    period = parse_duration(grace)
    now = utcnow()

    async def work(context: Context, session: AsyncSession) -> dict[str, str]:
        tenant = await accounts.tenant_for(session, account_number, "account_number", actor="cli")
        return await rotate_credentials(session, context, tenant.business_id, period, now)

    issued = run(work)
    if as_json:
        typer.echo(json.dumps({dialect: issued}))
        return
    typer.echo(f"new {dialect} credentials (shown once):")
    typer.echo("  " + "  ".join(f"{k}={v}" for k, v in issued.items()))
    until = now + period
    if period:
        typer.echo(f"the previous secret keeps working until {until:%Y-%m-%d %H:%M:%S} UTC")
    else:
        typer.echo("the previous secret no longer works")
