"""TimeTap client objects as the wire shows them (seed 001 object table): the client with its view (tags, notes,
custom fields, access) as one JSON object, scheduler-field objects, and the search pseudo-row. Pure functions, no I/O;
what a request body means for the core is in `mapping.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from clientbook.core.fields import BUILTIN_COLUMNS, is_builtin
from clientbook.core.types import ClientStatus, Gender
from clientbook.store.models import Client, FieldDefinition

from . import wire
from .mapping import GENDER_LABELS, STATUS_LABELS, epoch_ms


@dataclass(frozen=True)
class ClientView:
    """Everything a client object shows beyond the client row, loaded for a whole page at once."""

    definitions: Sequence[FieldDefinition]
    time_zone: str
    tags: Mapping[int, list[str]]
    custom: Mapping[int, Mapping[int, str | None]]
    viewers: Mapping[int, list[int]]
    viewable: Mapping[int, list[int]]
    notes: Mapping[int, str | None]
    show_forms: bool = False


def time_zone_object(code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    return {"timeZoneId": None, "timeZoneCode": code, "timeZoneDesc": code, "visible": True, "sortOrder": None}


def _builtin_value(client: Client, code: str) -> str | None:
    value = getattr(client, BUILTIN_COLUMNS[code])
    if code == "cellPhone":
        value = client.mobile_phone_raw or client.mobile_phone
    elif code == "sex" and value is not None:
        value = GENDER_LABELS.get(Gender(value), value)
    elif isinstance(value, date):
        value = value.isoformat()
    return value if value is None else str(value)


def scheduler_field(definition: FieldDefinition, value: str | None = None) -> dict[str, Any]:
    return {
        "schedulerPreferenceFieldDefnId": definition.id,
        "businessId": definition.business_id,
        "code": definition.code,
        "label": definition.label,
        "dataType": definition.data_type,
        "required": definition.required,
        "active": definition.active,
        "sortOrder": definition.sort_order,
        "mode": "CLIENT",
        "value": value,
    }


def to_wire_client(client: Client, view: ClientView) -> dict[str, Any]:
    custom = view.custom.get(client.id, {})
    fields = []
    for definition in view.definitions:
        if not definition.active:
            continue
        value = _builtin_value(client, definition.code) if is_builtin(definition) else custom.get(definition.id)
        fields.append(scheduler_field(definition, value))
    data_list = [
        {"schedulerPreferenceFieldDefnId": f["schedulerPreferenceFieldDefnId"], "value": f["value"]}
        for f in fields
        if f["value"] is not None
    ]
    extra = (client.extra or {}).get("timetap", {})
    zone = time_zone_object(client.time_zone or view.time_zone)
    result: dict[str, Any] = {
        "address1": client.street,
        "address2": client.street2,
        "businessId": client.business_id,
        "businessPhone": client.business_phone,
        "cellPhone": client.mobile_phone_raw or client.mobile_phone,
        "city": client.city,
        "clientAccountId": client.id if client.password_hash else None,
        "clientId": client.id,
        "clientIdsClientCanView": view.viewable.get(client.id, []),
        "companyName": client.company_name,
        "country": client.country,
        "county": client.county,
        "createdDate": epoch_ms(client.created_at),
        "createdUser": client.created_by,
        "dateOfBirth": client.birth_date.isoformat() if client.birth_date else None,
        "deleted": client.deleted_at is not None,
        "emailAddress": client.email,
        "externalUserName": client.external_user_name,
        "fieldDataList": data_list,
        "fieldDataMap": {str(d["schedulerPreferenceFieldDefnId"]): d["value"] for d in data_list},
        "fields": fields,
        "firstName": client.first_name,
        "formList": [] if view.show_forms else None,
        "fullName": client.full_name,
        "homePhone": client.home_phone,
        "lastName": client.last_name,
        "locale": client.language,
        "modifiedDate": epoch_ms(client.updated_at),
        "modifiedUser": client.updated_by,
        "notes": view.notes.get(client.id),
        "password": None,
        "sex": GENDER_LABELS.get(Gender(client.gender)) if client.gender else None,
        "state": client.region,
        "status": STATUS_LABELS.get(ClientStatus(client.status), client.status),
        "tags": view.tags.get(client.id, []),
        "textSearchable": " ".join(p for p in (client.full_name, client.email) if p) or None,
        "timeZone": zone,
        "timeZoneCode": zone,
        "viewClientAccountIds": view.viewers.get(client.id, []),
        "zip": client.postal_code,
    }
    for name in wire.PASSTHROUGH:
        result[name] = extra.get(name)
    for name in wire.NULL_PROPERTIES:
        result[name] = None
    return result


_ADD_NEW_ROW_NULLS = (
    "cellPhone",
    "clientAccountId",
    "companyName",
    "createdDate",
    "createdUser",
    "dateOfBirth",
    "deleted",
    "emailAddress",
    "externalUserName",
    "fields",
    "firstName",
    "homePhone",
    "lastName",
    "locale",
    "modifiedDate",
    "modifiedUser",
    "password",
    "sex",
    "tags",
    "timeZone",
    "viewClientAccountIds",
)


def add_new_client_row(term: str) -> dict[str, Any]:
    """The pseudo-row `POST /clients/filter` ends with (seed 001): clientId -1, "Add new client: <term>"."""
    row: dict[str, Any] = dict.fromkeys((*_ADD_NEW_ROW_NULLS, *wire.PASSTHROUGH, *wire.NULL_PROPERTIES))
    row.update({"clientId": -1, "fullName": f"Add new client: {term}", "status": "Active"})
    return row
