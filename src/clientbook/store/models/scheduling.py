"""Appointments: Wired Client pending appointments, Webcamconsult appointments, CareCloud bookings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, SoftDeleted, TenantRecord, Timestamped
from ._keys import tenant_fk, tenant_index


class Appointment(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "appointments"

    client_id: Mapped[BigInt]
    staff_id: Mapped[BigInt | None]
    branch_id: Mapped[BigInt | None]
    created_by_staff_id: Mapped[BigInt | None]
    starts_at: Mapped[datetime] = mapped_column()
    orig_starts_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    virtual: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="idle")
    reason_id: Mapped[BigInt | None]
    # The reservable product whose time slot this is (CareCloud bookings), None for a free-form appointment.
    reservable_product_id: Mapped[BigInt | None]
    places: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # of the product's slot it takes
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("staff_id", "staff"),
        tenant_fk("branch_id", "branches"),
        tenant_index("client_id"),
        tenant_index("staff_id", "client_id"),
        tenant_index("branch_id", "client_id"),
        tenant_index("reason_id", "client_id"),
        tenant_index("starts_at"),
        # How full a product's time slots are: its appointments, and its practitioner's, around the slot.
        tenant_index("reservable_product_id", "starts_at"),
        tenant_index("staff_id", "starts_at"),
    )
