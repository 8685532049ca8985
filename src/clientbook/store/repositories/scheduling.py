from __future__ import annotations

from sqlalchemy import select

from clientbook.store.models import Appointment

from ._base import Repository


class AppointmentRepository(Repository):
    async def get(self, business_id: int, appointment_id: int) -> Appointment | None:
        return await self.session.get(Appointment, (business_id, appointment_id))

    async def for_client(self, business_id: int, client_id: int) -> list[Appointment]:
        rows = await self.session.scalars(
            select(Appointment)
            .where(
                Appointment.business_id == business_id,
                Appointment.client_id == client_id,
                Appointment.deleted_at.is_(None),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
        return list(rows)

    async def list(self, business_id: int, *, limit: int | None = None, offset: int = 0) -> list[Appointment]:
        """Earliest start first; `limit` and `offset` page through them on the (business_id, starts_at) index."""
        rows = await self.session.scalars(
            select(Appointment)
            .where(Appointment.business_id == business_id, Appointment.deleted_at.is_(None))
            .order_by(Appointment.starts_at, Appointment.id)
            .offset(offset or None)
            .limit(limit)
        )
        return list(rows)
