"""Pure translation of the customer account's reference records to the CareCloud wire: consents (`agreements`),
external applications, interests and customer source records (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core.agreements import Agreement
from clientbook.store.models import Credential, CustomerSourceRecord, Tag

from .conventions import record_id, render_datetime

DEFAULT_APPLICATION_NAME = "API application"


def agreement(record: Agreement) -> dict[str, Any]:
    return {
        "agreement_id": record.id,
        "name": record.name,
        "text": record.text,
        "withdrawal_text": record.withdrawal_text,
        "text_id": record.text_id,
    }


def external_application(record: Credential, tz: str) -> dict[str, Any]:
    """An application key: its key is the id integrators send as `external_application_id`; a key revoked by
    `credentials rotate` reads state 2 (not active)."""
    extra = record.extra or {}
    result = {
        "external_application_id": record.key_id,
        "text_id": str(extra.get("text_id") or record.key_id),
        "name": str(extra.get("name") or DEFAULT_APPLICATION_NAME),
        "last_change": render_datetime(record.revoked_at or record.created_at, tz),
        "state": 1 if record.revoked_at is None else 2,
    }
    return {k: v for k, v in result.items() if v is not None}


def interest(tag: Tag) -> dict[str, Any]:
    return {"interest_id": str(tag.id), "name": tag.name}


def interest_record(tag: Tag, customer_id: int) -> dict[str, Any]:
    """No `last_change`: a customer's tag keeps no time of its own (the tag's would mislead)."""
    return {
        "interest_record_id": record_id(tag.id, customer_id),
        "interest_id": str(tag.id),
        "customer_id": str(customer_id),
    }


# Wire sort field → core sort key of source records (every scalar first-level field).
SOURCE_RECORD_SORT = {
    "customer_source_record_id": "id",
    "customer_source_id": "customer_source_id",
    "customer_id": "client_id",
    "external_id": "external_id",
    "last_change": "updated_at",
}


def source_record(record: CustomerSourceRecord, tz: str) -> dict[str, Any]:
    result = {
        "customer_source_record_id": str(record.id),
        "customer_source_id": str(record.customer_source_id),
        "customer_id": str(record.client_id),
        "external_id": record.external_id,
        "last_change": render_datetime(record.updated_at, tz),
    }
    return {k: v for k, v in result.items() if v is not None}
