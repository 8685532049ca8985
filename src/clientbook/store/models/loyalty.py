"""Loyalty points: point types, the ledger of point records, the balance kept per customer and point type (the
guard that keeps it from going negative), and reservations.

Amounts are stored in hundredths of a point (integers): the wire speaks floats, and an integer balance compares and
subtracts exactly on both backends, which the guarded `UPDATE … WHERE balance >= :n` relies on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column, utcnow


class PointType(Timestamped, Base):
    __tablename__ = "point_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("point_types_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    validity_days: Mapped[int | None] = mapped_column(Integer)  # None: points of this type never lapse

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class PointRecord(Base):
    """One ledger entry: every change of a customer's points, with its reason (`operation`) and note.

    `amount` is signed (hundredths). A positive entry is a lot that lapses at `valid_to`; `remaining` is what of it
    has not been spent yet (spending takes the lots that lapse first)."""

    __tablename__ = "point_records"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("point_records_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    point_type_id: Mapped[int] = mapped_column(BigInteger)
    operation: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    remaining: Mapped[int] = mapped_column(BigInteger, default=0)
    valid_to: Mapped[datetime | None] = mapped_column()
    partner_id: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(2000))
    counterpart_client_id: Mapped[int | None] = mapped_column(BigInteger)  # the other customer of a transfer
    reservation_id: Mapped[int | None] = mapped_column(BigInteger)
    purchase_id: Mapped[int | None] = mapped_column(BigInteger)  # the purchase that earned or paid these points
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "point_type_id"], ["point_types.business_id", "point_types.id"]),
        Index(None, "business_id", "client_id", "point_type_id", "created_at"),
        Index(None, "business_id", "created_at"),
        Index(None, "business_id", "purchase_id"),
    )


class PointBalance(Base):
    """What a customer can spend of one point type (`available`) and what is held by reservations (`reserved`).

    Every spend is one guarded UPDATE on this row: the row lock orders concurrent spends and the WHERE refuses the
    ones the balance no longer covers."""

    __tablename__ = "point_balances"

    business_id: Mapped[int] = business_id_column()
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    point_type_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    available: Mapped[int] = mapped_column(BigInteger, default=0)
    reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "point_type_id"], ["point_types.business_id", "point_types.id"]),
    )


class PointReservation(Timestamped, Base):
    __tablename__ = "point_reservations"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("point_reservations_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    point_type_id: Mapped[int] = mapped_column(BigInteger)
    external_id: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[int] = mapped_column(Integer, default=1)  # CareCloud's: 0 freed, 1 active, 2 lapsed
    expires_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "point_type_id"], ["point_types.business_id", "point_types.id"]),
        UniqueConstraint("business_id", "external_id"),
        Index(None, "business_id", "client_id"),
    )
