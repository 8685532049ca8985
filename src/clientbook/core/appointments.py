"""Appointments: Wired Client pending appointments, Webcamconsult appointments, CareCloud bookings."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment
from clientbook.store.repositories.people import ClientRepository, StaffRepository
from clientbook.store.repositories.scheduling import AppointmentRepository

from . import booking_statuses, staff, tenants, time_slots
from ._records import add_new, find, raise_if, refusal, save_changes, soft_delete
from ._records import stream as stream_records
from .changes import UNSET, Changes, Unset
from .errors import (
    AppointmentNotFound,
    ClientDeleted,
    ClientNotFound,
    Deleted,
    FieldError,
    NotFound,
    Reason,
    StaffDeleted,
    StaffNotFound,
)
from .types import Tenant, Transaction


@dataclass(frozen=True, kw_only=True)
class AppointmentChanges(Changes):
    client_id: int | Unset = UNSET
    staff_id: int | Unset | None = UNSET
    branch_id: int | Unset | None = UNSET
    created_by_staff_id: int | Unset | None = UNSET
    starts_at: datetime | Unset = UNSET
    duration_minutes: int | Unset | None = UNSET
    virtual: bool | Unset = UNSET
    state: str | Unset = UNSET
    reason_id: int | Unset | None = UNSET
    reservable_product_id: int | Unset | None = UNSET  # set by time_slots.claim, never by a dialect
    places: int | Unset = UNSET  # of the product's time slot it takes (time_slots.claim)
    extra: dict[str, Any] | Unset = UNSET


async def get(session: AsyncSession, tenant: Tenant, appointment_id: int, *, field: str = "id") -> Appointment:
    return await find(AppointmentRepository(session), tenant, appointment_id, AppointmentNotFound, field=field)


async def list(
    session: AsyncSession, tenant: Tenant, *, limit: int | None = None, offset: int = 0
) -> builtins.list[Appointment]:
    return await AppointmentRepository(session).list(tenant.business_id, limit=limit, offset=offset)


def stream(transaction: Transaction, tenant: Tenant) -> AsyncIterator[builtins.list[Appointment]]:
    """The tenant's live appointments in list order, batch by batch, for lists that must be answered whole."""
    return stream_records(transaction, AppointmentRepository, tenant)


async def for_client(session: AsyncSession, tenant: Tenant, client_id: int) -> builtins.list[Appointment]:
    return await AppointmentRepository(session).for_client(tenant.business_id, client_id)


async def _reference_problems(
    session: AsyncSession, tenant: Tenant, values: dict[str, Any], prefix: str
) -> builtins.list[NotFound | Deleted]:
    """Referenced client and staff that are not the tenant's own, or are deleted (client first, as refused)."""
    problems: builtins.list[NotFound | Deleted | None] = []
    if "client_id" in values:
        client = await ClientRepository(session).get(tenant.business_id, values["client_id"])
        problems.append(refusal(client, values["client_id"], ClientNotFound, ClientDeleted, field=f"{prefix}client_id"))
    for key in ("staff_id", "created_by_staff_id"):
        if values.get(key) is not None:
            member = await StaffRepository(session).get(tenant.business_id, values[key])
            field = f"{prefix}{key}"
            problems.append(refusal(member, values[key], StaffNotFound, StaffDeleted, field=field, about=staff.named))
    return [problem for problem in problems if problem is not None]


def _value_errors(values: dict[str, Any], creating: bool, prefix: str) -> builtins.list[FieldError]:
    errors = []
    if creating and values.get("starts_at") is None:
        errors.append(FieldError(f"{prefix}starts_at", Reason.REQUIRED, "starts_at is required"))
    duration = values.get("duration_minutes")
    if duration is not None and duration <= 0:
        errors.append(
            FieldError(f"{prefix}duration_minutes", Reason.NOT_ALLOWED, "duration must be positive", duration)
        )
    state = values.get("state")
    if state is not None and not booking_statuses.is_known(state):
        errors.append(FieldError(f"{prefix}state", Reason.NOT_FOUND, f"booking status {state} not found", state))
    return errors


