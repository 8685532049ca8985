"""What an admin does with the business's staff accounts in the web app (issue 17): list, disable, reset a password
(creating is `accounts.create`). The web app names accounts by id; `accounts.disable` and `accounts.set_password`
(shared with the CLI) do the work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import StaffAccount
from clientbook.store.repositories.accounts import StaffAccountRepository

from . import accounts
from ._records import find
from .accounts import SignedIn
from .errors import AccountNotFound, Conflict, NotAnAdmin
from .types import Tenant


@dataclass(frozen=True)
class AccountLine:
    id: int
    account_name: str
    staff_id: int
    staff_name: str
    is_admin: bool
    disabled: bool


def require_admin(signed_in: SignedIn) -> None:
    if not signed_in.account.is_admin:
        raise NotAnAdmin("Only an admin may manage staff accounts and unmatched messages")


async def list_accounts(session: AsyncSession, tenant: Tenant) -> list[AccountLine]:
    rows = await accounts.list_accounts(session, tenant)
    return [
        AccountLine(a.id, a.account_name, s.id, s.display_name, a.is_admin, a.deleted_at is not None) for a, s in rows
    ]


async def _live(session: AsyncSession, tenant: Tenant, account_id: int) -> StaffAccount:
    return await find(StaffAccountRepository(session), tenant, account_id, AccountNotFound, field="account_id")


async def disable(session: AsyncSession, tenant: Tenant, account_id: int, *, by_account_id: int) -> None:
    """Disable the account; an admin cannot disable their own (the business could lose its last way in)."""
    account = await _live(session, tenant, account_id)
    if account.id == by_account_id:
        raise Conflict("You cannot disable the account you are signed in with", field="account_id")
    await accounts.disable(session, tenant, account.account_name)


async def set_password(session: AsyncSession, tenant: Tenant, account_id: int, password: str) -> None:
    """A new password for the live account (the policy of `accounts.create`)."""
    account = await _live(session, tenant, account_id)
    await accounts.set_password(session, tenant, account.account_name, password)
