from __future__ import annotations

from typing import Any

from clientbook.store import ids
from clientbook.store.models import Event

from ._base import Repository


class EventRepository(Repository):
    async def add_event(self, event: Event) -> None:
        await ids.add(self.session, event)

    async def add(  # type: ignore[override]
        self, business_id: int, entity: str, entity_id: int, action: str, changes: dict[str, Any], actor: str | None
    ) -> None:
        # Not flushed on its own: it rides along with the write it describes.
        await self.add_event(
            Event(
                business_id=business_id, entity=entity, entity_id=entity_id, action=action, changes=changes, actor=actor
            )
        )
