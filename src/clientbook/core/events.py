"""Record a domain event for every write, in the write's transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.repositories.events import EventRepository

from .types import Tenant


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def record(
    session: AsyncSession, tenant: Tenant, entity: str, entity_id: int, action: str, changes: dict[str, Any]
) -> None:
    """Append `action` on `entity` `entity_id` with its changed fields (values made JSON-safe)."""
    plain = {k: _plain(v) for k, v in changes.items() if k not in {"password", "password_hash"}}
    await EventRepository(session).add(tenant.business_id, entity, entity_id, action, plain, tenant.actor)
