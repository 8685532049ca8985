"""Pure translation between the CareCloud wire and core credits and partners (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core import points
from clientbook.core.credits import Overview
from clientbook.store.models.credits import CreditRecord, CreditType
from clientbook.store.models.partners import Partner, PartnerRecord

from .conventions import compact, named, render_datetime

# Core field → wire name, for refusals.
CREDIT_WIRE_NAMES = {
    "client_id": "customer_id",
    "from_client_id": "original_customer_id",
    "to_client_id": "new_customer_id",
    "currency": "currency_id",
}

# Wire sort field → core sort key: every first-level field of the records. Fields every record shares (`state`;
# `valid_to` and `store_id`, which credits never have) keep the ledger's order.
CREDIT_SORT = {
    "credit_id": "id",
    "customer_id": "client_id",
    "assigned_credits": "amount",
    "available_credits": "remaining",
    "credit_type_id": "credit_type_id",
    "partner_id": "partner_id",
    "currency_id": "currency",
    "note": "note",
    "valid_to": "id",
    "state": "id",
}
HISTORY_SORT = {
    "customer_id": "client_id",
    "amount": "amount",
    "credit_operation_type": "operation",
    "credit_operation_note": "note",
    "partner_id": "partner_id",
    "currency_id": "currency",
    "store_id": "id",
    "credit_history_record_time": "created_at",
}


def _partner_id(record: CreditRecord) -> str:
    return "" if record.partner_id is None else str(record.partner_id)  # transfers name no partner


def credit_type(record: CreditType, tz: str) -> dict[str, Any]:
    return named("credit_type_id", record, tz)


def credit(record: CreditRecord) -> dict[str, Any]:
    """A credit record: a lot (deposited, what is left of it) or a spend (negative, nothing available)."""
    return compact(
        {
            "credit_id": str(record.id),
            "customer_id": str(record.client_id),
            "assigned_credits": points.from_units(record.amount),
            "available_credits": points.from_units(record.remaining),
            "credit_type_id": str(record.credit_type_id),
            "partner_id": _partner_id(record),
            "currency_id": record.currency,
            "state": 1,
            "note": record.note,
        }
    )


def history(record: CreditRecord, tz: str) -> dict[str, Any]:
    return compact(
        {
            "customer_id": str(record.client_id),
            "amount": points.from_units(record.amount),
            "credit_operation_type": record.operation,
            "credit_operation_note": record.note,
            "partner_id": _partner_id(record),
            "currency_id": record.currency,
            "credit_history_record_time": render_datetime(record.created_at, tz),
        }
    )


def partner(record: Partner) -> dict[str, Any]:
    return compact(
        {
            "partner_id": str(record.id),
            "name": record.name,
            "registration_id": record.registration_id,
            "vat_id": record.vat_id,
            "email": record.email,
            "phone": record.phone,
            "state": 1,
        }
    )


def partner_record(record: PartnerRecord, tz: str) -> dict[str, Any]:
    return {
        "partner_record_id": str(record.id),
        "partner_id": str(record.partner_id),
        "last_change": render_datetime(record.updated_at, tz),
    }


def overview(found: list[Overview]) -> dict[str, Any]:
    """The wallet's credits: totals over every currency, and each currency's own."""
    return {
        "earned_credits": round(sum(o.earned for o in found), 2),
        "redeemed_credits": round(sum(o.redeemed for o in found), 2),
        "available_credits": round(sum(o.available for o in found), 2),
        "split_by_currency": [
            {
                "currency_id": o.currency,
                "earned_credits": o.earned,
                "redeemed_credits": o.redeemed,
                "available_credits": o.available,
            }
            for o in found
        ],
    }
