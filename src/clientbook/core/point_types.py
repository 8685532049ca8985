"""Point types: the loyalty programmes a business's points belong to (read-only on the CareCloud wire; operators
manage them with `clientbook loyalty point-types`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.loyalty import PointType

from . import reference
from .errors import PointTypeNotFound
from .types import Tenant

# Every business starts with one programme whose points lapse a year after they are earned: the vendor's own
# default (points without a type go to it). A type an operator adds lapses the same way.
DEFAULT_TEXT_ID = "loyalty_points"
DEFAULT_NAME = "Loyalty points"
DEFAULT_VALIDITY_DAYS = 365


def _values(_tenant: Tenant) -> dict[str, Any]:
    return {"validity_days": DEFAULT_VALIDITY_DAYS}


KIND: reference.ReferenceKind[PointType] = reference.ReferenceKind(
    name="point-types",
    entity="point_type",
    model=PointType,
    missing=PointTypeNotFound,
    default_name=DEFAULT_NAME,
    default_text_id=DEFAULT_TEXT_ID,
    values=_values,
)


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> PointType:
    """The business's default point type, created at `tenant create` (and on first use by an older business)."""
    return await reference.ensure_default(session, tenant, KIND)


async def list_all(session: AsyncSession, tenant: Tenant) -> list[PointType]:
    return await reference.list_all(session, tenant, KIND)


async def get(session: AsyncSession, tenant: Tenant, point_type_id: int, *, field: str = "point_type_id") -> PointType:
    return await reference.get(session, tenant, KIND, point_type_id, field=field)


async def resolve(session: AsyncSession, tenant: Tenant, point_type_id: int | None) -> PointType:
    """The point type named, or the business's default when none is."""
    return await reference.resolve(session, tenant, KIND, point_type_id, field="point_type_id")
