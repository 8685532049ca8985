from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table

from clientbook.store import writes
from clientbook.store.models import Event, utcnow

from ._base import Repository

_EVENTS = cast(Table, Event.__table__)


class EventRepository(Repository):
    async def add(  # type: ignore[override]
        self, business_id: int, entity: str, entity_id: int, action: str, changes: dict[str, Any], actor: str | None
    ) -> None:
        """Append one event row now, in the write's transaction (nothing reads it back as an object)."""
        row = {
            "business_id": business_id,
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "changes": changes,
            "actor": actor,
            "created_at": utcnow(),
        }
        await writes.insert_row(self.session, _EVENTS, row)
