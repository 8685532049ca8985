"""Branches created and changed after the business exists (CareCloud stores; `tenant create` makes the first ones)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Branch
from clientbook.store.repositories.tenancy import BranchRepository

from . import partners, tenants
from ._records import add_new, check_lengths, raise_if, save_changes, strip_strings
from .contact import normalize_email, normalize_phone
from .errors import FieldError, Reason
from .types import Tenant

FIELDS = ("name", "email", "phone", "street", "city", "region", "postal_code", "country", "time_zone", "extra")


def _validate(tenant: Tenant, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"not branch fields: {sorted(unknown)}")
    strip_strings(values)
    errors: list[FieldError] = []
    if not values.get("name"):
        errors.append(FieldError("name", Reason.REQUIRED, "name is required"))
    if values.get("email"):
        values["email"], error = normalize_email(values["email"], "email")
        if error:
            errors.append(error)
    if values.get("phone"):
        values["phone"], error = normalize_phone(values["phone"], tenant.default_region, "phone")
        if error:
            errors.append(error)
    check_lengths(Branch, values, errors)
    raise_if(errors)
    return values


async def _check_partner(session: AsyncSession, tenant: Tenant, partner_id: int | None) -> None:
    """A branch may name one of the business's partners (a CareCloud store's `partner_id`)."""
    if partner_id is not None:
        await partners.get(session, tenant, partner_id)


async def create(
    session: AsyncSession, tenant: Tenant, values: dict[str, Any], *, partner_id: int | None = None
) -> Branch:
    data = _validate(tenant, dict(values))
    await _check_partner(session, tenant, partner_id)
    branch = Branch(
        business_id=tenant.business_id,
        account_number=str(uuid.uuid4()),
        extra={},
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await add_new(session, tenant, BranchRepository(session), branch, "branch", data)
    return branch


async def replace(
    session: AsyncSession, tenant: Tenant, branch_id: int, values: dict[str, Any], *, partner_id: int | None = None
) -> Branch:
    branch = await tenants.get_branch(session, tenant, branch_id, field="id")
    await _check_partner(session, tenant, partner_id)
    await save_changes(session, tenant, BranchRepository(session), branch, "branch", _validate(tenant, dict(values)))
    return branch
