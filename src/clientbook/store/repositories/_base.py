from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store import ids
from clientbook.store.models import Base


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, record: Base) -> None:
        """Add a new record (its id assigned) and flush, so constraints fail here rather than at commit."""
        await ids.add(self.session, record)
        await self.session.flush()
