"""Staff: the people who serve clients (Wired Client staff, Webcamconsult users, CareCloud users)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Staff
from clientbook.store.repositories.people import StaffRepository

from . import tenants
from ._records import (
    add_new,
    check_lengths,
    check_required,
    find,
    normalize_contact,
    raise_if,
    save_changes,
    soft_delete,
    strip_strings,
)
from ._records import (
    stream as stream_records,
)
from .changes import UNSET, Changes, Unset
from .errors import FieldError, Reason, StaffDeleted, StaffNotFound
from .types import StaffType, Tenant, Transaction


@dataclass(frozen=True, kw_only=True)
class StaffChanges(Changes):
    branch_id: int | Unset | None = UNSET
    staff_type: StaffType | Unset = UNSET
    titles: str | Unset | None = UNSET
    initials: str | Unset | None = UNSET
    first_name: str | Unset | None = UNSET
    last_name: str | Unset | None = UNSET
    job_title: str | Unset | None = UNSET
    job_description: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    main_phone: str | Unset | None = UNSET
    mobile_phone: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    region: str | Unset | None = UNSET
    postal_code: str | Unset | None = UNSET
    country: str | Unset | None = UNSET
    extra: dict[str, Any] | Unset = UNSET


def named(staff: Staff) -> dict[str, object]:
    """What a StaffDeleted says of the staff member besides the id: the name (Wired Client's 1003 message)."""
    return {"staff_name": staff.display_name}


async def get(
    session: AsyncSession, tenant: Tenant, staff_id: int, *, field: str = "id", include_deleted: bool = False
) -> Staff:
    """The tenant's staff member; StaffNotFound for another business's id, StaffDeleted once deleted."""
    repository = StaffRepository(session)
    return await find(
        repository,
        tenant,
        staff_id,
        StaffNotFound,
        StaffDeleted,
        field=field,
        include_deleted=include_deleted,
        about=named,
    )


async def list(
    session: AsyncSession, tenant: Tenant, *, limit: int | None = None, offset: int = 0
) -> builtins.list[Staff]:
    return await StaffRepository(session).list(tenant.business_id, limit=limit, offset=offset)


def stream(transaction: Transaction, tenant: Tenant) -> AsyncIterator[builtins.list[Staff]]:
    """The tenant's live staff members in list order, batch by batch, for lists that must be answered whole."""
    return stream_records(transaction, StaffRepository, tenant)


async def _validate(
    session: AsyncSession,
    tenant: Tenant,
    current: Staff | None,
    changes: StaffChanges,
    required: Collection[str],
    unique_email: bool,
) -> dict[str, Any]:
    values = changes.given()
    strip_strings(values)
    errors: builtins.list[FieldError] = check_required(values, current, required)
    normalize_contact(values, tenant.default_region, errors)
    check_lengths(Staff, values, errors)
    # Checked before refusing anything else, so one refusal names every bad field (Webcamconsult lists them all).
    email = values.get("email_normalized")
    if (
        unique_email
        and email
        and await StaffRepository(session).email_taken(tenant.business_id, email, current.id if current else None)
    ):
        errors.append(FieldError("email", Reason.ALREADY_EXISTS, "email is already taken", values["email"]))
    raise_if(errors)
    if values.get("branch_id") is not None:
        await tenants.get_branch(session, tenant, values["branch_id"])
    return values


async def create(
    session: AsyncSession,
    tenant: Tenant,
    changes: StaffChanges,
    *,
    required: Collection[str] = ("last_name",),
    unique_email: bool = False,
) -> Staff:
    """A new staff member. `required` and `unique_email` are the caller's documented rules."""
    values = await _validate(session, tenant, None, changes, required, unique_email)
    staff = Staff(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor, extra={})
    if "staff_type" not in values:
        staff.staff_type = StaffType.USER
    await add_new(session, tenant, StaffRepository(session), staff, "staff", values)
    return staff


async def update(
    session: AsyncSession,
    tenant: Tenant,
    staff_id: int,
    changes: StaffChanges,
    *,
    required: Collection[str] = ("last_name",),
    unique_email: bool = False,
) -> Staff:
    staff = await get(session, tenant, staff_id)
    values = await _validate(session, tenant, staff, changes, required, unique_email)
    await save_changes(session, tenant, StaffRepository(session), staff, "staff", values)
    return staff


async def delete(session: AsyncSession, tenant: Tenant, staff_id: int) -> None:
    """Soft delete: the record stays for history, vanishes from lists, and refuses new assignments."""
    staff = await get(session, tenant, staff_id)
    await soft_delete(session, tenant, StaffRepository(session), staff, "staff")
