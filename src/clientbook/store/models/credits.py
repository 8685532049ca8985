"""Credits: money in a customer's wallet, kept as a ledger like points (store/models/loyalty.py).

Every deposit, reduce and transfer is a credit record (signed, in hundredths of the credit type's currency); the
balance row per (business, customer, credit type) is the guard a spend's `UPDATE … WHERE available >= :n` checks, so
concurrent spends never take it below zero. Credits do not lapse (a wallet holds money, not a promotion)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column, utcnow


class CreditType(Timestamped, Base):
    __tablename__ = "credit_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("credit_types_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217: every credit of the type is in it

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class CreditRecord(Base):
    """One ledger entry. `amount` is signed (hundredths); a positive one is a lot whose unspent part is `remaining`
    (spending takes the oldest lots first)."""

    __tablename__ = "credit_records"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("credit_records_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    credit_type_id: Mapped[int] = mapped_column(BigInteger)
    operation: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    remaining: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    partner_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(String(2000))
    counterpart_client_id: Mapped[int | None] = mapped_column(BigInteger)  # the other customer of a transfer
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "credit_type_id"], ["credit_types.business_id", "credit_types.id"]),
        ForeignKeyConstraint(["business_id", "partner_id"], ["partners.business_id", "partners.id"]),
        Index(None, "business_id", "client_id", "credit_type_id", "created_at"),
        Index(None, "business_id", "created_at"),
    )


class CreditBalance(Base):
    """What a customer can spend of one credit type: every spend is one guarded UPDATE on this row."""

    __tablename__ = "credit_balances"

    business_id: Mapped[int] = business_id_column()
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    credit_type_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    available: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "credit_type_id"], ["credit_types.business_id", "credit_types.id"]),
    )
