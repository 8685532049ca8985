"""Point types: the loyalty programmes a business's points belong to (read-only on the CareCloud wire)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.loyalty import PointType
from clientbook.store.repositories.loyalty import PointTypeRepository

from . import events
from .errors import PointTypeNotFound
from .types import Tenant

# Every business starts with one programme whose points lapse a year after they are earned: the vendor's own
# default (points without a type go to it).
DEFAULT_TEXT_ID = "loyalty_points"
DEFAULT_NAME = "Loyalty points"
DEFAULT_VALIDITY_DAYS = 365


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> PointType:
    """The business's default point type, created at `tenant create` (and on first use by an older business)."""
    repository = PointTypeRepository(session)
    found = await repository.default(tenant.business_id)
    if found is not None:
        return found
    point_type = PointType(
        business_id=tenant.business_id,
        name=DEFAULT_NAME,
        text_id=DEFAULT_TEXT_ID,
        is_default=True,
        validity_days=DEFAULT_VALIDITY_DAYS,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await repository.add(point_type)
    await events.record(
        session, tenant, "point_type", point_type.id, "created", {"name": point_type.name, "is_default": True}
    )
    return point_type


async def list_all(session: AsyncSession, tenant: Tenant) -> list[PointType]:
    return await PointTypeRepository(session).list(tenant.business_id)


async def get(session: AsyncSession, tenant: Tenant, point_type_id: int, *, field: str = "point_type_id") -> PointType:
    found = await PointTypeRepository(session).get(tenant.business_id, point_type_id)
    if found is None:
        raise PointTypeNotFound(field=field, id=point_type_id)
    return found


async def resolve(session: AsyncSession, tenant: Tenant, point_type_id: int | None) -> PointType:
    """The point type named, or the business's default when none is."""
    if point_type_id is None:
        return await ensure_defaults(session, tenant)
    return await get(session, tenant, point_type_id)
