"""CareCloud wire ↔ core (carecloud-openapi.yaml; vendors.md §2). Pure functions, no I/O.

Customers are clients, users are staff, stores are branches, bookings are appointments, messages are SMS. What the
core has no column for (gender "Miss", address lines 3–7, consents, store codes…) rides in `extra["carecloud"]`, so
nothing a CareCloud client sent is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from clientbook.core.client_profiles import ClientProfile
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import FieldError, ValidationFailed
from clientbook.core.types import ClientType, Gender
from clientbook.store.models import Appointment, Branch, Client, Staff

from . import wire
from .conventions import body_id, compact, parse_date, render_date, render_datetime, render_id

EXTRA = "carecloud"

# Wire name (dotted for nested fields) → core field; feeds error messages and docs/fields.md.
CLIENT_FIELDS: Mapping[str, str] = {
    "customer_id": "id",
    "personal_information.salutation": "salutation",
    "personal_information.gender": "gender",
    "personal_information.first_name": "first_name",
    "personal_information.last_name": "last_name",
    "personal_information.pre_nominals": "titles",
    "personal_information.post_nominals": "post_nominals",
    "personal_information.birthdate": "birth_date",
    "personal_information.email": "email",
    "personal_information.phone": "mobile_phone",
    "personal_information.language_id": "language",
    "personal_information.store_id": "branch_id",
    "personal_information.address.address1": "street",
    "personal_information.address.address2": "street2",
    "personal_information.address.city": "city",
    "personal_information.address.zip": "postal_code",
    "personal_information.address.country_code": "country",
    "customer_source.customer_source_id": "customer_source_id",
    "password": "password",
    "last_change": "updated_at",
    "state": "client_type",
}

STAFF_FIELDS: Mapping[str, str] = {
    "user_id": "id",
    "login": "email",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "phone": "mobile_phone",
    "store_id": "branch_id",
    "user_role_ids": "staff_type",
}

STORE_FIELDS: Mapping[str, str] = {
    "store_id": "id",
    "name": "name",
    "contact_email": "email",
    "phone_number": "phone",
    "store_address.address1": "street",
    "store_address.city": "city",
    "store_address.zip": "postal_code",
    "store_address.country_code": "country",
    "store.partner_id": "partner_id",  # a store names one of the business's partners (core/branches.py)
}

BOOKING_FIELDS: Mapping[str, str] = {
    "booking_id": "id",
    "customer_id": "client_id",
    "booking_status": "state",
    "booking_items.0.time_slot_id": "starts_at",
}

CUSTOMER_WIRE_NAMES = {core: name for name, core in CLIENT_FIELDS.items()}
USER_WIRE_NAMES = {core: name for name, core in STAFF_FIELDS.items()}
STORE_WIRE_NAMES = {core: name for name, core in STORE_FIELDS.items()}
BOOKING_WIRE_NAMES = {
    "client_id": "booking.customer_id",
    "starts_at": "booking.booking_items.0.time_slot_id",
    "duration_minutes": "booking.booking_items.0.time_slot_id",
    "state": "booking.booking_status",
}
MESSAGE_WIRE_NAMES = {"client_id": "message.customer_id", "body": "message.message_data", "id": "message_id"}
SEGMENT_WIRE_NAMES = {"client_id": "customer_id"}

# 1 Male, 2 Female, 3 Miss, 4 Private, 5 Other (PersonalInformation.gender).
GENDER_TO_CORE = {1: Gender.MALE, 2: Gender.FEMALE, 3: Gender.FEMALE, 4: Gender.UNDISCLOSED, 5: Gender.OTHER}
GENDER_TO_WIRE = {Gender.MALE: 1, Gender.FEMALE: 2, Gender.UNDISCLOSED: 4, Gender.OTHER: 5}

_ADDRESS_CORE = {"address1": "street", "address2": "street2", "city": "city", "zip": "postal_code"}


class Renamed(Mapping[str, str]):
    """Core field → wire name by a rule rather than a table, for a body whose refusals name nested and listed fields
    (`items.2.paid_amount` → `bill.bill_items.2.paid_amount`): `spell` gives a field's wire name (KeyError for one it
    does not name); the keys are the `plain` names of the table it extends."""

    def __init__(self, plain: Mapping[str, str], spell: Callable[[str], str]) -> None:
        self._plain, self._spell = plain, spell

    def __getitem__(self, core_field: str) -> str:
        return self._spell(core_field)

    def __iter__(self) -> Iterator[str]:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)


def wire_field(core_field: str | None, names: Mapping[str, str] | None = None) -> str | None:
    if core_field is None:
        return None
    return (names or {}).get(core_field, core_field)


def _extra(record: Client | Branch | Appointment) -> dict[str, Any]:
    value = (record.extra or {}).get(EXTRA)
    return value if isinstance(value, dict) else {}


def _digits(phone: str | None) -> str | None:
    """E.164 `+420601…` → the wire's `420601…` (digits with the international prefix)."""
    return phone.lstrip("+") if phone else None


def phone_to_core(phone: str | None) -> str | None:
    if phone is None or not phone.strip():
        return None
    text = phone.strip()
    return text if text.startswith("+") else "+" + text


# ---- customers ---------------------------------------------------------------------------------------------------


