"""TimeTap client objects as the wire shows them (seed 001 object table): the client with its view (tags, notes,
custom fields, access) as one JSON object, scheduler-field objects, and the search pseudo-row. Pure functions, no I/O;
what a request body means for the core is in `mapping.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from clientbook.core.fields import FieldShape, is_builtin
from clientbook.edge.rendered import Fragment, to_json
from clientbook.store.models import Client

from . import wire
from .mapping import GENDER_LABELS, STATUS_LABELS, epoch_ms


@dataclass(frozen=True)
class FieldSlot:
    """One active scheduler field as every client of a view shows it: the definition's part of the object, encoded
    once per view. A client shows 16 such objects (~3 KB of its ~5 KB), equal but for their values: copying a dict
    of 10 keys per object and serializing it again was half of a page's rendering."""

    definition_id: int
    # A built-in field's code is the client object's property of the same value (firstName, state, sex…), so its
    # value is read from the object; a custom field's from the client's field values.
    builtin: bool
    code: str
    head: bytes  # `{"schedulerPreferenceFieldDefnId":…,"mode":"CLIENT","value":`, the field object up to its value
    data_head: bytes  # `{"schedulerPreferenceFieldDefnId":…,"value":`, its fieldDataList element up to its value
    data_key: bytes  # `"<id>":`, its fieldDataMap key

    @classmethod
    def of(cls, definition: FieldShape) -> FieldSlot:
        head = to_json(scheduler_field(definition)).removesuffix(_NULL_VALUE)
        data_head = to_json({"schedulerPreferenceFieldDefnId": definition.id, "value": None}).removesuffix(_NULL_VALUE)
        return cls(definition.id, is_builtin(definition), definition.code, head, data_head, b'"%d":' % definition.id)


_NULL_VALUE = b"null}"


@dataclass(frozen=True)
class ClientView:
    """Everything a client object shows beyond the client row, loaded for a whole page at once."""

    definitions: Sequence[FieldShape]
    time_zone: str
    tags: Mapping[int, list[str]]
    custom: Mapping[int, Mapping[int, str | None]]
    viewers: Mapping[int, list[int]]
    viewable: Mapping[int, list[int]]
    notes: Mapping[int, str | None]
    show_forms: bool = False

    @cached_property
    def slots(self) -> tuple[FieldSlot, ...]:
        return tuple(FieldSlot.of(d) for d in self.definitions if d.active)

    @cached_property
    def zone(self) -> dict[str, Any] | None:
        return time_zone_object(self.time_zone)


def time_zone_object(code: str | None) -> dict[str, Any] | None:
    if code is None:
        return None
    return {"timeZoneId": None, "timeZoneCode": code, "timeZoneDesc": code, "visible": True, "sortOrder": None}


def scheduler_field(definition: FieldShape, value: str | None = None) -> dict[str, Any]:
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
    """The client object; its `fields`, `fieldDataList` and `fieldDataMap` are encoded JSON (`Fragment`s), so the
    object is answered through `edge.rendered` (orjson), never FastAPI's own serialization."""
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
        "fieldDataList": None,  # the three field lists are filled below, in their places among the properties
        "fieldDataMap": None,
        "fields": None,
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
        "sex": _SEX.get(client.gender) if client.gender else None,
        "state": client.region,
        "status": _STATUS.get(client.status, client.status),
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
    fields, data_list, data_map = [], [], []
    for slot in view.slots:
        value = result[slot.code] if slot.builtin else custom.get(slot.definition_id)
        encoded = to_json(value)
        fields.append(slot.head + encoded + b"}")
        if value is not None:
            data_list.append(slot.data_head + encoded + b"}")
            data_map.append(slot.data_key + encoded)
    result["fields"] = Fragment(b"[" + b",".join(fields) + b"]")
    result["fieldDataList"] = Fragment(b"[" + b",".join(data_list) + b"]")
    result["fieldDataMap"] = Fragment(b"{" + b",".join(data_map) + b"}")
    return result


_NULLS = dict.fromkeys(wire.NULL_PROPERTIES)
# The labels by the column's text: looking a row's value up as its enum (Gender(value)) cost more than the lookup.
_SEX: dict[str, str] = {gender.value: label for gender, label in GENDER_LABELS.items()}
_STATUS: dict[str, str] = {status.value: label for status, label in STATUS_LABELS.items()}


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
