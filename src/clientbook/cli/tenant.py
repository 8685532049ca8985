from __future__ import annotations

import json
import shlex
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import tenant_overview, tenants
from clientbook.core.errors import ClientbookError
from clientbook.dialects.registry import DIALECTS
from clientbook.store.repositories.tenancy import BusinessRepository

from ._run import in_transaction, run

app = typer.Typer(help="Businesses (tenants) and their credentials.", no_args_is_help=True)


async def _create(context: Context, session: AsyncSession, new: tenants.NewBusiness) -> dict[str, Any]:
    business, branches = await tenants.create(session, new)
    credentials = {d.name: await d.issue_credentials(session, context, business.id) for d in DIALECTS}
    return {
        "business": {"id": business.id, "name": business.name, "account_number": business.account_number},
        "branches": [{"id": b.id, "name": b.name, "account_number": b.account_number} for b in branches],
        "credentials": credentials,
    }


@app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="the business's name"),
    branch: list[str] = typer.Option([], "--branch", help="a branch (repeatable)"),
    sms_number: str | None = typer.Option(None, "--sms-number", help="the business's own SMS number, +E164"),
    time_zone: str = typer.Option("UTC", "--time-zone", help="IANA time zone of the business"),
    region: str = typer.Option("US", "--region", help="default phone region (ISO 3166 alpha-2)"),
    handle: str | None = typer.Option(None, "--handle", help="a short name the login page takes (e.g. harbour-physio)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Create a business with its branches and one credential set per dialect (secrets are shown once)."""
    new = tenants.NewBusiness(
        name=name,
        branches=branch,
        sms_number=sms_number,
        time_zone=time_zone,
        default_region=region.upper(),
        handle=handle,
    )
    try:
        result = in_transaction(lambda ctx, s: _create(ctx, s, new))  # type: ignore[arg-type]
    except ClientbookError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(2) from error
    if as_json:
        typer.echo(json.dumps(result))
        return
    _print_tenant(result)


def _print_tenant(result: dict[str, Any]) -> None:
    business = result["business"]
    typer.echo(f"business {business['name']!r}  id={business['id']}  account_number={business['account_number']}")
    for branch in result["branches"]:
        typer.echo(f"  branch {branch['name']!r}  id={branch['id']}  account_number={branch['account_number']}")
    for dialect, values in result["credentials"].items():
        typer.echo(f"  {dialect}: " + "  ".join(f"{k}={v}" for k, v in values.items()))


def demo_curl(result: dict[str, Any], base_url: str) -> str:
    wired = result["credentials"]["wiredclient"]
    body = {
        **wired,
        "account_number": (result["branches"] or [result["business"]])[0]["account_number"],
        "id": 0,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "mobile_phone1": "+1 415 555 0100",
    }
    return (
        f"curl -s -X POST {base_url}/wiredclient/api/v1/client -H 'Content-Type: application/json' "
        f"-d {shlex.quote(json.dumps(body))}"
    )


async def _demo(context: Context, session: AsyncSession) -> dict[str, Any] | None:
    if await BusinessRepository(session).first() is not None:
        return None
    return await _create(context, session, tenants.NewBusiness(name="Demo Practice", branches=["Main Street"]))


def demo() -> None:
    """On an empty database, create a demo business and print its credentials and a curl that creates a client."""
    settings = Settings()
    result = in_transaction(_demo, settings)  # type: ignore[arg-type]
    if result is None:
        typer.echo("database has businesses already; `clientbook tenant create --name ...` adds one")
        return
    typer.echo("Created a demo business (these secrets are shown once):")
    _print_tenant(result)
    typer.echo("\nCreate a client:\n  " + demo_curl(result, settings.public_url))


@app.command("list")
def list_tenants(as_json: bool = typer.Option(False, "--json", help="print one JSON array")) -> None:
    """Every business: id, account number, name, live branches."""
    found = run(lambda _context, session: tenant_overview.list_businesses(session))
    if as_json:
        rows = [
            {"id": s.business.id, "name": s.business.name, "account_number": s.business.account_number}
            | {"branches": s.branches}
            for s in found
        ]
        typer.echo(json.dumps(rows))
        return
    table = Table("id", "account number", "name", "branches", "sms number", box=None)
    for summary in found:
        business = summary.business
        table.add_row(
            str(business.id), business.account_number, business.name, str(summary.branches), business.sms_number or ""
        )
    Console().print(table)


@app.command("show")
def show(account_number: str = typer.Argument(..., help="the business's account number")) -> None:
    """The business, its branches, and which credentials it has (key ids and state; never a secret)."""
    detail = run(lambda _context, session: tenant_overview.describe(session, account_number))
    business = detail.business
    typer.echo(f"business {business.name!r}  id={business.id}  account_number={business.account_number}")
    typer.echo(f"  time zone {business.time_zone}  region {business.default_region}  language {business.language}")
    typer.echo(f"  sms number {business.sms_number or '(none)'}")
    for branch in detail.branches:
        typer.echo(f"  branch {branch.name!r}  id={branch.id}  account_number={branch.account_number}")
    for key in detail.keys:
        state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "live"
        if key.previous_valid_until:
            state += f", previous secret valid until {key.previous_valid_until:%Y-%m-%d %H:%M} UTC"
        typer.echo(f"  credential {key.realm}: key {key.key_id}  created {key.created_at:%Y-%m-%d %H:%M}  {state}")
    for token in detail.tokens:
        typer.echo(f"  tokens {token.realm}/{token.kind}: {token.live} live")
