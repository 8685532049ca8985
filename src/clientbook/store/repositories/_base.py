from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store import writes
from clientbook.store.models import Base


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, record: Base) -> None:
        """Insert a new record now (its id assigned, constraints checked) and keep it in the session."""
        await writes.insert_record(self.session, record)

    async def save(self, record: Base, values: dict[str, Any]) -> None:
        """Write `values` to a record read in this session now (with `updated_at`), and to the record itself."""
        await writes.update_record(self.session, record, values)
