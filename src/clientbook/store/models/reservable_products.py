"""Reservable products: what a practice lets clients book (a service, a room, a practitioner's hour), with its length,
how many may book one time at once, and its weekly opening hours.

There is no table of time slots: the slots a product offers are computed from its opening hours and length, and how
full each one is from the live appointments that overlap it (core/time_slots.py). Nothing can go stale when hours
change or an appointment moves, is cancelled or is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, JSONType, SoftDeleted, TenantRecord, Timestamped
from ._keys import business_fk, tenant_fk, tenant_index


class ReservableProduct(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "reservable_products"

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[BigInt | None]  # the store it is offered at
    staff_id: Mapped[BigInt | None]  # the practitioner it books, busy elsewhere = full here
    duration_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # bookings one slot takes
    # [{"day": "MON", "from": "09:00", "to": "12:00"}, …] in the business's time zone.
    opening_hours: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        business_fk(),
        tenant_fk("branch_id", "branches"),
        tenant_fk("staff_id", "staff"),
        tenant_index("code"),
        tenant_index("branch_id"),
    )
