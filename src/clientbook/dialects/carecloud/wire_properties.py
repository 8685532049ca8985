"""CareCloud customer property-record request bodies, as the vendor's spec types them. A value's type is its
property's (string, number, boolean, date, or an enum's one-item array): the core checks it against the property."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from .wire import RequiredId, _Wire


class PropertyRecordValue(_Wire):
    property_id: RequiredId
    property_value: Any = None


class PropertyRecordWrite(_Wire):
    """POST and PUT `customers/{id}/property-records`."""

    property_record: PropertyRecordValue


class PropertyRecordBatch(_Wire):
    property_records: Annotated[list[PropertyRecordValue], Field(max_length=1000)]
    error_processing: Literal[1, 2] | None = None
