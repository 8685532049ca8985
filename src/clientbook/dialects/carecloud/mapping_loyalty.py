"""Pure translation between the CareCloud loyalty wire and core points (no I/O)."""

from __future__ import annotations

import json
from typing import Any

from clientbook.core import points
from clientbook.store.models import utcnow
from clientbook.store.models.loyalty import PointRecord, PointReservation, PointType

from .conventions import named, render_datetime, render_id

# Core field → wire name, for refusals.
POINT_WIRE_NAMES = {
    "client_id": "customer_id",
    "from_client_id": "original_customer_id",
    "to_client_id": "new_customer_id",
    "expires_at": "expiration_time",
}

# Wire sort field → core sort key.
POINT_SORT = {
    "point_id": "id",
    "customer_id": "client_id",
    "point_type_id": "point_type_id",
    "assigned_points": "amount",
    "created_at": "created_at",
    "valid_to": "valid_to",
    "note": "note",
    "partner_id": "partner_id",
}
HISTORY_SORT = {
    "customer_id": "client_id",
    "point_amount": "amount",
    "point_operation_type": "operation",
    "point_operation_note": "note",
    "point_type_id": "point_type_id",
    "partner_id": "partner_id",
    "point_history_record_time": "created_at",
}
RESERVATION_SORT = {
    "points_reservation_id": "id",
    "customer_id": "client_id",
    "external_id": "external_id",
    "quantity": "amount",
    "state": "state",
    "expiration": "expires_at",
}


def point_type(record: PointType, tz: str) -> dict[str, Any]:
    return named("point_type_id", record, tz)


def point(record: PointRecord, tz: str) -> dict[str, Any]:
    """A point record: a lot (assigned, what is left of it) or a spend (negative, nothing available)."""
    lapsed = record.valid_to is not None and record.valid_to <= utcnow()
    result = {
        "point_id": str(record.id),
        "customer_id": str(record.client_id),
        "assigned_points": points.from_units(record.amount),
        "available_points": 0.0 if lapsed else points.from_units(record.remaining),
        "point_type_id": str(record.point_type_id),
        "partner_id": record.partner_id or "",
        "valid_to": render_datetime(record.valid_to, tz),
        "state": 2 if lapsed else 1,
        "created_at": render_datetime(record.created_at, tz),
        "note": record.note,
    }
    return {k: v for k, v in result.items() if v is not None}


def history(record: PointRecord, tz: str) -> dict[str, Any]:
    extended: dict[str, Any] = {}
    if record.counterpart_client_id is not None:
        extended["counterpart_customer_id"] = str(record.counterpart_client_id)
    if record.reservation_id is not None:
        extended["points_reservation_id"] = str(record.reservation_id)
    if record.purchase_id is not None:
        extended["purchase_id"] = str(record.purchase_id)
    result = {
        "customer_id": str(record.client_id),
        "point_amount": points.from_units(record.amount),
        "point_operation_type": record.operation,
        "point_operation_note": record.note,
        "point_type_id": str(record.point_type_id),
        "partner_id": record.partner_id,
        "point_history_record_time": render_datetime(record.created_at, tz),
        "extended_data": json.dumps(extended) if extended else None,
    }
    return {k: v for k, v in result.items() if v is not None}


def reservation(record: PointReservation, tz: str) -> dict[str, Any]:
    lapsed = record.state == 1 and record.expires_at is not None and record.expires_at <= utcnow()
    result = {
        "points_reservation_id": render_id(record.id),
        "customer_id": str(record.client_id),
        "external_id": record.external_id,
        "quantity": points.from_units(record.amount),
        "state": 2 if lapsed else record.state,
        "expiration": render_datetime(record.expires_at, tz),
    }
    return {k: v for k, v in result.items() if v is not None}
