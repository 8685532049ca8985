"""Businesses and branches: creating tenants and resolving account numbers to them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Branch, Business
from clientbook.store.repositories.tenancy import BranchRepository, BusinessRepository

from . import events, purchase_types, reference_kinds, reward_types, statuses
from ._records import find
from .contact import normalize_phone
from .errors import BranchNotFound, BusinessNotFound, Duplicate, Reason, ValidationFailed
from .types import Tenant


@dataclass(frozen=True)
class NewBusiness:
    name: str
    branches: list[str] = field(default_factory=list)
    sms_number: str | None = None
    time_zone: str = "UTC"
    default_region: str = "US"
    language: str = "en"
    handle: str | None = None  # the short name the login page takes besides the account number


# 3–40 lowercase letters, digits and inner hyphens: typed on a phone at the login page, never mistaken for a UUID
# account number (those have 36 characters with four hyphens and are tried first).
HANDLE = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]")


def handle_key(handle: str) -> str:
    return handle.strip().lower()


async def _check_handle(session: AsyncSession, handle: str | None) -> str | None:
    if handle is None or not handle.strip():
        return None
    key = handle_key(handle)
    if not HANDLE.fullmatch(key) or "--" in key:
        message = "handle must be 3 to 40 letters, digits or inner hyphens"
        raise ValidationFailed.single("handle", Reason.INVALID_FORMAT, message, handle)
    if await BusinessRepository(session).by_handle(key) is not None:
        raise Duplicate(f"handle {key} belongs to another business", field="handle")
    return key


def tenant_of(business: Business, *, actor: str | None = None) -> Tenant:
    return Tenant(business.id, business.time_zone, business.default_region, business.language, actor=actor)


async def create(session: AsyncSession, new: NewBusiness) -> tuple[Business, list[Branch]]:
    """A business with its branches (each with its own UUID account number)."""
    if not new.name.strip():
        raise ValidationFailed.single("name", Reason.REQUIRED, "name is required")
    sms_number = None
    if new.sms_number:
        sms_number, error = normalize_phone(new.sms_number, new.default_region, "sms_number")
        if error:
            raise ValidationFailed([error])
        if await BusinessRepository(session).by_sms_number(sms_number or "") is not None:
            raise Duplicate(f"sms_number {sms_number} belongs to another business", field="sms_number")
    handle = await _check_handle(session, new.handle)
    business = Business(
        name=new.name.strip(),
        account_number=str(uuid.uuid4()),
        sms_number=sms_number,
        handle=handle,
        time_zone=new.time_zone,
        default_region=new.default_region,
        language=new.language,
        extra={},
    )
    await BusinessRepository(session).add(business)
    branches = []
    for name in new.branches:
        branch = Branch(business_id=business.id, name=name, account_number=str(uuid.uuid4()), extra={})
        await BranchRepository(session).add(branch)
        branches.append(branch)
    tenant = tenant_of(business, actor="cli")
    await events.record(
        session, tenant, "business", business.id, "created", {"name": business.name, "handle": business.handle}
    )
    await reference_kinds.ensure_defaults(session, tenant)
    await statuses.ensure_defaults(session, tenant)
    await reward_types.ensure_defaults(session, tenant)
    await purchase_types.ensure_defaults(session, tenant)
    return business, branches


async def resolve_business(session: AsyncSession, tenant: Tenant, account_number: str, field: str) -> Business:
    """The tenant's own business if `account_number` is its number; another tenant's number is unknown here."""
    business = await BusinessRepository(session).by_account_number(account_number.strip())
    if business is None or business.id != tenant.business_id:
        raise BusinessNotFound(f"Invalid business account number {account_number}", field=field, id=account_number)
    return business


def check_business_number(own_number: str, account_number: str, field: str) -> None:
    """`account_number` must be the authenticated business's own; another tenant's number is unknown here."""
    if account_number.strip() != own_number:
        raise BusinessNotFound(f"Invalid business account number {account_number}", field=field, id=account_number)


async def resolve_business_or_none(session: AsyncSession, tenant: Tenant, account_number: str) -> Business | None:
    business = await BusinessRepository(session).by_account_number(account_number.strip())
    return business if business is not None and business.id == tenant.business_id else None


async def resolve_branch(session: AsyncSession, tenant: Tenant, account_number: str, field: str) -> Branch:
    """One of the tenant's branches, by its account number."""
    branch = await BranchRepository(session).by_account_number(tenant.business_id, account_number.strip())
    if branch is None or branch.deleted_at is not None:
        raise BranchNotFound(f"Invalid branch account number {account_number}", field=field, id=account_number)
    return branch


def narrow_to_branch(tenant: Tenant, own_number: str, branch_id: int | None, account_number: str, field: str) -> Tenant:
    """The tenant narrowed to the branch `account_number` names, `branch_id` being that branch as already looked up
    (None: no live branch of the business has that number); the business's own number (`own_number`) means none."""
    if account_number.strip() == own_number:
        return tenant
    if branch_id is None:
        raise BranchNotFound(f"Invalid branch account number {account_number}", field=field, id=account_number)
    return tenant.with_branch(branch_id)


async def get_branch(session: AsyncSession, tenant: Tenant, branch_id: int, field: str = "branch_id") -> Branch:
    return await find(BranchRepository(session), tenant, branch_id, BranchNotFound, field=field)


async def list_branches(session: AsyncSession, tenant: Tenant) -> list[Branch]:
    return await BranchRepository(session).list(tenant.business_id)
