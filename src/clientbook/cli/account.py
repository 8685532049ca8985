"""`clientbook account create`: a staff member's login to the web app and single sign-on."""

from __future__ import annotations

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts
from clientbook.core.errors import ClientbookError, ValidationFailed

from ._run import in_transaction

app = typer.Typer(help="Staff login accounts (web app and single sign-on).", no_args_is_help=True)


async def _create(session: AsyncSession, business: str, staff_id: int, account_name: str, password: str) -> int:
    tenant = await accounts.tenant_for(session, business, "business", actor="cli")
    account = await accounts.create(session, tenant, staff_id, account_name, password)
    return account.id


@app.command("create")
def create(
    business: str = typer.Option(..., "--business", help="the business's account number"),
    staff_id: int = typer.Option(..., "--staff-id", help="the staff member who signs in"),
    account_name: str = typer.Option(..., "--account-name", help="the login name, unique within the business"),
    password: str = typer.Option(..., "--password", help="at least 8 characters (stored as an argon2id hash)"),
) -> None:
    """Create a login for a staff member (the account_name/account_password of single sign-on)."""

    async def work(_context: Context, session: object) -> int:
        assert isinstance(session, AsyncSession)
        return await _create(session, business, staff_id, account_name, password)

    try:
        account_id = in_transaction(work)
    except ValidationFailed as error:
        typer.echo("error: " + "; ".join(e.message for e in error.errors), err=True)
        raise typer.Exit(2) from error
    except ClientbookError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"account {account_name!r} created (id={account_id}) for staff {staff_id}")
