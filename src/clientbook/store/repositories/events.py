"""Events: appended by every write, read back in commit order by the change feed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, ColumnElement, Select, Table, and_, literal_column, or_, select, tuple_

from clientbook.store import ids, writes
from clientbook.store.models import Event, utcnow

from ._base import Repository
from .client_bulk import BulkRepository

_EVENTS = cast(Table, Event.__table__)
# The oldest transaction of this database still running (read-only transactions hold no id and do not count). Every
# transaction below it has ended, so no event with a smaller txid can appear any more: the feed's horizon. It is the
# snapshot's own list of running transactions less those pg_stat_activity shows in *other* databases (they cannot
# write our events, and a long one must not stall the feed); a transaction that ended meanwhile, or that the view does
# not show, still counts, which only holds the feed back. With none left, the horizon is the snapshot's xmax. Built
# into the same statement as the read, so both see one snapshot.
_HORIZON: ColumnElement[int] = literal_column(
    """(
    SELECT coalesce(
        (SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
         WHERE (x::text::bigint % 4294967296) NOT IN (
             SELECT backend_xid::text::bigint FROM pg_stat_activity
             WHERE datname IS DISTINCT FROM current_database() AND backend_xid IS NOT NULL)),
        pg_snapshot_xmax(pg_current_snapshot())::text::bigint))""",
    BigInteger,
)


def _row(
    business_id: int, entity: str, entity_id: int, action: str, changes: dict[str, Any], actor: str | None
) -> dict[str, Any]:
    return {
        "business_id": business_id,
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "changes": changes,
        "actor": actor,
        "created_at": utcnow(),
    }


class EventRepository(Repository):
    async def add(  # type: ignore[override]
        self, business_id: int, entity: str, entity_id: int, action: str, changes: dict[str, Any], actor: str | None
    ) -> None:
        """Append one event row now, in the write's transaction (nothing reads it back as an object). `txid` is
        left to the database's default."""
        await writes.insert_row(self.session, _EVENTS, _row(business_id, entity, entity_id, action, changes, actor))

    async def add_many(self, rows: Sequence[tuple[int, str, int, str, dict[str, Any], str | None]]) -> None:
        """Append a batch of events (business_id, entity, entity_id, action, changes, actor) in one statement."""
        if not rows:
            return
        values = [_row(*row) for row in rows]
        first = await ids.next_id(self.session, _EVENTS.name, len(values))  # SQLite: the batch's ids at once
        if first is not None:
            for offset, value in enumerate(values):
                value["id"] = first + offset
        await self.session.execute(_EVENTS.insert(), values)

    async def load(
        self,
        business_id: int,
        entity: str,
        action: str,
        items: Sequence[tuple[int, dict[str, Any]]],
        actor: str | None,
    ) -> None:
        """A block of events of one entity type and action (a bulk load's): ids reserved at once, then COPY on
        PostgreSQL or one executemany on SQLite."""
        if not items:
            return
        bulk = BulkRepository(self.session)
        first = await bulk.reserve_ids(_EVENTS.name, len(items))
        rows = [
            {"id": first + i, "entity_id": entity_id, "changes": changes}
            for i, (entity_id, changes) in enumerate(items)
        ]
        fixed = {"business_id": business_id, "entity": entity, "action": action, "actor": actor, "created_at": utcnow()}
        await bulk.load_events(rows, fixed)

    async def after(
        self, business_id: int, txid: int, event_id: int, limit: int, types: Sequence[str] = ()
    ) -> list[Event]:
        """Up to `limit` events past (txid, event_id), in (txid, id) order, of transactions that have all ended.

        `types` keeps events whose entity (`client`) or entity and action (`client.deleted`) is listed."""
        query = self._after(business_id, txid, event_id, types).limit(limit)
        return list(await self.session.scalars(query))

    async def last(self, business_id: int) -> tuple[int, int]:
        """The (txid, id) of the business's newest listed event; (0, 0) when there is none."""
        query = (
            select(Event.txid, Event.id)
            .where(Event.business_id == business_id)
            .order_by(Event.txid.desc(), Event.id.desc())
            .limit(1)
        )
        row = (await self.session.execute(query)).first()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def _after(self, business_id: int, txid: int, event_id: int, types: Sequence[str]) -> Select[Event]:
        query = (
            select(Event)
            .where(Event.business_id == business_id, tuple_(Event.txid, Event.id) > tuple_(txid, event_id))
            .order_by(Event.txid, Event.id)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.where(Event.txid < _HORIZON)
        if types:
            query = query.where(_of_types(types))
        return query


def _of_types(types: Sequence[str]) -> ColumnElement[bool]:
    entities = [t for t in types if "." not in t]
    pairs = [tuple(t.split(".", 1)) for t in types if "." in t]
    conditions: list[ColumnElement[bool]] = []
    if entities:
        conditions.append(Event.entity.in_(entities))
    conditions += [and_(Event.entity == entity, Event.action == action) for entity, action in pairs]
    return or_(*conditions)
