"""Wired Client wire ↔ core (seed 000 sections 1–2; vendors.md W1–W15). Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from clientbook.core.appointments import AppointmentChanges
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import FieldError, Reason, ValidationFailed
from clientbook.core.staff import StaffChanges
from clientbook.core.types import ClientType, ContactMethod, Gender, StaffType
from clientbook.dialects._kit.codecs import to_utc

from . import wire

STAFF_TYPES = {2: StaffType.POWER_USER, 3: StaffType.USER, 4: StaffType.COORDINATOR}
CLIENT_TYPES = {1: ClientType.LEAD, 2: ClientType.ACTIVE, 3: ClientType.INACTIVE}
GENDERS = {1: Gender.FEMALE, 2: Gender.MALE, 3: Gender.OTHER, 4: Gender.UNDISCLOSED}
CONTACT_METHODS = {0: ContactMethod.NONE, 1: ContactMethod.SMS, 3: ContactMethod.PHONE}

# Wire name → core field name; feeds error messages (named in the vendor's spelling) and docs/fields.md.
_CONTACT = {  # staff and clients alike
    "mobile_phone1": "mobile_phone",
    "email_address1": "email",
    "street": "street",
    "city": "city",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
}
STAFF_FIELDS: Mapping[str, str] = {
    "id": "id",
    "account_number": "business.account_number",
    "staff_type": "staff_type",
    "job_title": "job_title",
    "job_description": "job_description",
    "first_name": "first_name",
    "last_name": "last_name",
    "main_phone": "main_phone",
    **_CONTACT,
}

CLIENT_FIELDS: Mapping[str, str] = {
    "id": "id",
    "account_number": "branch.account_number",
    "first_name": "first_name",
    "last_name": "last_name",
    "preferred_language": "language",
    "staff_id": "staff_id",
    "client_type": "client_type",
    "gender": "gender",
    "birthday": "birth_date",
    "guardian": "guardian",
    "guardian_first_name": "guardian_first_name",
    "guardian_last_name": "guardian_last_name",
    **_CONTACT,
    "reason": "reason",
    "start_date": "start_date",
    "end_date": "end_date",
    "last_visit_date": "last_visit_date",
    "opted_in_date": "opted_in_date",
    "contact_method": "contact_method",
    "last_cancelled_date": "last_cancelled_date",
    "number_of_visits": "number_of_visits",
    "pending_appointments": "appointments",
}

_WIRE_NAME = {core: wire_name for wire_name, core in {**STAFF_FIELDS, **CLIENT_FIELDS}.items()}


_APPOINTMENT_LEAVES = {
    "staff_id": "appointment_staff_id",
    "branch_id": "appointment_account_number",
    "starts_at": "appointment_date",
    "virtual": "appointment_virtual",
}


def wire_field(core_field: str | None) -> str | None:
    """The wire spelling of a core field path (`appointments.0.staff_id` → `pending_appointments.0.…staff_id`)."""
    if core_field is None:
        return None
    head, _, rest = core_field.partition(".")
    if head == "appointments" and rest:
        index, _, leaf = rest.partition(".")
        return f"pending_appointments.{index}.{_APPOINTMENT_LEAVES.get(leaf, leaf)}"
    return _WIRE_NAME.get(core_field, core_field)


def _given(model: wire._Wire, names: Mapping[str, str], skip: set[str]) -> dict[str, Any]:
    """Core values for the wire fields the caller sent (omitted fields stay untouched on update)."""
    return {names[n]: getattr(model, n) for n in model.model_fields_set if n in names and n not in skip}


def to_core_staff(request: wire.StaffRequest) -> StaffChanges:
    values = _given(request, STAFF_FIELDS, {"id", "account_number"})
    if "staff_type" in values or request.id in (None, 0):
        values["staff_type"] = STAFF_TYPES[request.staff_type or 3]
    return StaffChanges(**values)


def to_core_client(request: wire.ClientRequest) -> ClientChanges:
    values = _given(request, CLIENT_FIELDS, {"id", "account_number", "pending_appointments"})
    creating = request.id in (None, 0)
    # Documented defaults (vendors.md W4), applied on create or when the field is sent empty.
    if "client_type" in values or creating:
        values["client_type"] = CLIENT_TYPES[request.client_type or 2]
    if "gender" in values or creating:
        values["gender"] = GENDERS[request.gender or 4]
    if "contact_method" in values or creating:
        values["contact_method"] = CONTACT_METHODS[request.contact_method or 0]
    if "language" in values or creating:
        values["language"] = (request.preferred_language or "EN").lower()
    if "guardian" in values or creating:
        values["guardian"] = bool(request.guardian)
    return ClientChanges(**values)


def _starts_at(day: date | None, moment: datetime | time | None, time_zone: str, where: str) -> datetime:
    if isinstance(moment, datetime):
        return to_utc(moment, time_zone)
    if day is None:
        raise ValidationFailed([FieldError(f"{where}_date", Reason.REQUIRED, f"{where}_date is required")])
    return to_utc(datetime.combine(day, moment or time(0, 0)), time_zone)


def to_core_appointments(
    request: wire.ClientRequest, branch_ids: Mapping[str, int], default_branch_id: int | None, time_zone: str
) -> list[AppointmentChanges]:
    """The client's appointments: `pending_appointments` when sent, else the `next_appointment_*` fields."""
    if request.pending_appointments is not None:
        return [
            AppointmentChanges(
                starts_at=_starts_at(
                    item.appointment_date, item.appointment_time, time_zone, f"pending_appointments.{i}.appointment"
                ),
                staff_id=item.appointment_staff_id or None,
                branch_id=branch_ids[item.appointment_account_number]
                if item.appointment_account_number
                else default_branch_id,
                virtual=bool(item.appointment_virtual),
            )
            for i, item in enumerate(request.pending_appointments)
        ]
    if request.next_appointment_date or isinstance(request.next_appointment_time, datetime):
        return [
            AppointmentChanges(
                starts_at=_starts_at(
                    request.next_appointment_date, request.next_appointment_time, time_zone, "next_appointment"
                ),
                staff_id=request.next_appointment_staff_id or None,
                branch_id=default_branch_id,
            )
        ]
    return []


def staff_names(request: wire.ClientRequest) -> dict[str, str]:
    """Staff names the caller sent, by core field, for the messages of 1003/1004/2001/2002."""
    names = {}
    if request.staff_name:
        names["staff_id"] = request.staff_name
    if request.next_appointment_staff_name and request.pending_appointments is None:
        names["appointments.0.staff_id"] = request.next_appointment_staff_name
    for i, item in enumerate(request.pending_appointments or []):
        if item.appointment_staff_name:
            names[f"appointments.{i}.staff_id"] = item.appointment_staff_name
    return names
