from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import delete, func, select

from clientbook.store.models.segments import Segment, SegmentGroup, SegmentMember

from ._base import RecordRepository, Repository


class SegmentGroupRepository(RecordRepository[SegmentGroup]):
    model = SegmentGroup

    async def by_text_id(self, business_id: int, text_id: str) -> SegmentGroup | None:
        return await self.session.scalar(
            select(SegmentGroup).where(SegmentGroup.business_id == business_id, SegmentGroup.text_id == text_id)
        )


class SegmentRepository(RecordRepository[Segment]):
    model = Segment

    async def in_groups(self, business_id: int, group_ids: Sequence[int]) -> builtins.list[Segment]:
        """The live segments of the groups `group_ids`, oldest first."""
        query = select(Segment).where(
            Segment.business_id == business_id, Segment.deleted_at.is_(None), Segment.segment_group_id.in_(group_ids)
        )
        return builtins.list(await self.session.scalars(query.order_by(Segment.id)))


class SegmentMemberRepository(Repository):
    async def find(self, business_id: int, segment_id: int, client_id: int) -> SegmentMember | None:
        return await self.session.get(SegmentMember, (business_id, segment_id, client_id))

    async def remove(self, business_id: int, segment_id: int, client_id: int) -> bool:
        result = await self.session.execute(
            delete(SegmentMember).where(
                SegmentMember.business_id == business_id,
                SegmentMember.segment_id == segment_id,
                SegmentMember.client_id == client_id,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def records(
        self,
        business_id: int,
        *,
        segment_id: int | None = None,
        client_id: int | None = None,
        group_ids: Sequence[int] | None = None,
    ) -> list[tuple[SegmentMember, Segment]]:
        """Memberships with their segment (one query), of one segment or one client, live segments only."""
        query = (
            select(SegmentMember, Segment)
            .join(
                Segment,
                (Segment.business_id == SegmentMember.business_id) & (Segment.id == SegmentMember.segment_id),
            )
            .where(SegmentMember.business_id == business_id, Segment.deleted_at.is_(None))
        )
        if segment_id is not None:
            query = query.where(SegmentMember.segment_id == segment_id)
        if client_id is not None:
            query = query.where(SegmentMember.client_id == client_id)
        if group_ids is not None:
            query = query.where(Segment.segment_group_id.in_(group_ids))
        rows = await self.session.execute(query.order_by(SegmentMember.created_at, SegmentMember.segment_id))
        return [(row[0], row[1]) for row in rows]

    async def count_members(self, business_id: int, segment_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(SegmentMember)
                .where(SegmentMember.business_id == business_id, SegmentMember.segment_id == segment_id)
            )
            or 0
        )
