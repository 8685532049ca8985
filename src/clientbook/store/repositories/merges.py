"""Moving what belongs to merged clients onto the surviving client (one transaction, set-based statements)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from clientbook.store import writes
from clientbook.store.models import Appointment, Card, Client, ClientTag, Message, Note

from ._base import Repository


class MergeRepository(Repository):
    async def move_children(self, business_id: int, survivor_id: int, merged_ids: Collection[int]) -> dict[str, int]:
        """Re-point appointments, messages, notes and loyalty cards (a merged client's card identifies the survivor);
        give the survivor the merged clients' tags. Counts moved."""
        moved = {}
        for name, model in (("appointments", Appointment), ("messages", Message), ("notes", Note), ("cards", Card)):
            result = await self.session.execute(
                update(model)
                .where(model.business_id == business_id, model.client_id.in_(merged_ids))
                .values(client_id=survivor_id)
                .execution_options(synchronize_session=False)
            )
            moved[name] = int(result.rowcount)  # type: ignore[attr-defined]
        has = select(ClientTag.tag_id).where(ClientTag.business_id == business_id, ClientTag.client_id == survivor_id)
        new_tags = (
            select(ClientTag.business_id, ClientTag.client_id, ClientTag.tag_id)
            .where(
                ClientTag.business_id == business_id,
                ClientTag.client_id.in_(merged_ids),
                ClientTag.tag_id.not_in(has),
            )
            .distinct()
        )
        tag_ids: list[int] = list(await self.session.scalars(select(new_tags.subquery().c.tag_id).distinct()))
        if tag_ids:
            await self.session.execute(
                insert(ClientTag),
                [{"business_id": business_id, "client_id": survivor_id, "tag_id": t} for t in tag_ids],
            )
        await self.session.execute(
            delete(ClientTag).where(ClientTag.business_id == business_id, ClientTag.client_id.in_(merged_ids))
        )
        moved["tags"] = len(tag_ids)
        return moved

    async def mark_merged(
        self, business_id: int, survivor_id: int, merged: Collection[Client], at: datetime, actor: str | None
    ) -> None:
        """Soft-delete the merged clients (read in this session), pointing them at the survivor: one UPDATE."""
        values = {"merged_into_id": survivor_id, "deleted_at": at, "updated_at": at, "updated_by": actor}
        await self.session.execute(
            update(Client)
            .where(Client.business_id == business_id, Client.id.in_([client.id for client in merged]))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        for client in merged:
            writes.mark_committed(client, values)
