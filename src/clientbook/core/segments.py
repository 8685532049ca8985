"""Segments: named groups of clients, kept in segment groups; membership is added and removed one client at a time."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.segments import Segment, SegmentGroup, SegmentMember
from clientbook.store.repositories.segments import SegmentGroupRepository, SegmentMemberRepository, SegmentRepository

from . import clients, events
from ._records import find, raise_if
from .errors import AlreadyMember, FieldError, NotMember, Reason, SegmentGroupNotFound, SegmentNotFound
from .types import Tenant

# Segments created through an API land here (their group is read-only on the wire).
AD_HOC_GROUP = "ad_hoc"
MAX_NAME = 200
MAX_NOTE = 2000


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> SegmentGroup:
    """The business's ad-hoc segment group, created on first use."""
    repository = SegmentGroupRepository(session)
    group = await repository.by_text_id(tenant.business_id, AD_HOC_GROUP)
    if group is None:
        group = SegmentGroup(
            business_id=tenant.business_id,
            name="Ad-hoc segments",
            text_id=AD_HOC_GROUP,
            note="Segments created through the API",
            created_by=tenant.actor,
            updated_by=tenant.actor,
        )
        await repository.add(group)
    return group


async def list_groups(session: AsyncSession, tenant: Tenant) -> builtins.list[SegmentGroup]:
    return await SegmentGroupRepository(session).list(tenant.business_id)


async def get_group(session: AsyncSession, tenant: Tenant, group_id: int, *, field: str = "id") -> SegmentGroup:
    return await find(SegmentGroupRepository(session), tenant, group_id, SegmentGroupNotFound, field=field)


async def get(session: AsyncSession, tenant: Tenant, segment_id: int, *, field: str = "id") -> Segment:
    return await find(SegmentRepository(session), tenant, segment_id, SegmentNotFound, field=field)


async def list(
    session: AsyncSession, tenant: Tenant, *, group_ids: Sequence[int] | None = None
) -> builtins.list[Segment]:
    if group_ids is None:
        return await SegmentRepository(session).list(tenant.business_id)
    return await SegmentRepository(session).in_groups(tenant.business_id, group_ids)


def _check(name: str | None, note: str | None, priority: int | None) -> str:
    errors = []
    text = (name or "").strip()
    if not text:
        errors.append(FieldError("name", Reason.REQUIRED, "name is required", name))
    elif len(text) > MAX_NAME:
        errors.append(FieldError("name", Reason.TOO_LONG, f"name is longer than {MAX_NAME} characters", name))
    if note is not None and len(note) > MAX_NOTE:
        errors.append(FieldError("note", Reason.TOO_LONG, f"note is longer than {MAX_NOTE} characters", note))
    if priority is not None and not 0 <= priority <= 100:
        errors.append(FieldError("priority", Reason.NOT_ALLOWED, "priority must be between 0 and 100", priority))
    raise_if(errors)
    return text


async def create(
    session: AsyncSession, tenant: Tenant, name: str | None, *, note: str | None = None, priority: int | None = None
) -> Segment:
    """An empty segment in the ad-hoc group."""
    text = _check(name, note, priority)
    group = await ensure_defaults(session, tenant)
    segment = Segment(
        business_id=tenant.business_id,
        segment_group_id=group.id,
        name=text,
        note=(note or "").strip() or None,
        priority=priority,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await SegmentRepository(session).add(segment)
    await events.record(session, tenant, "segment", segment.id, "created", {"name": text, "note": segment.note})
    return segment


async def add_client(
    session: AsyncSession, tenant: Tenant, segment_id: int, client_id: int, *, field: str = "client_id"
) -> SegmentMember:
    """Put the client in the segment; AlreadyMember when they are in it."""
    segment = await get(session, tenant, segment_id)
    await clients.get(session, tenant, client_id, field=field)
    members = SegmentMemberRepository(session)
    if await members.find(tenant.business_id, segment.id, client_id) is not None:
        raise AlreadyMember(f"client {client_id} is in segment {segment.id} already", field=field, id=client_id)
    member = SegmentMember(
        business_id=tenant.business_id,
        segment_id=segment.id,
        client_id=client_id,
        created_at=utcnow(),
        created_by=tenant.actor,
    )
    await members.add(member)
    await events.record(session, tenant, "segment", segment.id, "member_added", {"client_id": client_id})
    return member


async def remove_client(
    session: AsyncSession, tenant: Tenant, segment_id: int, client_id: int, *, field: str = "client_id"
) -> None:
    """Take the client out of the segment; NotMember when they are not in it."""
    segment = await get(session, tenant, segment_id)
    if not await SegmentMemberRepository(session).remove(tenant.business_id, segment.id, client_id):
        raise NotMember(f"client {client_id} is not in segment {segment.id}", field=field, id=client_id)
    await events.record(session, tenant, "segment", segment.id, "member_removed", {"client_id": client_id})


async def records(
    session: AsyncSession,
    tenant: Tenant,
    *,
    segment_id: int | None = None,
    client_id: int | None = None,
    group_ids: Sequence[int] | None = None,
) -> builtins.list[tuple[SegmentMember, Segment]]:
    """Memberships (with their segment) of one segment or one client, optionally in some groups only."""
    return await SegmentMemberRepository(session).records(
        tenant.business_id, segment_id=segment_id, client_id=client_id, group_ids=group_ids
    )
