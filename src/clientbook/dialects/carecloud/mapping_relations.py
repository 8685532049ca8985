"""Pure translation of customer relations and their types to the CareCloud wire (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core.customer_relations import Seen
from clientbook.core.relation_types import RelationType
from clientbook.store.models import utcnow

from .conventions import compact, render_datetime

RELATION_WIRE_NAMES = {"client_id": "customer_id"}


def relation_type(record: RelationType) -> dict[str, Any]:
    return {"customer_relation_type_id": str(record.id), "name": record.name, "state": 1}


def related_customer(seen: Seen, tz: str) -> dict[str, Any]:
    """A relation as the path's customer sees it; an ended relation reads state 0 (deleted)."""
    relation = seen.relation
    result = {
        "customer_relation_id": str(relation.id),
        "related_customer_id": str(seen.related_client_id),
        "short_name": seen.related_name or None,
        "customer_relation_type_id": str(relation.relation_type),
        "is_leading": seen.related_leads,
        "valid_from": render_datetime(relation.valid_from, tz),
        "valid_to": render_datetime(relation.valid_to, tz),
        "last_change": render_datetime(relation.updated_at, tz),
        "state": 1 if seen.current(utcnow()) else 0,
    }
    return compact(result)
