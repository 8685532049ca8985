from __future__ import annotations

import builtins

from sqlalchemy import select

from clientbook.store.models import Appointment

from ._base import RecordRepository


class AppointmentRepository(RecordRepository[Appointment]):
    model = Appointment
    order = ("starts_at", "id")  # the (business_id, starts_at) index serves it

    async def for_client(self, business_id: int, client_id: int) -> builtins.list[Appointment]:
        rows = await self.session.scalars(
            select(Appointment)
            .where(
                Appointment.business_id == business_id,
                Appointment.client_id == client_id,
                Appointment.deleted_at.is_(None),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
        return builtins.list(rows)
