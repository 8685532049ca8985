"""The product catalogue rewards and purchase items point at: brands, groups (a tree), products, and the codes a
product carries in the POS's product lists (PLUs: `list_code` names the list, `code` the product in it).

Integrations load the catalogue in batches (`products/batch` and its siblings) and find records again by their own
keys: a brand's or group's `external_id`, a product's codes. Those keys are unique per business and indexed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column


class ProductBrand(Timestamped, Base):
    __tablename__ = "product_brands"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("product_brands_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "external_id"),
    )


class ProductGroup(Timestamped, Base):
    __tablename__ = "product_groups"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("product_groups_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    code: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[int | None] = mapped_column(BigInteger)  # the store whose catalogue it is
    partner_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[int] = mapped_column(Integer, default=1)  # CareCloud's: 0 deleted, 1 active, 2 inactive

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "parent_id"], ["product_groups.business_id", "product_groups.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "partner_id"], ["partners.business_id", "partners.id"]),
        UniqueConstraint("business_id", "external_id"),
        Index(None, "business_id", "code"),
        Index(None, "business_id", "branch_id"),
        Index(None, "business_id", "partner_id"),
    )


class Product(Timestamped, Base):
    __tablename__ = "products"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("products_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(100))
    product_group_id: Mapped[int | None] = mapped_column(BigInteger)
    product_brand_id: Mapped[int | None] = mapped_column(BigInteger)
    branch_id: Mapped[int | None] = mapped_column(BigInteger)
    partner_id: Mapped[int | None] = mapped_column(BigInteger)
    # {"CZK": "19.90"}: one price per currency, the decimal as text (exact on both backends).
    prices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[int] = mapped_column(Integer, default=1)  # 0 deleted, 1 active (the batch's own vocabulary)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "product_group_id"], ["product_groups.business_id", "product_groups.id"]),
        ForeignKeyConstraint(["business_id", "product_brand_id"], ["product_brands.business_id", "product_brands.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "partner_id"], ["partners.business_id", "partners.id"]),
        Index(None, "business_id", "code"),
        Index(None, "business_id", "partner_id"),
        Index(None, "business_id", "product_group_id"),
    )


class ProductCode(Base):
    """A product's code in one of the POS's product lists: a (list, code) pair names one product of the business."""

    __tablename__ = "product_codes"

    business_id: Mapped[int] = business_id_column()
    list_code: Mapped[str] = mapped_column(String(100), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "product_id"], ["products.business_id", "products.id"]),
        Index(None, "business_id", "product_id"),
        Index(None, "business_id", "code"),
    )
