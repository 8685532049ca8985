"""Vouchers: a reward claimed by (or given to) one customer, and each application of it.

A voucher is applied at most once; a gift card's voucher is applied down to its balance, one redemption per use.
Both are one guarded UPDATE on the voucher row (`applied_at IS NULL`, `balance >= :n`) whose row count decides, so
two concurrent applications never both go through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Created, SoftDeleted, TenantRecord, Timestamped
from ._keys import tenant_fk, tenant_index, tenant_unique


class Voucher(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "vouchers"

    reward_id: Mapped[BigInt]
    client_id: Mapped[BigInt]
    code: Mapped[str] = mapped_column(String(100))
    value: Mapped[BigInt | None]  # hundredths of money: a custom or gift card value
    balance: Mapped[BigInt | None]  # a gift card's value not yet used
    note: Mapped[str | None] = mapped_column(String(2000))
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    applied_at: Mapped[datetime | None] = mapped_column()  # a gift card: when it was used up
    applied_branch_id: Mapped[BigInt | None]
    purchase_id: Mapped[BigInt | None]  # the purchase that applied it last
    # What claiming it took from the customer's points (given back when an unused voucher is deleted).
    points_spent: Mapped[BigInt] = mapped_column(default=0)
    point_type_id: Mapped[BigInt | None]

    __table_args__ = (
        tenant_fk("reward_id", "rewards"),
        tenant_fk("client_id", "clients"),
        tenant_unique("code"),
        tenant_index("client_id"),
        tenant_index("reward_id"),
        tenant_index("purchase_id"),
    )


class VoucherRedemption(TenantRecord, Created, Base):
    """One application of a voucher: by apply-voucher or a purchase, with the money it covered (gift cards)."""

    __tablename__ = "voucher_redemptions"

    voucher_id: Mapped[BigInt]
    amount: Mapped[BigInt | None]  # hundredths of money; None: the voucher as a whole
    purchase_id: Mapped[BigInt | None]
    branch_id: Mapped[BigInt | None]
    applied_at: Mapped[datetime] = mapped_column()

    __table_args__ = (tenant_fk("voucher_id", "vouchers"), tenant_index("voucher_id"), tenant_index("purchase_id"))
