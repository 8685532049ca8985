"""Every kind of reference record (core/reference.py), in the order a new business gets its defaults. A new kind is
one line here: `tenant create` gives every business its default, and `clientbook loyalty <kind.name>` manages it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from . import card_types, credit_types, partners, point_types, purchase_types, reference
from .types import Tenant

KINDS: tuple[reference.ReferenceKind[Any], ...] = (
    point_types.KIND,
    credit_types.KIND,
    partners.KIND,
    card_types.KIND,
    purchase_types.PURCHASE_TYPE,
    purchase_types.PURCHASE_ITEM_TYPE,
    purchase_types.PAYMENT_TYPE,
)


def named(name: str) -> reference.ReferenceKind[Any]:
    return next(kind for kind in KINDS if kind.name == name)


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> None:
    """Give the business the default record of every kind it lacks (`tenant create`, and older businesses)."""
    for kind in KINDS:
        await reference.ensure_default(session, tenant, kind)
