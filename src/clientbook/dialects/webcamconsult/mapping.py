"""Webcamconsult wire ↔ core (seed 002; vendors.md §3, K1–K8). Pure functions, no I/O.

Users are core staff, clients are core clients, appointments are core appointments. Divisions have no core table:
`division_ids` / `division_id` are opaque 24-hex ids (vendors.md §3), carried losslessly in the record's `extra`
with `external`, `external_participant_ids` and `inloop_json`, which no other dialect reads or filters on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clientbook.core.appointments import AppointmentChanges
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import FieldError, Reason, ValidationFailed
from clientbook.core.secrets import keyed_hash
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Gender
from clientbook.dialects._kit.codecs import (
    date_to_iso_ms,
    from_hex24,
    parse_iso_date,
    parse_iso_datetime,
    to_hex24,
    to_iso_ms,
)
from clientbook.store.models import Appointment, Client, Staff

from . import wire

# Wire name → core field name (dotted core paths for what lives in `extra`); feeds error messages and docs/fields.md.
STAFF_FIELDS: Mapping[str, str] = {
    "id": "id",
    "titles": "titles",
    "initials": "initials",
    "last_name": "last_name",
    "email": "email",
    "address": "street",
    "postal_code": "postal_code",
    "city": "city",
}

CLIENT_FIELDS: Mapping[str, str] = {
    "id": "id",
    "email": "email",
    "titles": "titles",
    "initials": "initials",
    "surname_prefix": "surname_prefix",
    "last_name": "last_name",
    "external": "extra.wcc_external",
    "gender": "gender",
    "date_of_birth": "birth_date",
    "reference_code": "reference_code",
    "division_ids": "extra.wcc_division_ids",
}

APPOINTMENT_FIELDS: Mapping[str, str] = {
    "id": "id",
    "user_id": "staff_id",
    "client_id": "client_id",
    "created_by_user_id": "created_by_staff_id",
    "date": "starts_at",
    "orig_date": "orig_starts_at",
    "started_at": "started_at",
    "created_at": "created_at",
    "state": "state",
    "division_id": "extra.wcc_division_id",
    "duration": "duration_minutes",
    "external_participant_ids": "extra.wcc_external_participant_ids",
    "inloop_json": "extra.wcc_inloop_json",
}

_WIRE_NAME = {
    core: wire_name
    for table in (STAFF_FIELDS, CLIENT_FIELDS, APPOINTMENT_FIELDS)
    for wire_name, core in table.items()
    if core != wire_name
}

ROLES = ["consultant"]

GENDERS = {"male": Gender.MALE, "female": Gender.FEMALE, "other": Gender.OTHER, "unknown": Gender.UNDISCLOSED}
_WIRE_GENDER = {core: wire_name for wire_name, core in GENDERS.items()}

# Dutch salutations (the seed's `Dhr. Dr. T de Ester`); none for other or unknown genders.
SALUTATIONS = {Gender.MALE: "Dhr.", Gender.FEMALE: "Mevr."}


def wire_field(core_field: str | None) -> str:
    """The attribute a refusal names: the wire spelling of the core field, without list indexes
    (`division_ids.1` → `division_ids`, as Rails names attributes); `base` when no field is concerned."""
    if not core_field:
        return "base"
    head = core_field.split(".")[0]
    return _WIRE_NAME.get(core_field) or _WIRE_NAME.get(head) or head


def _given(model: wire._Request) -> dict[str, Any]:
    return {name: getattr(model, name) for name in model.model_fields_set}


def _joined(*parts: str | None) -> str:
    """Parts with single spaces between them, empty ones left out (no doubled spaces)."""
    return " ".join(p.strip() for p in parts if p and p.strip())


# Users ---------------------------------------------------------------------------------------------------------------


def to_core_user(request: wire.UserRequest) -> StaffChanges:
    return StaffChanges(**{STAFF_FIELDS[name]: value for name, value in _given(request).items()})


def full_name_of_user(staff: Staff) -> str:
    """Titles, initials, last name (seed 002). A staff member written elsewhere without initials shows a first name."""
    return _joined(staff.titles, staff.initials or staff.first_name, staff.last_name)


def to_wire_user(staff: Staff) -> wire.User:
    return wire.User(
        id=to_hex24(staff.id),
        titles=staff.titles,
        initials=staff.initials,
        last_name=staff.last_name,
        full_name=full_name_of_user(staff),
        email=staff.email,
        address=staff.street,
        postal_code=staff.postal_code,
        city=staff.city,
        roles=list(ROLES),
    )


# Clients -------------------------------------------------------------------------------------------------------------


def to_core_client(request: wire.ClientRequest) -> ClientChanges:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in _given(request).items():
        core = CLIENT_FIELDS[name]
        if core.startswith("extra."):
            extra[core.removeprefix("extra.")] = value
        elif name == "gender":
            values[core] = GENDERS[value] if value else None
        elif name == "date_of_birth":
            values[core] = parse_iso_date(value) if value else None
        else:
            values[core] = value
    if extra:
        values["extra"] = extra
    return ClientChanges(**values)


def _gender(client: Client) -> Gender | None:
    return next((g for g in Gender if g == client.gender), None)


def client_full_name(client: Client) -> str:
    """`Dhr. Dr. T de Ester`: salutation (the stored one, else Dutch by gender), titles, initials, surname prefix,
    last name. Without initials a client written elsewhere shows a first name; with no name parts, the core's."""
    gender = _gender(client)
    salutation = client.salutation or (SALUTATIONS.get(gender) if gender else None)
    name = _joined(client.titles, client.initials or client.first_name, client.surname_prefix, client.last_name)
    return _joined(salutation, name or client.full_name)


