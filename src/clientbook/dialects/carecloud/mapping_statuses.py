"""Pure translation between the CareCloud wire and core customer statuses and status records (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core import statuses
from clientbook.store.models import utcnow
from clientbook.store.models.statuses import Status, StatusRecord

from .conventions import compact, render_datetime

# Core field → wire name, for refusals.
STATUS_WIRE_NAMES = {"client_id": "customer_id"}

# The wire's `qualification_type`: 0 after creation of the account, 1 manually, 2 once the conditions are met.
QUALIFICATION_TYPES = {statuses.BASE: 0, statuses.MANUAL: 1, statuses.TURNOVER: 2}

# Wire sort field → core sort key (every scalar first-level field of a status record).
RECORD_SORT = {
    "status_record_id": "id",
    "status_id": "status_id",
    "customer_id": "client_id",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "last_change": "updated_at",
    "state": "state",
}


def validity_period(months: int | None) -> str:
    """The wire's words for how long a status is held (`2 years`, `18 months`, `unlimited`)."""
    if months is None:
        return "unlimited"
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} month" if months == 1 else f"{months} months"


def status(record: Status, tiers: list[Status], tz: str) -> dict[str, Any]:
    below, above = statuses.neighbours(tiers, record)
    turnover = []
    if record.qualification == statuses.TURNOVER:
        turnover = [{"currency_id": record.currency, "value": record.qualification_turnover / statuses.CENTS}]
    result = {
        "status_id": str(record.id),
        "name": record.name,
        "description": record.description,
        "qualification_period": record.qualification_months,
        "qualification_turnover": turnover,
        "previous_status": str(below.id) if below else None,
        "next_status": str(above.id) if above else None,
        "validity_period": validity_period(record.validity_months),
        "collection_points": True,
        "payment_points": True,
        "qualification_type": QUALIFICATION_TYPES[record.qualification],
        "discount": record.discount,
        "overall_discount_on_discounted_purchase_items": False,
        "text_id": record.text_id,
        "last_change": render_datetime(record.updated_at, tz),
    }
    return compact(result)


def status_record(record: StatusRecord, tiers: list[Status], tz: str) -> dict[str, Any]:
    """A record past its `valid_to` reads state 2, as one that was replaced does."""
    lapsed = record.state == 1 and record.valid_to is not None and record.valid_to <= utcnow()
    held = next((t for t in tiers if t.id == record.status_id), None)
    above = statuses.neighbours(tiers, held)[1] if held is not None else None
    result = {
        "status_record_id": str(record.id),
        "status_id": str(record.status_id),
        "customer_id": str(record.client_id),
        "valid_from": render_datetime(record.valid_from, tz),
        "valid_to": render_datetime(record.valid_to, tz),
        "purchase_conditions": {"next_status_id": str(above.id)} if above else None,
        "last_change": render_datetime(record.updated_at, tz),
        "state": 2 if lapsed else record.state,
    }
    return compact(result)
