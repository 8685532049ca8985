"""Staff login accounts: the web app's password login and the single sign-on account check (seed 000 §5–6).

Passwords are chosen by people, so they are hashed with argon2id (`passwords`), which is slow on purpose: it runs
at login and SSO issue only, never per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Staff, StaffAccount, utcnow
from clientbook.store.repositories.accounts import StaffAccountRepository
from clientbook.store.repositories.tenancy import BusinessRepository, TokenRepository

from . import events, passwords, staff, tenants
from .errors import (
    AccountNotFound,
    BusinessNotFound,
    Duplicate,
    FieldError,
    LoginFailed,
    Reason,
    ValidationFailed,
)
from .types import Tenant

MAX_NAME_LENGTH = 200


@cache
def _dummy_hash() -> str:
    """Verified when the account name is unknown, so a wrong name costs as long as a wrong password."""
    return passwords.hash_password("clientbook-no-such-account")


@dataclass(frozen=True)
class SignedIn:
    """A verified account with its staff member and the tenant it acts in."""

    account: StaffAccount
    staff: Staff
    tenant: Tenant


async def tenant_for(
    session: AsyncSession, account_number: str, field: str = "business", *, actor: str | None = None
) -> Tenant:
    """The tenant of the business numbered `account_number` (the CLI and the login page name it so); the login page
    may give the business's handle instead (issue 17)."""
    repository = BusinessRepository(session)
    business = await repository.by_account_number(account_number.strip())
    if business is None and account_number.strip():
        business = await repository.by_handle(tenants.handle_key(account_number))
    if business is None:
        raise BusinessNotFound(f"Invalid business account number {account_number}", field=field, id=account_number)
    return tenants.tenant_of(business, actor=actor)


async def login_key(session: AsyncSession, business: str) -> str:
    """What the login throttle counts a typed business as: its account number when the text names a business (by
    number or handle), so spelling one business two ways does not buy twice the guesses; else the text itself."""
    text = business.strip()
    repository = BusinessRepository(session)
    found = await repository.by_account_number(text) if text else None
    if found is None and text:
        found = await repository.by_handle(tenants.handle_key(text))
    return found.account_number if found is not None else text.lower()


async def create(
    session: AsyncSession, tenant: Tenant, staff_id: int, account_name: str, password: str, *, admin: bool = False
) -> StaffAccount:
    """A login for the tenant's staff member `staff_id`; the account name is unique within the business. An admin
    account may also manage the business's accounts and unmatched SMS in the web app."""
    name = account_name.strip()
    errors = []
    if not name:
        errors.append(FieldError("account_name", Reason.REQUIRED, "account_name is required"))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(FieldError("account_name", Reason.TOO_LONG, f"account_name is longer than {MAX_NAME_LENGTH}"))
    errors.extend(password_errors(password))
    if errors:
        raise ValidationFailed(errors)
    member = await staff.get(session, tenant, staff_id, field="staff_id")
    repository = StaffAccountRepository(session)
    if await repository.name_taken(tenant.business_id, name):
        raise Duplicate(f"account_name {name} is already taken", field="account_name")
    account = StaffAccount(
        business_id=tenant.business_id,
        staff_id=member.id,
        account_name=name,
        password_hash=passwords.hash_password(password),
        is_admin=admin,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await repository.add(account)
    await events.record(
        session,
        tenant,
        "staff_account",
        account.id,
        "created",
        {"staff_id": member.id, "account_name": name, "is_admin": admin},
    )
    return account


def password_errors(password: str) -> list[FieldError]:
    """What the password policy (staff accounts: `passwords.STAFF`) says of a new password (empty: acceptable)."""
    problem = passwords.problem(password, passwords.STAFF)
    return [problem] if problem is not None else []


async def authenticate(session: AsyncSession, tenant: Tenant, account_name: str, password: str) -> SignedIn:
    """The live account `account_name` of the tenant's business when `password` matches; LoginFailed otherwise."""
    repository = StaffAccountRepository(session)
    account = await repository.by_name(tenant.business_id, account_name.strip())
    if account is None:
        passwords.verify_password(password, _dummy_hash())
        raise LoginFailed("Target contact account not found or invalid password", field="account_name")
    if not passwords.verify_password(password, account.password_hash):
        raise LoginFailed("Target contact account not found or invalid password", field="account_password")
    found = await repository.with_staff(tenant.business_id, account.id)
    if found is None:  # the staff member was deleted: the login goes with them
        raise LoginFailed("Target contact account not found or invalid password", field="account_name")
    return SignedIn(found[0], found[1], _acting(tenant, found[0]))


async def signed_in(session: AsyncSession, tenant: Tenant, account_id: int) -> SignedIn | None:
    """The live account `account_id` with its live staff member (a web session's lookup; no password)."""
    found = await StaffAccountRepository(session).with_staff(tenant.business_id, account_id)
    if found is None:
        return None
    return SignedIn(found[0], found[1], _acting(tenant, found[0]))


def _acting(tenant: Tenant, account: StaffAccount) -> Tenant:
    """The tenant acting as this staff member (events record who did it)."""
    return Tenant(
        tenant.business_id,
        tenant.time_zone,
        tenant.default_region,
        tenant.language,
        actor=f"staff:{account.staff_id}",
        staff_id=account.staff_id,
    )


async def list_accounts(session: AsyncSession, tenant: Tenant) -> list[tuple[StaffAccount, Staff]]:
    """The business's accounts, disabled ones too, with their staff members, by account name."""
    return await StaffAccountRepository(session).all_with_staff(tenant.business_id)


async def _named(session: AsyncSession, tenant: Tenant, account_name: str) -> StaffAccount:
    account = await StaffAccountRepository(session).by_name(tenant.business_id, account_name.strip())
    if account is None:
        raise AccountNotFound(f"No live account named {account_name}", field="account_name", id=account_name)
    return account


async def disable(session: AsyncSession, tenant: Tenant, account_name: str) -> StaffAccount:
    """End the account: no more logins, its web sessions end, and the API tokens its staff member opened by logging
    in (CareCloud) are revoked. The name stays taken, so the history of who did what stays unambiguous."""
    account = await _named(session, tenant, account_name)
    now = utcnow()
    await StaffAccountRepository(session).soft_delete(account, tenant.actor, at=now)
    revoked = await TokenRepository(session).revoke_subject(tenant.business_id, "staff", account.staff_id, now)
    await events.record(session, tenant, "staff_account", account.id, "disabled", {"tokens_revoked": revoked})
    return account


async def set_password(session: AsyncSession, tenant: Tenant, account_name: str, password: str) -> StaffAccount:
    """A new password for the live account (the policy of `create`); the tokens its staff member opened by logging
    in with the old one are revoked."""
    errors = password_errors(password)
    if errors:
        raise ValidationFailed(errors)
    account = await _named(session, tenant, account_name)
    values = {"password_hash": passwords.hash_password(password), "updated_by": tenant.actor}
    await StaffAccountRepository(session).save(account, values)
    revoked = await TokenRepository(session).revoke_subject(tenant.business_id, "staff", account.staff_id, utcnow())
    await events.record(session, tenant, "staff_account", account.id, "password_changed", {"tokens_revoked": revoked})
    return account
