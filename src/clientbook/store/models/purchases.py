"""Purchases (CareCloud `send-purchase`): the bill as the POS closed it, its items, the vocabularies a bill names
(purchase types, purchase item types, payment types) and the business's earning rules.

Money is stored in hundredths of the bill's currency and quantities in thousandths (integers, like point amounts):
sums and the earning rule's arithmetic are then exact on both backends, with no Decimal column SQLite lacks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column


class _Vocabulary(Timestamped):
    """A named entry of a business's vocabulary, a reference record (core/reference.py): `text_id` is the stable key
    an operator and the defaults use; `is_default` marks the one a business gets first."""

    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class PurchaseType(_Vocabulary, Base):
    __tablename__ = "purchase_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("purchase_types_id_seq")

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class PurchaseItemType(_Vocabulary, Base):
    """How an item is treated by the loyalty engine; items of a type that does not `earn_points` earn nothing (the
    vendor's "OTC without loyalty", "Point payments only", "Cancel")."""

    __tablename__ = "purchase_item_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("purchase_item_types_id_seq")
    earns_points: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class PaymentType(_Vocabulary, Base):
    __tablename__ = "payment_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("payment_types_id_seq")

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class EarningRule(Timestamped, Base):
    """Points of `point_type_id` a purchase earns per unit of currency of its eligible amount (core/earning.py).

    `purchase_type_id` NULL is the business-wide rule of the point type; a rule naming a purchase type replaces it
    for purchases of that type. `points_per_unit` is in hundredths of a point, like the ledger."""

    __tablename__ = "earning_rules"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("earning_rules_id_seq")
    point_type_id: Mapped[int] = mapped_column(BigInteger)
    purchase_type_id: Mapped[int | None] = mapped_column(BigInteger)
    points_per_unit: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "point_type_id"], ["point_types.business_id", "point_types.id"]),
        ForeignKeyConstraint(["business_id", "purchase_type_id"], ["purchase_types.business_id", "purchase_types.id"]),
        Index(None, "business_id", "point_type_id"),
    )


class Purchase(Timestamped, Base):
    """A closed bill. `external_id` is the POS's `bill_id`, unique per business: sending it again finds this one."""

    __tablename__ = "purchases"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("purchases_id_seq")
    external_id: Mapped[str] = mapped_column(String(100))
    bill_number: Mapped[str | None] = mapped_column(String(100))
    client_id: Mapped[int | None] = mapped_column(BigInteger)  # None: anonymous until assign-customer
    card_number: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[int] = mapped_column(BigInteger)
    cashdesk_number: Mapped[int] = mapped_column(Integer)
    purchase_type_id: Mapped[int] = mapped_column(BigInteger)
    checkout_mode: Mapped[str] = mapped_column(String(1))  # the bill's payment_type: S, A, C or D
    canceled: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_at: Mapped[datetime] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    total_price: Mapped[int] = mapped_column(BigInteger)
    items_count: Mapped[int] = mapped_column(Integer)
    points_paid: Mapped[int] = mapped_column(BigInteger, default=0)  # hundredths of a point spent paying it
    points_earned: Mapped[bool] = mapped_column(Boolean, default=False)  # its customer has had its points
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the bill's utm, recap, cashier, as given

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "purchase_type_id"], ["purchase_types.business_id", "purchase_types.id"]),
        UniqueConstraint("business_id", "external_id"),
        Index(None, "business_id", "client_id", "paid_at"),
        Index(None, "business_id", "branch_id", "paid_at"),
        Index(None, "business_id", "purchase_type_id", "paid_at"),
        Index(None, "business_id", "paid_at"),
    )


class PurchaseItem(Base):
    """One bill item, as the POS sent it (never changed: the bill is closed)."""

    __tablename__ = "purchase_items"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("purchase_items_id_seq")
    purchase_id: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(Integer)
    bill_item_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    product_code: Mapped[str] = mapped_column(String(100))  # the first of plu_ids: the product on our wire
    item_type_id: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(BigInteger)  # thousandths
    price: Mapped[int] = mapped_column(BigInteger)
    paid_amount: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[int] = mapped_column(Integer)  # hundredths of a percent
    loyalty_off: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # plu_ids, category_plu_id as given

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "purchase_id"], ["purchases.business_id", "purchases.id"]),
        ForeignKeyConstraint(
            ["business_id", "item_type_id"], ["purchase_item_types.business_id", "purchase_item_types.id"]
        ),
        Index(None, "business_id", "purchase_id", "position"),
    )
