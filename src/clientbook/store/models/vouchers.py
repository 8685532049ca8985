"""Vouchers: a reward claimed by (or given to) one customer, and each application of it.

A voucher is applied at most once; a gift card's voucher is applied down to its balance, one redemption per use.
Both are one guarded UPDATE on the voucher row (`applied_at IS NULL`, `balance >= :n`) whose row count decides, so
two concurrent applications never both go through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column, utcnow


class Voucher(Timestamped, SoftDeleted, Base):
    __tablename__ = "vouchers"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("vouchers_id_seq")
    reward_id: Mapped[int] = mapped_column(BigInteger)
    client_id: Mapped[int] = mapped_column(BigInteger)
    code: Mapped[str] = mapped_column(String(100))
    value: Mapped[int | None] = mapped_column(BigInteger)  # hundredths of money: a custom or gift card value
    balance: Mapped[int | None] = mapped_column(BigInteger)  # a gift card's value not yet used
    note: Mapped[str | None] = mapped_column(String(2000))
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    applied_at: Mapped[datetime | None] = mapped_column()  # a gift card: when it was used up
    applied_branch_id: Mapped[int | None] = mapped_column(BigInteger)
    purchase_id: Mapped[int | None] = mapped_column(BigInteger)  # the purchase that applied it last
    # What claiming it took from the customer's points (given back when an unused voucher is deleted).
    points_spent: Mapped[int] = mapped_column(BigInteger, default=0)
    point_type_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "reward_id"], ["rewards.business_id", "rewards.id"]),
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        UniqueConstraint("business_id", "code"),
        Index(None, "business_id", "client_id"),
        Index(None, "business_id", "reward_id"),
        Index(None, "business_id", "purchase_id"),
    )


class VoucherRedemption(Base):
    """One application of a voucher: by apply-voucher or a purchase, with the money it covered (gift cards)."""

    __tablename__ = "voucher_redemptions"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("voucher_redemptions_id_seq")
    voucher_id: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int | None] = mapped_column(BigInteger)  # hundredths of money; None: the voucher as a whole
    purchase_id: Mapped[int | None] = mapped_column(BigInteger)
    branch_id: Mapped[int | None] = mapped_column(BigInteger)
    applied_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "voucher_id"], ["vouchers.business_id", "vouchers.id"]),
        Index(None, "business_id", "voucher_id"),
        Index(None, "business_id", "purchase_id"),
    )