async def _validate(
    session: AsyncSession, tenant: Tenant, values: dict[str, Any], *, creating: bool, prefix: str, collect: bool
) -> None:
    """Refuse bad values and references. By default the first problem is raised as its own type (Wired Client's
    status codes tell a missing staff member from a deleted one); `collect` raises one ValidationFailed naming every
    bad field, references included (Webcamconsult and CareCloud list them all)."""
    errors = []
    if creating and "client_id" not in values:
        errors.append(FieldError(f"{prefix}client_id", Reason.REQUIRED, "client_id is required"))
        if not collect:
            raise_if(errors)
    errors += _value_errors(values, creating, prefix)
    if not collect:
        raise_if(errors)
    problems = await _reference_problems(session, tenant, values, prefix)
    if problems and not collect:
        raise problems[0]
    for problem in problems:
        reason = Reason.DELETED if isinstance(problem, Deleted) else Reason.NOT_FOUND
        errors.append(FieldError(problem.field or "id", reason, problem.message, problem.id))
    raise_if(errors)
    if values.get("branch_id") is not None:
        await tenants.get_branch(session, tenant, values["branch_id"], field=f"{prefix}branch_id")


async def create(
    session: AsyncSession,
    tenant: Tenant,
    changes: AppointmentChanges,
    *,
    prefix: str = "",
    collect_errors: bool = False,
) -> Appointment:
    """A new appointment (state `idle`, `orig_starts_at` = the first start)."""
    values = changes.given()
    await _validate(session, tenant, values, creating=True, prefix=prefix, collect=collect_errors)
    appointment = Appointment(
        business_id=tenant.business_id,
        created_by=tenant.actor,
        updated_by=tenant.actor,
        state=booking_statuses.DEFAULT,
        virtual=False,
        extra={},
        orig_starts_at=values["starts_at"],  # the first start (required on create: validated above)
    )
    await add_new(session, tenant, AppointmentRepository(session), appointment, "appointment", values)
    return appointment


async def update(
    session: AsyncSession,
    tenant: Tenant,
    appointment_id: int,
    changes: AppointmentChanges,
    *,
    collect_errors: bool = False,
) -> Appointment:
    appointment = await get(session, tenant, appointment_id)
    values = changes.given()
    await _validate(session, tenant, values, creating=False, prefix="", collect=collect_errors)
    if _takes_its_slot_back(appointment, values):
        await time_slots.retake(session, tenant, appointment, field="state")
    await save_changes(session, tenant, AppointmentRepository(session), appointment, "appointment", values)
    return appointment


def _takes_its_slot_back(appointment: Appointment, values: dict[str, Any]) -> bool:
    """A cancelled booking of a product's slot made live again needs its places back: they may be taken by now."""
    released = booking_statuses.RELEASES_SLOT
    new_state = values.get("state", appointment.state)
    return appointment.reservable_product_id is not None and appointment.state in released and new_state not in released


async def delete(session: AsyncSession, tenant: Tenant, appointment_id: int) -> None:
    appointment = await get(session, tenant, appointment_id)
    await soft_delete(session, tenant, AppointmentRepository(session), appointment, "appointment")


async def add_pending(
    session: AsyncSession, tenant: Tenant, client_id: int, pending: builtins.list[AppointmentChanges], *, prefix: str
) -> builtins.list[Appointment]:
    """Create the client's pending appointments, skipping any the client already has (same start, staff, branch),
    so a sync that repeats itself does not double-book."""
    existing: set[tuple[Any, ...]] = {
        (a.starts_at, a.staff_id, a.branch_id) for a in await for_client(session, tenant, client_id)
    }
    created = []
    for index, item in enumerate(pending):
        values = item.given()
        key = (values.get("starts_at"), values.get("staff_id"), values.get("branch_id"))
        if key in existing:
            continue
        existing.add(key)
        created.append(
            await create(session, tenant, AppointmentChanges(client_id=client_id, **values), prefix=f"{prefix}{index}.")
        )
    return created
