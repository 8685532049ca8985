"""Native API ↔ core: pure functions. The native API speaks the core's own field names."""

from __future__ import annotations

from clientbook.core import feed

from . import wire


def to_core_types(types: str | None) -> list[str]:
    """`types=client,staff.deleted` → ["client", "staff.deleted"]."""
    return [t for t in (types or "").split(",") if t.strip()]


def to_wire_change(change: feed.Change) -> wire.Change:
    return wire.Change(
        cursor=change.cursor,
        id=change.id,
        type=change.type,
        entity=change.entity,
        entity_id=change.entity_id,
        action=change.action,
        changes=change.changes,
        tombstone=change.tombstone,
        merged_into=change.merged_into,
        actor=change.actor,
        occurred_at=change.occurred_at,
    )


def to_wire_page(page: feed.Page) -> wire.ChangesPage:
    return wire.ChangesPage(
        data=[to_wire_change(c) for c in page.changes], next_cursor=page.next_cursor, has_more=page.has_more
    )
