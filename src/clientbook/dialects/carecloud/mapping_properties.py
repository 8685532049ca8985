"""Pure translation between the CareCloud wire and core customer properties and property records (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core import customer_properties
from clientbook.core.customer_properties import Given, PropertyRecord
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.store.models import FieldDefinition

from .conventions import compact, record_id, render_datetime, required_id
from .wire_properties import PropertyRecordValue, PropertyRecordWrite

PROPERTY_WIRE_NAMES = {"client_id": "customer_id"}

# Core field type → the wire's `data_type`.
DATA_TYPES = {
    "TEXT": "string",
    "TEXTAREA": "string",
    "EMAIL": "string",
    "PHONE": "string",
    "DATE": "date",
    "CHECKBOX": "boolean",
    "NUMBER": "float",
    "LIST": "enum",
}


def _item(choice: str) -> dict[str, Any]:
    """A choice of an enum property as the wire's PropertyItem; the choice's text is its id."""
    return {"id": choice, "name": choice, "state": 1}


def customer_property(definition: FieldDefinition, tz: str) -> dict[str, Any]:
    result = {
        "property_id": str(definition.id),
        "name": definition.label,
        "description": "",
        "data_type": DATA_TYPES.get(definition.data_type, "string"),
        "items": [_item(c) for c in customer_properties.choices(definition)] or None,
        "is_required": definition.required,
        "is_unique": False,
        "last_change": render_datetime(definition.updated_at, tz),
        "state": 1,
    }
    return compact(result)


def property_record(record: PropertyRecord) -> dict[str, Any]:
    value: Any = record.value
    if record.definition.data_type == "LIST" and isinstance(value, str):
        value = [_item(value)]
    return {
        "property_record_id": record_id(record.definition.id, record.client_id),
        "property_id": str(record.definition.id),
        "property_name": record.definition.label,
        "property_value": value,
    }


def value_to_core(value: Any) -> Any:
    """An enum's value arrives as a one-item array of PropertyItem (or of its id): the core takes the choice."""
    if isinstance(value, list) and len(value) == 1:
        item = value[0]
        if isinstance(item, dict):
            return item.get("id") if item.get("id") is not None else item.get("name")
        return item
    return value


def given(item: PropertyRecordValue, prefix: str) -> Given:
    """A property record as a body gives it (a customer's or a store's), its refusals naming `<prefix>.property_id`
    and `<prefix>.property_value`."""
    property_id = required_id(item.property_id, f"{prefix}.property_id")
    return Given(property_id, value_to_core(item.property_value), f"{prefix}.property_value", f"{prefix}.property_id")


def written(body: PropertyRecordWrite, *, of_record: tuple[int, str] | None = None) -> Given:
    """The one property record a POST or PUT body writes (a customer's or a store's); a PUT's (`of_record`: the
    property and the path's id of the record it replaces) must name that record's property."""
    wanted = given(body.property_record, "property_record")
    if of_record is not None and wanted.property_id != of_record[0]:
        message = f"{wanted.property_path} must be the property of record {of_record[1]}"
        raise ValidationFailed.single(wanted.property_path, Reason.NOT_ALLOWED, message, str(wanted.property_id))
    return wanted
