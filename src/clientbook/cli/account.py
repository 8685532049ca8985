"""`clientbook account create | list | disable | set-password`: staff logins (web app and single sign-on).

Passwords are prompted (twice, hidden) or read from stdin with `--password-stdin`, never taken from the command line,
where they would land in the shell history and in every process listing. `account create --password` still works
for scripts written against the first version, but is discouraged.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts
from clientbook.core.types import Tenant

from ._output import AS_JSON, BUSINESS, print_rows
from ._run import run_for

app = typer.Typer(help="Staff login accounts (web app and single sign-on).", no_args_is_help=True)

PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="read the password from the first line of stdin")


def read_password(from_stdin: bool) -> str:
    """The new password: stdin's first line (without its line break), or prompted twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("create")
def create(
    business: str = BUSINESS,
    staff_id: int = typer.Option(..., "--staff-id", help="the staff member who signs in"),
    account_name: str = typer.Option(..., "--account-name", help="the login name, unique within the business"),
    password: str | None = typer.Option(
        None, "--password", help="discouraged (visible to other users and in shell history): prompt or stdin instead"
    ),
    password_stdin: bool = PASSWORD_STDIN,
    admin: bool = typer.Option(False, "--admin", help="may manage staff accounts and unmatched SMS in the web app"),
) -> None:
    """Create a login for a staff member (the account_name/account_password of single sign-on)."""
    secret = password if password is not None and not password_stdin else read_password(password_stdin)

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> int:
        return (await accounts.create(session, tenant, staff_id, account_name, secret, admin=admin)).id

    account_id = run_for(business, work)
    typer.echo(f"account {account_name!r} created (id={account_id}) for staff {staff_id}")


@app.command("list")
def list_accounts(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
    """The business's login accounts, disabled ones too."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, object]]:
        return [
            {"id": a.id, "account_name": a.account_name, "staff_id": s.id, "staff": s.display_name}
            | {"state": "disabled" if a.deleted_at else "active"}
            for a, s in await accounts.list_accounts(session, tenant)
        ]

    found = run_for(business, work)
    print_rows(
        found, as_json, ("id", "account name", "staff id", "staff", "state"), lambda row: [str(v) for v in row.values()]
    )


@app.command("disable")
def disable(business: str = BUSINESS, account_name: str = typer.Argument(..., help="the login name")) -> None:
    """End a login: it can no longer sign in, and its sessions and tokens end."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await accounts.disable(session, tenant, account_name)

    run_for(business, work)
    typer.echo(f"account {account_name!r} disabled")


@app.command("set-password")
def set_password(
    business: str = BUSINESS,
    account_name: str = typer.Argument(..., help="the login name"),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Set a login's password (prompted twice, or `--password-stdin`); tokens opened with the old one are revoked."""
    secret = read_password(password_stdin)

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await accounts.set_password(session, tenant, account_name, secret)

    run_for(business, work)
    typer.echo(f"password of {account_name!r} changed")
