"""Idempotency keys: claimed by inserting the row (the primary key lets one request win), answered, purged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from clientbook.store.models import IdempotencyKey

from ._base import Repository


def _key(business_id: int, credential: str, key: str) -> Any:
    return (
        (IdempotencyKey.business_id == business_id)
        & (IdempotencyKey.credential == credential)
        & (IdempotencyKey.key == key)
    )


class IdempotencyRepository(Repository):
    async def insert_claim(self, row: dict[str, Any]) -> bool:
        """Insert a `running` row unless the key exists: True when this call inserted it."""
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        statement = dialect.insert(IdempotencyKey).values(row).on_conflict_do_nothing()
        result: CursorResult[Any] = await self.session.execute(statement)  # type: ignore[assignment]
        return result.rowcount == 1

    async def get(self, business_id: int, credential: str, key: str) -> IdempotencyKey | None:
        found = await self.session.scalars(
            select(IdempotencyKey).where(_key(business_id, credential, key)).execution_options(populate_existing=True)
        )
        return found.one_or_none()

    async def take_over(self, business_id: int, credential: str, key: str, seen: datetime, row: dict[str, Any]) -> bool:
        """Claim a key whose row (created at `seen`) expired or was abandoned; False when another request did first."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(IdempotencyKey)
            .where(_key(business_id, credential, key), IdempotencyKey.created_at == seen)
            .values(row)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def answer(self, business_id: int, credential: str, key: str, values: dict[str, Any]) -> bool:
        """Store the answer on the key's row; False when there is no row (its claim was rolled back)."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(IdempotencyKey)
            .where(_key(business_id, credential, key))
            .values(values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def insert(self, row: dict[str, Any]) -> None:
        await self.session.execute(IdempotencyKey.__table__.insert().values(row))  # type: ignore[attr-defined]

    async def release(self, business_id: int, credential: str, key: str) -> None:
        """Forget an unanswered claim (the request failed on our side: a retry may run it)."""
        await self.session.execute(
            delete(IdempotencyKey)
            .where(_key(business_id, credential, key), IdempotencyKey.status == "running")
            .execution_options(synchronize_session=False)
        )

    async def purge(self, now: datetime) -> int:
        """Delete the expired keys of every business; how many."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            delete(IdempotencyKey).where(IdempotencyKey.expires_at < now).execution_options(synchronize_session=False)
        )
        return int(result.rowcount)
