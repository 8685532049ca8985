"""Reservable products: what a practice lets clients book (a service, a room, a practitioner's hour), with its length,
how many may book one time at once, and its weekly opening hours.

There is no table of time slots: the slots a product offers are computed from its opening hours and length, and how
full each one is from the live appointments that overlap it (core/time_slots.py). Nothing can go stale when hours
change or an appointment moves, is cancelled or is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, JSONType, SoftDeleted, Timestamped, business_id_column, id_column


class ReservableProduct(Timestamped, SoftDeleted, Base):
    __tablename__ = "reservable_products"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("reservable_products_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[int | None] = mapped_column(BigInteger)  # the store it is offered at
    staff_id: Mapped[int | None] = mapped_column(BigInteger)  # the practitioner it books, busy elsewhere = full here
    duration_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # bookings one slot takes
    # [{"day": "MON", "from": "09:00", "to": "12:00"}, …] in the business's time zone.
    opening_hours: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "staff_id"], ["staff.business_id", "staff.id"]),
        Index(None, "business_id", "code"),
        Index(None, "business_id", "branch_id"),
    )
