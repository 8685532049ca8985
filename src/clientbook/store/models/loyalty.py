"""Loyalty points: point types, the ledger of point records, the balance kept per customer and point type (the
guard that keeps it from going negative), and reservations.

Amounts are stored in hundredths of a point (integers): the wire speaks floats, and an integer balance compares and
subtracts exactly on both backends, which the guarded `UPDATE … WHERE balance >= :n` relies on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Created, KeyPart, TenantKeyed, TenantRecord, Timestamped, Vocabulary, utcnow
from ._keys import tenant_fk, tenant_index, tenant_unique


class PointType(Vocabulary, Base):
    __tablename__ = "point_types"

    validity_days: Mapped[int | None] = mapped_column(Integer)  # None: points of this type never lapse


class PointRecord(TenantRecord, Created, Base):
    """One ledger entry: every change of a customer's points, with its reason (`operation`) and note.

    `amount` is signed (hundredths). A positive entry is a lot that lapses at `valid_to`; `remaining` is what of it
    has not been spent yet (spending takes the lots that lapse first)."""

    __tablename__ = "point_records"

    client_id: Mapped[BigInt]
    point_type_id: Mapped[BigInt]
    operation: Mapped[str] = mapped_column(String(40))
    amount: Mapped[BigInt]
    remaining: Mapped[BigInt] = mapped_column(default=0)
    valid_to: Mapped[datetime | None] = mapped_column()
    partner_id: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(2000))
    counterpart_client_id: Mapped[BigInt | None]  # the other customer of a transfer
    reservation_id: Mapped[BigInt | None]
    purchase_id: Mapped[BigInt | None]  # the purchase that earned or paid these points

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("point_type_id", "point_types"),
        tenant_index("client_id", "point_type_id", "created_at"),
        tenant_index("created_at"),
        tenant_index("purchase_id"),
    )


class PointBalance(TenantKeyed, Base):
    """What a customer can spend of one point type (`available`) and what is held by reservations (`reserved`).

    Every spend is one guarded UPDATE on this row: the row lock orders concurrent spends and the WHERE refuses the
    ones the balance no longer covers."""

    __tablename__ = "point_balances"

    client_id: Mapped[KeyPart]
    point_type_id: Mapped[KeyPart]
    available: Mapped[BigInt] = mapped_column(default=0)
    reserved: Mapped[BigInt] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (tenant_fk("client_id", "clients"), tenant_fk("point_type_id", "point_types"))


class PointReservation(TenantRecord, Timestamped, Base):
    __tablename__ = "point_reservations"

    client_id: Mapped[BigInt]
    point_type_id: Mapped[BigInt]
    external_id: Mapped[str] = mapped_column(String(200))
    amount: Mapped[BigInt]
    state: Mapped[int] = mapped_column(Integer, default=1)  # CareCloud's: 0 freed, 1 active, 2 lapsed
    expires_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("point_type_id", "point_types"),
        tenant_unique("external_id"),
        tenant_index("client_id"),
    )
