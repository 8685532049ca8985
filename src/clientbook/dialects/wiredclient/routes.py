"""Wired Client HTTP routes: parse → map → one core call → map (seed 000 sections 1–2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import clients, staff, tenants
from clientbook.core.clients import ClientRules
from clientbook.core.types import Tenant
from clientbook.edge.body import openapi_body, read_json_object
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within
from clientbook.edge.validation import validate

from . import auth, errors, mapping, wire

router = APIRouter(prefix="/api/v1")

STAFF_REQUIRED = ("first_name", "last_name", "email")
CLIENT_RULES = ClientRules(required=("first_name", "last_name", "mobile_phone"), refuse_duplicate_mobile=True)


async def parse(request: Request, context: Context) -> tuple[wire.Credentials, dict[str, Any]]:
    """The body's credentials and the whole body: credentials are checked before any field is looked at."""
    data = await read_json_object(request, context.settings.max_body_bytes)
    return validate(wire.Credentials, data), data


async def _branch_ids(session: AsyncSession, tenant: Tenant, body: wire.ClientRequest) -> dict[str, int]:
    numbers = {a.appointment_account_number for a in body.pending_appointments or [] if a.appointment_account_number}
    found = {}
    for index, item in enumerate(body.pending_appointments or []):
        number = item.appointment_account_number
        if number in numbers and number not in found:
            field = f"pending_appointments.{index}.appointment_account_number"
            found[number] = (await tenants.resolve_branch(session, tenant, number, field)).id
    return found


@router.post("/staff", response_model=wire.StatusResponse, openapi_extra=openapi_body(wire.StaffRequest))
async def upsert_staff(request: Request, context: ContextDep, session: SessionDep) -> Any:
    """Add or update a staff member: `id` 0 or null creates, an existing id updates."""
    credentials, data = await parse(request, context)
    tenant = await auth.for_business(request, session, context, credentials)
    body = validate(wire.StaffRequest, data)
    changes = mapping.to_core_staff(body)
    if body.id:
        member = await staff.update(session, tenant, body.id, changes, required=STAFF_REQUIRED)
        return wire.StatusResponse(id=member.id, status=0, message="Updated one staff")
    member = await staff.create(session, tenant, changes, required=STAFF_REQUIRED)
    return wire.StatusResponse(id=member.id, status=0, message="Inserted one staff")


@router.post("/client", response_model=wire.StatusResponse, openapi_extra=openapi_body(wire.ClientRequest))
async def upsert_client(request: Request, context: ContextDep, session: SessionDep) -> Any:
    """Add or update a client and create their pending appointments."""
    credentials, data = await parse(request, context)
    tenant = await auth.for_branch(request, session, context, credentials)
    body = validate(wire.ClientRequest, data)
    with within(errors.Route(staff_names=mapping.staff_names(body))):  # 1003/2001… name the staff as sent
        pending = mapping.to_core_appointments(
            body, await _branch_ids(session, tenant, body), tenant.branch_id, tenant.time_zone
        )
        client, created = await clients.upsert(
            session, tenant, body.id, mapping.to_core_client(body), rules=CLIENT_RULES, pending=pending
        )
    return wire.StatusResponse(
        id=client.id, status=0, message="Inserted one client" if created else "Updated one client"
    )
