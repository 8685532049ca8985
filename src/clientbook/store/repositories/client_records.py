"""What hangs off a client: tags, notes, custom field definitions and values, view permissions.

Every "for many clients" method answers in one query, so lists never query per client.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select

from clientbook.store.models import ClientAccess, ClientFieldValue, ClientTag, FieldDefinition, Note, Tag

from ._base import RecordRepository, Repository

_CLIENT_TAGS = cast(Table, ClientTag.__table__)
_CLIENT_ACCESS = cast(Table, ClientAccess.__table__)


class TagRepository(RecordRepository[Tag]):
    model = Tag

    async def names(self, business_id: int, *, contains: str | None = None) -> builtins.list[str]:
        query = select(Tag.name).where(Tag.business_id == business_id)
        if contains:
            query = query.where(Tag.name_normalized.contains(contains.lower(), autoescape=True))
        return builtins.list(await self.session.scalars(query.order_by(Tag.name_normalized)))

    async def by_keys(self, business_id: int, keys: Collection[str]) -> dict[str, Tag]:
        if not keys:
            return {}
        rows = await self.session.scalars(
            select(Tag).where(Tag.business_id == business_id, Tag.name_normalized.in_(keys))
        )
        return {t.name_normalized: t for t in rows}

    async def for_clients(self, business_id: int, client_ids: Collection[int]) -> dict[int, builtins.list[str]]:
        found: dict[int, builtins.list[str]] = defaultdict(builtins.list)
        if not client_ids:
            return found
        rows = await self.session.execute(
            select(ClientTag.client_id, Tag.name)
            .join(Tag, (Tag.business_id == ClientTag.business_id) & (Tag.id == ClientTag.tag_id))
            .where(ClientTag.business_id == business_id, ClientTag.client_id.in_(client_ids))
            .order_by(Tag.name_normalized)
        )
        for client_id, name in rows:
            found[client_id].append(name)
        return found

    async def tag_ids_of(self, business_id: int, client_id: int) -> set[int]:
        rows = await self.session.scalars(
            select(ClientTag.tag_id).where(ClientTag.business_id == business_id, ClientTag.client_id == client_id)
        )
        return set(rows)

    async def attach(self, business_id: int, client_id: int, tag_ids: Collection[int]) -> None:
        rows = [{"business_id": business_id, "client_id": client_id, "tag_id": tag_id} for tag_id in tag_ids]
        await self.add_rows(_CLIENT_TAGS, rows)

    async def detach(self, business_id: int, client_id: int, tag_ids: Collection[int]) -> None:
        if tag_ids:
            await self.session.execute(
                delete(ClientTag).where(
                    ClientTag.business_id == business_id,
                    ClientTag.client_id == client_id,
                    ClientTag.tag_id.in_(tag_ids),
                )
            )


class NoteRepository(RecordRepository[Note]):
    model = Note

    async def for_clients(self, business_id: int, client_ids: Collection[int]) -> dict[int, builtins.list[Note]]:
        found: dict[int, builtins.list[Note]] = defaultdict(builtins.list)
        if not client_ids:
            return found
        rows = await self.session.scalars(
            select(Note)
            .where(Note.business_id == business_id, Note.client_id.in_(client_ids), Note.deleted_at.is_(None))
            .order_by(Note.client_id, Note.id)
        )
        for note in rows:
            found[note.client_id].append(note)
        return found

    async def delete_for_client(self, business_id: int, client_id: int, at: datetime) -> None:
        """Soft-delete the client's live notes."""
        where = (Note.business_id == business_id, Note.client_id == client_id, Note.deleted_at.is_(None))
        await self.update_where(Note, {"deleted_at": at}, *where)


# Built once: every TimeTap request that shows or writes a client reads the definitions (building the select cost
# ~4% of a TimeTap create's CPU in the profile, building its WHERE clause anew each time).
_DEFINITIONS = (
    select(FieldDefinition)
    .where(FieldDefinition.business_id == bindparam("business_id"), FieldDefinition.entity == bindparam("entity"))
    .order_by(FieldDefinition.sort_order, FieldDefinition.id)
)


class FieldRepository(RecordRepository[FieldDefinition]):
    model = FieldDefinition
    order = ("sort_order", "id")

    async def definitions(self, business_id: int, entity: str) -> builtins.list[FieldDefinition]:
        rows = await self.session.scalars(_DEFINITIONS, {"business_id": business_id, "entity": entity})
        return builtins.list(rows)

    async def values_for(self, business_id: int, client_ids: Collection[int]) -> dict[int, dict[int, str | None]]:
        found: dict[int, dict[int, str | None]] = defaultdict(dict)
        if not client_ids:
            return found
        rows = await self.session.execute(
            select(ClientFieldValue.client_id, ClientFieldValue.field_id, ClientFieldValue.value).where(
                ClientFieldValue.business_id == business_id, ClientFieldValue.client_id.in_(client_ids)
            )
        )
        for client_id, field_id, value in rows:
            found[client_id][field_id] = value
        return found

    async def set_value(self, business_id: int, client_id: int, field_id: int, value: str | None) -> None:
        record = await self.session.get(ClientFieldValue, (business_id, client_id, field_id))
        if record is None:
            if value is not None:
                await self.add(
                    ClientFieldValue(business_id=business_id, client_id=client_id, field_id=field_id, value=value)
                )
        elif value is None:
            await self.delete_row(record)
        else:
            await self.save(record, {"value": value})


class AccessRepository(Repository):
    """`viewer_client_id` may view `client_id`: PK (business, viewer, client) and index (business, client).

    The same link read from either end: `side` is the column given, the other one is answered.
    """

    async def _others(self, business_id: int, side: Any, other: Any, ids: Collection[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        if ids:
            rows = await self.session.execute(
                select(side, other).where(ClientAccess.business_id == business_id, side.in_(ids)).order_by(other)
            )
            for key, value in rows:
                found[cast(int, key)].append(cast(int, value))
        return found

    async def _replace(self, business_id: int, side: Any, other: Any, id: int, others: Sequence[int]) -> None:
        await self.session.execute(delete(ClientAccess).where(ClientAccess.business_id == business_id, side == id))
        rows = [{"business_id": business_id, side.key: id, other.key: value} for value in dict.fromkeys(others)]
        await self.add_rows(_CLIENT_ACCESS, rows)

    async def viewers_of(self, business_id: int, client_ids: Collection[int]) -> dict[int, list[int]]:
        return await self._others(business_id, ClientAccess.client_id, ClientAccess.viewer_client_id, client_ids)

    async def viewable_by(self, business_id: int, viewer_ids: Collection[int]) -> dict[int, list[int]]:
        return await self._others(business_id, ClientAccess.viewer_client_id, ClientAccess.client_id, viewer_ids)

    async def replace_viewers(self, business_id: int, client_id: int, viewer_ids: Sequence[int]) -> None:
        await self._replace(business_id, ClientAccess.client_id, ClientAccess.viewer_client_id, client_id, viewer_ids)

    async def replace_viewable(self, business_id: int, viewer_id: int, client_ids: Sequence[int]) -> None:
        await self._replace(business_id, ClientAccess.viewer_client_id, ClientAccess.client_id, viewer_id, client_ids)
