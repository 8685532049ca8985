"""TimeTap wire ↔ core (seed 001 object tables; vendors.md §1 and T1–T12). Pure functions, no I/O.

Decisions where the seed is silent or contradicts itself:
- `fields` is always an array of scheduler-field objects (T8); a built-in field's value maps onto its top-level
  property (`firstName`…), and an explicit top-level property wins over the field.
- `dateOfBirth` is emitted `YYYY-MM-DD` and accepted as that or epoch milliseconds (T9).
- `clientAccountId` is the client's own id once they have a scheduler login (a password); `viewClientAccountIds`
  lists the account ids that may view this client, `clientIdsClientCanView` the clients this one may view.
- `notes` reads as the client's live notes joined by newlines; writing it makes that text the client's one note.
- PUT replaces: optional scalar properties left out are cleared; lists (tags, fields, view permissions) and the
  password change only when given. PATCH changes only what is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clientbook.core.changes import UNSET, Unset
from clientbook.core.client_profiles import ClientProfile
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import FieldError, Reason
from clientbook.core.fields import is_builtin
from clientbook.core.text import is_digits
from clientbook.core.types import ClientStatus, Gender
from clientbook.store.models import FieldDefinition

from . import wire

# Wire property → core column for the plain text properties.
_TEXT = {
    "firstName": "first_name",
    "lastName": "last_name",
    "fullName": "full_name",
    "emailAddress": "email",
    "cellPhone": "mobile_phone",
    "homePhone": "home_phone",
    "businessPhone": "business_phone",
    "companyName": "company_name",
    "externalUserName": "external_user_name",
    "address1": "street",
    "address2": "street2",
    "city": "city",
    "county": "county",
    "state": "region",
    "zip": "postal_code",
    "country": "country",
    "locale": "language",
}

# Wire name → core field name; feeds error messages (named in the vendor's spelling) and docs/fields.md.
CLIENT_FIELDS: Mapping[str, str] = {
    "clientId": "id",
    "businessId": "business_id",
    **_TEXT,
    "dateOfBirth": "birth_date",
    "sex": "gender",
    "status": "status",
    "timeZone": "time_zone",
    "password": "password",
    "deleted": "deleted_at",
    "createdDate": "created_at",
    "modifiedDate": "updated_at",
    "createdUser": "created_by",
    "modifiedUser": "updated_by",
    "clientAccountId": "account_id",
    "notes": "notes",
    "tags": "tags",
    "fields": "fields",
    "viewClientAccountIds": "viewers",
    "clientIdsClientCanView": "viewable",
    **{name: f"extra.timetap.{name}" for name in wire.PASSTHROUGH},
}
STAFF_FIELDS: Mapping[str, str] = {}  # the seed documents no staff endpoints

# Query parameters the core names differently.
PARAMETERS: Mapping[str, str] = {"order_field": "order", "pageNumber": "offset", "pageSize": "limit"}

_WIRE_NAME = {core: name for name, core in {**CLIENT_FIELDS, **PARAMETERS}.items()}


def wire_field(field: str | None) -> str | None:
    """The wire spelling of a core field path (`viewers.2` → `viewClientAccountIds.2`)."""
    if not field:
        return field
    head, dot, rest = field.partition(".")
    if field in _WIRE_NAME:
        return _WIRE_NAME[field]
    return _WIRE_NAME.get(head, head) + dot + rest


GENDERS = {
    "male": Gender.MALE,
    "m": Gender.MALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "other": Gender.OTHER,
    "undisclosed": Gender.UNDISCLOSED,
    "unknown": Gender.UNDISCLOSED,
}
GENDER_LABELS = {Gender.MALE: "Male", Gender.FEMALE: "Female", Gender.OTHER: "Other", Gender.UNDISCLOSED: "Undisclosed"}
STATUSES = {"active": ClientStatus.ACTIVE, "blacklisted": ClientStatus.BLACKLISTED}
STATUS_LABELS = {ClientStatus.ACTIVE: "Active", ClientStatus.BLACKLISTED: "Blacklisted"}

# Left out of a PUT body, these are cleared; the required ones and status keep their value.
_KEPT_ON_PUT = {"firstName", "lastName", "fullName", "emailAddress", "status"}
_CONVERTED = ("dateOfBirth", "sex", "status", "timeZone")


def epoch_ms(value: datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def _birth_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) or (isinstance(value, str) and is_digits(value.strip().removeprefix("-"))):
        try:
            return datetime.fromtimestamp(int(value) / 1000, UTC).date()
        except (OverflowError, OSError, ValueError):
            raise ValueError("birth_date is not a date (YYYY-MM-DD or epoch milliseconds)") from None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError("birth_date is not a date (YYYY-MM-DD or epoch milliseconds)") from None


def _gender(value: Any) -> Gender | None:
    if value is None or not str(value).strip():
        return None
    try:
        return GENDERS[str(value).strip().lower()]
    except KeyError:
        raise ValueError("gender must be Male, Female, Other or Undisclosed") from None


def _time_zone(value: Any) -> str | None:
    if isinstance(value, wire.TimeZone):
        value = value.timeZoneCode or value.timeZoneDesc
    if value is None or not str(value).strip():
        return None
    try:
        ZoneInfo(str(value).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("time_zone is not a known time zone (e.g. US/Eastern)") from None
    return str(value).strip()


def _status(value: Any) -> ClientStatus:
    if value is None or str(value).strip().lower() not in STATUSES:
        raise ValueError("status must be Active or Blacklisted")
    return STATUSES[str(value).strip().lower()]


_CONVERTERS = {"dateOfBirth": _birth_date, "sex": _gender, "timeZone": _time_zone, "status": _status}
_CONVERTED_COLUMNS = {"dateOfBirth": "birth_date", "sex": "gender", "timeZone": "time_zone", "status": "status"}


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class _Write:
    """What one POST/PUT/PATCH body asks for, in core terms, collected as the body is read."""

    password: str | Unset | None = UNSET
    tags: list[str] | None = None
    notes: str | Unset | None = UNSET
    custom: dict[int, str | None] = field(default_factory=dict)
    custom_paths: dict[int, str] = field(default_factory=dict)
    viewers: list[int] | None = None
    viewable: list[int] | None = None


def _from_fields(
    body: wire.ClientRequest, definitions: Sequence[FieldDefinition], write: _Write, errors: list[FieldError]
) -> dict[str, Any]:
    """Built-in field values by wire property; custom ones go to `write.custom`."""
    by_id = {d.id: d for d in definitions}
    by_code = {d.code: d for d in definitions if is_builtin(d)}
    builtins: dict[str, Any] = {}
    for index, item in enumerate(body.fields or []):
        if item.schedulerPreferenceFieldDefnId is not None:
            definition = by_id.get(item.schedulerPreferenceFieldDefnId)
        else:
            definition = by_code.get(item.code or "")
        if definition is None:
            path = f"fields.{index}.schedulerPreferenceFieldDefnId"
            errors.append(FieldError(path, Reason.NOT_FOUND, f"{path}: no such scheduler field", item.model_dump()))
            continue
        if is_builtin(definition):
            builtins[definition.code] = item.value
        else:
            write.custom[definition.id] = _as_text(item.value)
            write.custom_paths[definition.id] = f"fields.{index}.value"
    return builtins


def _columns(values: dict[str, Any], errors: list[FieldError]) -> dict[str, Any]:
    """Core column values from wire property values (converted, or refused naming the core field)."""
    core: dict[str, Any] = {}
    for name, value in values.items():
        if name not in _CONVERTERS:
            core[_TEXT[name]] = _as_text(value)
        elif not (name == "status" and value is None):
            try:
                core[_CONVERTED_COLUMNS[name]] = _CONVERTERS[name](value)
            except ValueError as error:
                column = _CONVERTED_COLUMNS[name]
                errors.append(FieldError(column, Reason.INVALID_FORMAT, str(error), _as_text(value)))
    return core


def _wire_values(
    body: wire.ClientRequest,
    definitions: Sequence[FieldDefinition],
    write: _Write,
    replace: bool,
    errors: list[FieldError],
) -> dict[str, Any]:
    """Wire property → value: built-in fields first, then the top-level properties (which win)."""
    given = body.model_fields_set
    values: dict[str, Any] = _from_fields(body, definitions, write, errors) if "fields" in given else {}
    values = {k: v for k, v in values.items() if k in _TEXT or k in _CONVERTERS}
    for name in (*_TEXT, *_CONVERTERS):
        if name in given:
            values[name] = getattr(body, name)
        elif replace and name not in _KEPT_ON_PUT and name not in values:
            values[name] = None
    if "timeZoneCode" in given and "timeZone" not in given and body.timeZoneCode is not None:
        values["timeZone"] = body.timeZoneCode
    return values


def _lists(body: wire.ClientRequest, write: _Write) -> None:
    given = body.model_fields_set
    if "password" in given:
        write.password = body.password or None
    if "tags" in given:
        write.tags = list(body.tags or [])
    if "notes" in given:
        write.notes = body.notes
    if "viewClientAccountIds" in given:
        write.viewers = list(body.viewClientAccountIds or [])
    if "clientIdsClientCanView" in given:
        write.viewable = list(body.clientIdsClientCanView or [])


def to_core_client(
    body: wire.ClientRequest,
    definitions: Sequence[FieldDefinition],
    *,
    replace: bool,
    current_extra: Mapping[str, Any] | None = None,
) -> ClientProfile:
    """The core write a body asks for. `replace` (PUT) clears optional scalar properties the body leaves out; what
    cannot be read is the profile's `refused`, for the core to report."""
    write = _Write()
    errors: list[FieldError] = []
    core = _columns(_wire_values(body, definitions, write, replace, errors), errors)
    passthrough = {name: getattr(body, name) for name in wire.PASSTHROUGH if name in body.model_fields_set}
    if passthrough:
        core["extra"] = {"timetap": {**dict((current_extra or {}).get("timetap", {})), **passthrough}}
    _lists(body, write)
    return ClientProfile(
        changes=ClientChanges(**core, password=write.password),
        tags=write.tags,
        notes=write.notes,
        custom=write.custom,
        custom_paths=write.custom_paths,
        viewers=write.viewers,
        viewable=write.viewable,
        refused=errors,
    )
