"""CareCloud wire ↔ core for what stores carry beyond the branch: store properties and their records, store groups
and a store's membership. Pure functions, no I/O; a store property reads like a customer property."""

from __future__ import annotations

from typing import Any

from clientbook.core.store_properties import StorePropertyRecord
from clientbook.store.models import Branch, FieldDefinition, LocationGroup

from .conventions import named, record_id, render_datetime
from .mapping_properties import customer_property


def store_property(definition: FieldDefinition, time_zone: str) -> dict[str, Any]:
    return customer_property(definition, time_zone)


def property_record(record: StorePropertyRecord) -> dict[str, Any]:
    """`property_record_id` is `<property_id>:<store_id>`, as a customer's records spell theirs."""
    value: Any = record.value
    if record.definition.data_type == "LIST" and isinstance(value, str):
        value = [{"id": value, "name": value, "state": 1}]  # an enum's value: its one PropertyItem
    return {
        "property_record_id": record_id(record.definition.id, record.branch_id),
        "property_id": str(record.definition.id),
        "property_name": record.definition.label,
        "property_value": value,
    }


def store_group(group: LocationGroup, time_zone: str) -> dict[str, Any]:
    return named("store_group_id", group, time_zone)


def store_group_record(branch: Branch, time_zone: str) -> dict[str, Any]:
    """A branch's one membership: its record id is `<store_group_id>:<store_id>`."""
    return {
        "store_group_record_id": f"{branch.location_group_id}:{branch.id}",
        "store_id": str(branch.id),
        "store_group_id": str(branch.location_group_id),
        "last_change": render_datetime(branch.updated_at, time_zone),
    }
