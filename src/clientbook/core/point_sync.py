"""`synchronize-points`: set a customer's available points of the default point type to what another system says
they hold, as one ledger entry of the difference (an `assign` up, a `reduce` down), so the history still explains
every point. Reserved points are not touched: the figure is what the customer can spend."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.loyalty import PointRecord

from . import clients, point_types, points
from .types import Tenant


def _target(amount: Decimal | float | str | None) -> int:
    """The balance asked for, in hundredths: 0 is allowed here (unlike a movement's amount)."""
    if amount is not None:
        try:
            if Decimal(str(amount)) == 0:
                return 0
        except InvalidOperation:
            pass
    return points.to_units(amount)


async def synchronize(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    amount: Decimal | float | str | None,
    *,
    partner_id: int | None = None,
    note: str | None = None,
) -> PointRecord | None:
    """The entry that brought the balance to `amount`; None when it was there already."""
    target = _target(amount)
    await clients.get(session, tenant, client_id, field="client_id")
    point_type = await point_types.resolve(session, tenant, None)
    held = (await points.available(session, tenant, client_id)).get(point_type.id, (0.0, 0.0))[0]
    difference = target - round(held * points.SCALE)
    text = note or f"synchronized to {points.from_units(target):g} points"
    if difference > 0:
        return await points.assign(
            session, tenant, client_id, points.from_units(difference), partner_id=partner_id, note=text
        )
    if difference < 0:
        return await points.reduce(
            session, tenant, client_id, points.from_units(-difference), partner_id=partner_id, note=text
        )
    return None
