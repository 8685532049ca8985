"""Record a domain event for every write, in the write's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.repositories.events import EventRepository

from .types import Tenant

_SECRET = frozenset({"password", "password_hash"})


def _safe(changes: dict[str, Any]) -> dict[str, Any]:
    # One class check a value, inline (a datetime is a date): this runs for every value of every event, a bulk
    # import's included, where a function call a value cost as much as the rest of the comprehension.
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in changes.items() if k not in _SECRET}


@dataclass(frozen=True)
class Pending:
    """An event of a batch written across tenants (the delivery worker's): the business is named per event."""

    business_id: int
    entity: str
    entity_id: int
    action: str
    changes: dict[str, Any] = field(default_factory=dict)


_BATCH = "clientbook.events.batch"  # session.info: the rows `batched` holds back, in the order recorded
Row = tuple[int, str, int, str, dict[str, Any], str | None]


async def record(
    session: AsyncSession, tenant: Tenant, entity: str, entity_id: int, action: str, changes: dict[str, Any]
) -> None:
    """Append `action` on `entity` `entity_id` with its changed fields (values made JSON-safe)."""
    row = (tenant.business_id, entity, entity_id, action, _safe(changes), tenant.actor)
    held: list[Row] | None = session.info.get(_BATCH)
    if held is not None:
        held.append(row)
        return
    await EventRepository(session).add(*row)


@asynccontextmanager
async def batched(session: AsyncSession) -> AsyncIterator[None]:
    """The events recorded inside are written when it ends, together in one statement and in the order recorded
    (for a use case of several writes, such as a registration: one round trip for its events, not one each). A
    refusal inside writes none; nothing inside may read the events back."""
    if _BATCH in session.info:  # an outer batch writes these too
        yield
        return
    held: list[Row] = []
    session.info[_BATCH] = held
    try:
        yield
    finally:
        del session.info[_BATCH]
    await EventRepository(session).add_many(held)


async def record_many(session: AsyncSession, pending: Sequence[Pending], *, actor: str) -> None:
    """Append a batch of events in one statement."""
    rows = [(p.business_id, p.entity, p.entity_id, p.action, _safe(p.changes), actor) for p in pending]
    await EventRepository(session).add_many(rows)


async def record_bulk(
    session: AsyncSession, tenant: Tenant, entity: str, action: str, items: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """One `action` event per (entity id, changes) of a bulk load (an import), written as one block."""
    safe = [(entity_id, _safe(changes)) for entity_id, changes in items]
    await EventRepository(session).load(tenant.business_id, entity, action, safe, tenant.actor)