def to_core_client(body: wire.Customer, *, source: wire.CustomerSourceRecord | None = None) -> ClientChanges:
    """The whole customer (a PUT replaces it: what is left out is cleared), keeping CareCloud-only values. Phone,
    language and country go as given: the core checks them against the rules CareCloud asks for (RULES)."""
    info = body.personal_information
    address = info.address or wire.Address()
    extra: dict[str, Any] = {
        "gender": info.gender,
        "address": {k: v for k, v in address.model_dump().items() if k.startswith("address") and k[-1] in "34567"},
        "consents": [c.model_dump() for c in info.consents or []],
        "agreement": info.agreement,
    }
    values: dict[str, Any] = {
        "salutation": info.salutation,
        "gender": GENDER_TO_CORE.get(info.gender) if info.gender else None,
        "first_name": info.first_name,
        "last_name": info.last_name,
        "titles": info.pre_nominals,
        "post_nominals": info.post_nominals,
        "email": info.email,
        "mobile_phone": info.phone,
        "language": info.language_id,
        "country": address.country_code,
        **{core: getattr(address, name) for name, core in _ADDRESS_CORE.items()},
    }
    if source is not None:
        extra["source_external_id"] = source.external_id
    return ClientChanges(**values, extra={EXTRA: extra})


def _parsed(body: wire.Customer, source: wire.CustomerSourceRecord | None) -> tuple[dict[str, Any], list[FieldError]]:
    """The customer's date and ids as core values, and what in them could not be read (named on the wire)."""
    info = body.personal_information
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    try:
        values["birth_date"] = parse_date(info.birthdate, "personal_information.birthdate")
    except ValidationFailed as error:
        errors += error.errors
    try:
        values["branch_id"] = body_id(info.store_id, "personal_information.store_id")
        if source is not None:
            values["customer_source_id"] = body_id(source.customer_source_id, "customer_source.customer_source_id")
    except ValidationFailed as error:
        errors += error.errors
    return values, errors


def customer_profile(
    body: wire.Customer,
    *,
    source: wire.CustomerSourceRecord | None = None,
    password: str | None = None,
    current: Client | None = None,
) -> ClientProfile:
    """The core write of a whole customer: POST (with its source record) or PUT of `current`, which keeps the source
    record's external id (no part of a PUT). A password is set only when given."""
    changes = to_core_client(body, source=source)
    values, refused = _parsed(body, source)
    given = {**changes.given(), **values}
    if current is not None:
        kept = _extra(current).get("source_external_id")
        given["extra"] = {EXTRA: {**given["extra"][EXTRA], "source_external_id": kept}}
    if password is not None:
        given["password"] = password
    return ClientProfile(changes=ClientChanges(**given), refused=refused)


def _gender_of(client: Client) -> int | None:
    if client.gender is None:
        return None
    stored = _extra(client).get("gender")
    if isinstance(stored, int) and GENDER_TO_CORE.get(stored) == client.gender:
        return stored
    return GENDER_TO_WIRE.get(Gender(client.gender))


def state_of(deleted_at: datetime | None, inactive: bool = False) -> int:
    """0 deleted, 1 active, 2 inactive."""
    if deleted_at is not None:
        return 0
    return 2 if inactive else 1


def _address(client: Client) -> dict[str, Any]:
    lines = _extra(client).get("address") or {}
    country = client.country.lower() if client.country and len(client.country) == 2 else None  # the spec's `cz`
    return compact(
        {
            "address1": client.street,
            "address2": client.street2,
            **{k: lines.get(k) for k in ("address3", "address4", "address5", "address6", "address7")},
            "zip": client.postal_code,
            "city": client.city,
            "country_code": country,
        }
    )


def customer(client: Client, time_zone: str) -> dict[str, Any]:
    extra = _extra(client)
    consents = [
        {"consent_id": str(c["consent_id"]), "consent_value": c["consent_value"]}
        for c in extra.get("consents") or []
        if isinstance(c, dict) and "consent_id" in c
    ]
    info = compact(
        {
            "salutation": client.salutation,
            "gender": _gender_of(client),
            "first_name": client.first_name,
            "last_name": client.last_name,
            "pre_nominals": client.titles,
            "post_nominals": client.post_nominals,
            "birthdate": render_date(client.birth_date),
            "email": client.email,
            "phone": _digits(client.mobile_phone),
            "language_id": client.language or "en",
            "store_id": render_id(client.branch_id),
            "address": _address(client),
            "consents": consents,
        },
        keep_null=("gender",),
    )
    return {
        "customer_id": str(client.id),
        "personal_information": info,
        "last_change": render_datetime(client.updated_at, time_zone),
        "state": state_of(client.deleted_at, client.client_type == ClientType.INACTIVE),
    }


# ---- users (staff) -----------------------------------------------------------------------------------------------


def user(member: Staff, time_zone: str) -> dict[str, Any]:
    # Staff have no separate API login name: their e-mail address is it (or the id when they have none).
    return compact(
        {
            "user_id": str(member.id),
            "login": member.email or f"user{member.id}",
            "first_name": member.first_name or "",
            "last_name": member.last_name or "",
            "email": member.email or "",
            "phone": _digits(member.mobile_phone),
            "user_role_ids": [member.staff_type],
            "store_id": render_id(member.branch_id),
        }
    )


# ---- stores (branches) -------------------------------------------------------------------------------------------
