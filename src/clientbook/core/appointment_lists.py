"""Listing a business's appointments with filters, order and paging (CareCloud `GET /bookings`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment
from clientbook.store.repositories.bookings import ORDER_COLUMNS, AppointmentListRepository

from .errors import Reason, ValidationFailed
from .types import Tenant


async def page(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None = None,
    states: list[str] | None = None,
    order: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[Appointment], int]:
    """A page of the business's live appointments (optionally one client's, in some states), with the true total."""
    if order not in ORDER_COLUMNS:
        raise ValidationFailed.single("order", Reason.NOT_ALLOWED, f"order must be one of {', '.join(ORDER_COLUMNS)}")
    return await AppointmentListRepository(session).page(
        tenant.business_id,
        client_id=client_id,
        states=states,
        order=order,
        descending=descending,
        offset=offset,
        limit=limit,
    )