def authentication_token(server_key: str, client: Client) -> str:
    """The client's own token (K7), derived rather than stored: stable, unique per client and server key, and
    nothing secret sits in the database. 20 characters, like the seed's `M94sNGjyKEH2U3yTxRAx`."""
    return keyed_hash(server_key, f"webcamconsult:client:{client.business_id}:{client.id}")[:20]


def to_wire_client(client: Client, time_zone: str) -> wire.Client:
    extra = client.extra or {}
    return wire.Client(
        id=to_hex24(client.id),
        email=client.email,
        titles=client.titles,
        initials=client.initials,
        surname_prefix=client.surname_prefix,
        last_name=client.last_name,
        client_full_name=client_full_name(client),
        external=extra.get("wcc_external"),
        gender=_WIRE_GENDER.get(gender) if (gender := _gender(client)) else None,
        date_of_birth=date_to_iso_ms(client.birth_date, time_zone) if client.birth_date else None,
        reference_code=client.reference_code,
        division_ids=list(extra.get("wcc_division_ids") or []),
    )


def to_wire_client_item(client: Client, time_zone: str, server_key: str) -> wire.ClientListItem:
    return wire.ClientListItem(
        **to_wire_client(client, time_zone).model_dump(), authentication_token=authentication_token(server_key, client)
    )


# Appointments --------------------------------------------------------------------------------------------------------


def _core_id(value: str, field: str, errors: list[FieldError]) -> int | None:
    """A referenced record's core id; a well-formed id no core record can have is reported as not existing."""
    core_id = from_hex24(value)
    if core_id is None:
        errors.append(FieldError(field, Reason.NOT_FOUND, f"{field} does not exist", value))
    return core_id


def to_core_appointment(request: wire.AppointmentRequest, time_zone: str) -> AppointmentChanges:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in _given(request).items():
        core = APPOINTMENT_FIELDS[name]
        if core.startswith("extra."):
            extra[core.removeprefix("extra.")] = value
        elif name in ("client_id", "date") and value is None:
            errors.append(FieldError(core, Reason.REQUIRED, f"{name} is required"))
        elif name in ("user_id", "client_id", "created_by_user_id"):
            values[core] = _core_id(value, core, errors) if value else None
        elif name == "date":
            values[core] = parse_iso_datetime(value, time_zone)
        else:
            values[core] = value
    if errors:
        raise ValidationFailed(errors)
    if extra:
        values["extra"] = extra
    return AppointmentChanges(**values)


def _iso(moment: Any, time_zone: str) -> str | None:
    return to_iso_ms(moment, time_zone) if moment is not None else None


def to_wire_appointment(appointment: Appointment, time_zone: str) -> wire.Appointment:
    extra = appointment.extra or {}
    return wire.Appointment(
        id=to_hex24(appointment.id),
        user_id=to_hex24(appointment.staff_id) if appointment.staff_id else None,
        client_id=to_hex24(appointment.client_id),
        created_by_user_id=to_hex24(appointment.created_by_staff_id) if appointment.created_by_staff_id else None,
        date=to_iso_ms(appointment.starts_at, time_zone),
        orig_date=_iso(appointment.orig_starts_at, time_zone),
        started_at=_iso(appointment.started_at, time_zone),
        created_at=to_iso_ms(appointment.created_at, time_zone),
        state=appointment.state,
        division_id=extra.get("wcc_division_id"),
        duration=appointment.duration_minutes,
        external_participant_ids=list(extra.get("wcc_external_participant_ids") or []),
        inloop_json=extra.get("wcc_inloop_json"),
    )
