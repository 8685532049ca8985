"""Appointments: Wired Client pending appointments, Webcamconsult appointments, CareCloud bookings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class Appointment(Timestamped, SoftDeleted, Base):
    __tablename__ = "appointments"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("appointments_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    staff_id: Mapped[int | None] = mapped_column(BigInteger)
    branch_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_staff_id: Mapped[int | None] = mapped_column(BigInteger)
    starts_at: Mapped[datetime] = mapped_column()
    orig_starts_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    virtual: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="idle")
    reason_id: Mapped[int | None] = mapped_column(BigInteger)
    # The reservable product whose time slot this is (CareCloud bookings), None for a free-form appointment.
    reservable_product_id: Mapped[int | None] = mapped_column(BigInteger)
    places: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # of the product's slot it takes
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "staff_id"], ["staff.business_id", "staff.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        Index(None, "business_id", "client_id"),
        Index(None, "business_id", "staff_id", "client_id"),
        Index(None, "business_id", "branch_id", "client_id"),
        Index(None, "business_id", "reason_id", "client_id"),
        Index(None, "business_id", "starts_at"),
        # How full a product's time slots are: its appointments, and its practitioner's, around the slot.
        Index(None, "business_id", "reservable_product_id", "starts_at"),
        Index(None, "business_id", "staff_id", "starts_at"),
    )
