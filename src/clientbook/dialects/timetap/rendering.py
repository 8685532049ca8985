"""TimeTap client objects as the wire shows them (seed 001 object table): the client with its view (tags, notes,
custom fields, access) as one JSON object, scheduler-field objects, and the search pseudo-row. Pure functions, no I/O;
what a request body means for the core is in `mapping.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from clientbook.core.fields import is_builtin
from clientbook.core.types import ClientStatus, Gender
from clientbook.store.models import Client, FieldDefinition

from . import wire
from .mapping import GENDER_LABELS, STATUS_LABELS, epoch_ms


@dataclass(frozen=True)
class FieldSlot:
    """One active scheduler field as every client of a view shows it: the definition's part of the object, read from
    the ORM row once per view (a page of 50 clients with 16 fields read each definition's 8 attributes 800 times)."""

    definition_id: int
    # A built-in field's code is the client object's property of the same value (firstName, state, sex…), so its
    # value is read from the object; a custom field's from the client's field values.
    builtin: bool
    code: str
    template: Mapping[str, Any]  # the field object with "value": None, in wire order


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

    @cached_property
    def slots(self) -> tuple[FieldSlot, ...]:
        return tuple(FieldSlot(d.id, is_builtin(d), d.code, scheduler_field(d)) for d in self.definitions if d.active)

    @cached_property
    def zone(self) -> dict[str, Any] | None:
        return time_zone_object(self.time_zone)


def time_zone_object(code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    return {"timeZoneId": None, "timeZoneCode": code, "timeZoneDesc": code, "visible": True, "sortOrder": None}


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
    fields: list[dict[str, Any]] = []
    data_list: list[dict[str, Any]] = []
    data_map: dict[str, str] = {}
    cell_phone = client.mobile_phone_raw or client.mobile_phone
    extra = (client.extra or {}).get("timetap", {})
    zone = time_zone_object(client.time_zone) if client.time_zone else view.zone
    full_name, email = client.full_name, client.email
    result: dict[str, Any] = {
        "address1": client.street,
        "address2": client.street2,
        "businessId": client.business_id,
        "businessPhone": client.business_phone,
        "cellPhone": cell_phone,
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
        "emailAddress": email,
        "externalUserName": client.external_user_name,
        "fieldDataList": data_list,
        "fieldDataMap": data_map,
        "fields": fields,
        "firstName": client.first_name,
        "formList": [] if view.show_forms else None,
        "fullName": full_name,
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
        "textSearchable": " ".join(p for p in (full_name, email) if p) or None,
        "timeZone": zone,
        "timeZoneCode": zone,
        "viewClientAccountIds": view.viewers.get(client.id, []),
        "zip": client.postal_code,
    }
    for name in wire.PASSTHROUGH:
        result[name] = extra.get(name)
    result.update(_NULLS)
    custom = view.custom.get(client.id, {})
    for slot in view.slots:  # filled in place: the three lists keep their places among the properties
        value = result[slot.code] if slot.builtin else custom.get(slot.definition_id)
        fields.append({**slot.template, "value": value})
        if value is not None:
            data_list.append({"schedulerPreferenceFieldDefnId": slot.definition_id, "value": value})
            data_map[str(slot.definition_id)] = value
    return result


_NULLS = dict.fromkeys(wire.NULL_PROPERTIES)


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
