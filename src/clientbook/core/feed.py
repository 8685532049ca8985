"""The change feed: every event of a business in commit order, behind an opaque cursor.

A cursor is the (txid, id) of the last change handed out. PostgreSQL assigns transaction ids when a transaction
first writes, not when it commits, so a transaction holding an early id may commit after later ones: a feed reading
`id > cursor` would skip its events for good. The repository hands out only events of transactions older than every
transaction of the database still running, in (txid, id) order; below that horizon nothing can appear any more,
so each event is handed out exactly once, and a late committer merely holds the feed back until it ends. SQLite
serializes writers, so its ids are commit order and its txid is 0.
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event
from clientbook.store.repositories.events import EventRepository

from .errors import Reason, ValidationFailed
from .types import Tenant

MAX_LIMIT = 1000
MAX_WAIT = 30.0  # seconds a long poll may wait: below common proxy and load-balancer idle timeouts
_PACK = struct.Struct(">QQ")
# Actions after which the record is gone from lists: the change is a tombstone.
TOMBSTONES = frozenset({"deleted", "merged"})


@dataclass(frozen=True, slots=True)
class Cursor:
    txid: int = 0
    id: int = 0

    def encode(self) -> str:
        return base64.urlsafe_b64encode(_PACK.pack(self.txid, self.id)).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str | None, *, field: str = "after") -> Cursor:
        """The cursor `value` spells; the start of the feed when empty; ValidationFailed naming `field` otherwise."""
        if not value:
            return cls()
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            return cls(*_PACK.unpack(raw))
        except (binascii.Error, struct.error, ValueError) as error:
            raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} is not a cursor", value) from error


@dataclass(frozen=True, slots=True)
class Change:
    cursor: str
    id: int
    entity: str
    entity_id: int
    action: str
    changes: dict[str, Any]
    actor: str | None
    occurred_at: datetime

    @property
    def type(self) -> str:
        return f"{self.entity}.{self.action}"

    @property
    def tombstone(self) -> bool:
        return self.action in TOMBSTONES

    @property
    def merged_into(self) -> int | None:
        value = self.changes.get("merged_into_id") if self.action == "merged" else None
        return int(value) if value is not None else None

    @classmethod
    def of(cls, event: Event) -> Change:
        cursor = Cursor(event.txid, event.id).encode()
        return cls(
            cursor, event.id, event.entity, event.entity_id, event.action, event.changes, event.actor, event.created_at
        )


@dataclass(frozen=True, slots=True)
class Page:
    changes: list[Change]
    next_cursor: str  # pass as `after` for the following page (the same cursor when nothing was new)
    has_more: bool


def check_types(types: Sequence[str], *, field: str = "types") -> list[str]:
    """The type filters given (`client`, `client.deleted`), stripped; ValidationFailed for a malformed one."""
    wanted = [t.strip() for t in types if t.strip()]
    for index, value in enumerate(wanted):
        entity, _, action = value.partition(".")
        if not entity.replace("_", "").isalnum() or (action and not action.replace("_", "").isalnum()):
            path = f"{field}.{index}"
            raise ValidationFailed.single(path, Reason.INVALID_FORMAT, f"{path}: {value!r} is not a change type", value)
    return wanted


def check_limit(limit: int, *, field: str = "limit") -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, f"{field} must be between 1 and {MAX_LIMIT}", limit)
    return limit


def check_wait(wait: float, *, field: str = "wait") -> float:
    if not 0 <= wait <= MAX_WAIT:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, f"{field} must be between 0 and {MAX_WAIT:g}", wait)
    return wait


async def read(
    session: AsyncSession, tenant: Tenant, *, after: str | None, limit: int = 100, types: Sequence[str] = ()
) -> Page:
    """The business's changes past `after`, oldest first (at most `limit`); another business's cursor positions
    nothing of this one's beyond its numbers, and finds only this business's changes."""
    cursor = Cursor.decode(after)
    limit = check_limit(limit)
    wanted = check_types(types)
    events = await EventRepository(session).after(tenant.business_id, cursor.txid, cursor.id, limit + 1, wanted)
    changes = [Change.of(event) for event in events[:limit]]
    next_cursor = changes[-1].cursor if changes else cursor.encode()
    return Page(changes, next_cursor, len(events) > limit)
