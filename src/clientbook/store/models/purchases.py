"""Purchases (CareCloud `send-purchase`): the bill as the POS closed it, its items, the vocabularies a bill names
(purchase types, purchase item types, payment types) and the business's earning rules.

Money is stored in hundredths of the bill's currency and quantities in thousandths (integers, like point amounts):
sums and the earning rule's arithmetic are then exact on both backends, with no Decimal column SQLite lacks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantRecord, Timestamped, Vocabulary
from ._keys import tenant_fk, tenant_index, tenant_unique


class PurchaseType(Vocabulary, Base):
    __tablename__ = "purchase_types"


class PurchaseItemType(Vocabulary, Base):
    """How an item is treated by the loyalty engine; items of a type that does not `earn_points` earn nothing (the
    vendor's "OTC without loyalty", "Point payments only", "Cancel")."""

    __tablename__ = "purchase_item_types"

    earns_points: Mapped[bool] = mapped_column(default=True, sort_order=-2)  # before the vocabulary's columns


class PaymentType(Vocabulary, Base):
    __tablename__ = "payment_types"


class EarningRule(TenantRecord, Timestamped, Base):
    """Points of `point_type_id` a purchase earns per unit of currency of its eligible amount (core/earning.py).

    `purchase_type_id` NULL is the business-wide rule of the point type; a rule naming a purchase type replaces it
    for purchases of that type. `points_per_unit` is in hundredths of a point, like the ledger."""

    __tablename__ = "earning_rules"

    point_type_id: Mapped[BigInt]
    purchase_type_id: Mapped[BigInt | None]
    points_per_unit: Mapped[BigInt]

    __table_args__ = (
        tenant_fk("point_type_id", "point_types"),
        tenant_fk("purchase_type_id", "purchase_types"),
        tenant_index("point_type_id"),
    )


class Purchase(TenantRecord, Timestamped, Base):
    """A closed bill. `external_id` is the POS's `bill_id`, unique per business: sending it again finds this one."""

    __tablename__ = "purchases"

    external_id: Mapped[str] = mapped_column(String(100))
    bill_number: Mapped[str | None] = mapped_column(String(100))
    client_id: Mapped[BigInt | None]  # None: anonymous until assign-customer
    card_number: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[BigInt]
    cashdesk_number: Mapped[int] = mapped_column(Integer)
    purchase_type_id: Mapped[BigInt]
    checkout_mode: Mapped[str] = mapped_column(String(1))  # the bill's payment_type: S, A, C or D
    canceled: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_at: Mapped[datetime] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    total_price: Mapped[BigInt]
    items_count: Mapped[int] = mapped_column(Integer)
    points_paid: Mapped[BigInt] = mapped_column(default=0)  # hundredths of a point spent paying it
    points_earned: Mapped[bool] = mapped_column(Boolean, default=False)  # its customer has had its points
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the bill's utm, recap, cashier, as given

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("branch_id", "branches"),
        tenant_fk("purchase_type_id", "purchase_types"),
        tenant_unique("external_id"),
        tenant_index("client_id", "paid_at"),
        tenant_index("branch_id", "paid_at"),
        tenant_index("purchase_type_id", "paid_at"),
        tenant_index("paid_at"),
    )


class PurchaseItem(TenantRecord, Base):
    """One bill item, as the POS sent it (never changed: the bill is closed)."""

    __tablename__ = "purchase_items"

    purchase_id: Mapped[BigInt]
    position: Mapped[int] = mapped_column(Integer)
    bill_item_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    product_code: Mapped[str] = mapped_column(String(100))  # the first of plu_ids: the product on our wire
    item_type_id: Mapped[BigInt]
    quantity: Mapped[BigInt]  # thousandths
    price: Mapped[BigInt]
    paid_amount: Mapped[BigInt]
    vat_rate: Mapped[int] = mapped_column(Integer)  # hundredths of a percent
    loyalty_off: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # plu_ids, category_plu_id as given

    __table_args__ = (
        tenant_fk("purchase_id", "purchases"),
        tenant_fk("item_type_id", "purchase_item_types"),
        tenant_index("purchase_id", "position"),
    )
