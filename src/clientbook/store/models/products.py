"""The product catalogue rewards and purchase items point at: brands, groups (a tree), products, and the codes a
product carries in the POS's product lists (PLUs: `list_code` names the list, `code` the product in it).

Integrations load the catalogue in batches (`products/batch` and its siblings) and find records again by their own
keys: a brand's or group's `external_id`, a product's codes. Those keys are unique per business and indexed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantKeyed, TenantRecord, Timestamped
from ._keys import business_fk, tenant_fk, tenant_index, tenant_unique


class ProductBrand(TenantRecord, Timestamped, Base):
    __tablename__ = "product_brands"

    name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(100))

    __table_args__ = (business_fk(), tenant_unique("external_id"))


class ProductGroup(TenantRecord, Timestamped, Base):
    __tablename__ = "product_groups"

    name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[BigInt | None]
    code: Mapped[str | None] = mapped_column(String(100))
    branch_id: Mapped[BigInt | None]  # the store whose catalogue it is
    partner_id: Mapped[BigInt | None]
    state: Mapped[int] = mapped_column(Integer, default=1)  # CareCloud's: 0 deleted, 1 active, 2 inactive

    __table_args__ = (
        business_fk(),
        tenant_fk("parent_id", "product_groups"),
        tenant_fk("branch_id", "branches"),
        tenant_fk("partner_id", "partners"),
        tenant_unique("external_id"),
        tenant_index("code"),
        tenant_index("branch_id"),
        tenant_index("partner_id"),
    )


class Product(TenantRecord, Timestamped, Base):
    __tablename__ = "products"

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(100))
    product_group_id: Mapped[BigInt | None]
    product_brand_id: Mapped[BigInt | None]
    branch_id: Mapped[BigInt | None]
    partner_id: Mapped[BigInt | None]
    # {"CZK": "19.90"}: one price per currency, the decimal as text (exact on both backends).
    prices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[int] = mapped_column(Integer, default=1)  # 0 deleted, 1 active (the batch's own vocabulary)

    __table_args__ = (
        business_fk(),
        tenant_fk("product_group_id", "product_groups"),
        tenant_fk("product_brand_id", "product_brands"),
        tenant_fk("branch_id", "branches"),
        tenant_fk("partner_id", "partners"),
        tenant_index("code"),
        tenant_index("partner_id"),
        tenant_index("product_group_id"),
    )


class ProductCode(TenantKeyed, Base):
    """A product's code in one of the POS's product lists: a (list, code) pair names one product of the business."""

    __tablename__ = "product_codes"

    list_code: Mapped[str] = mapped_column(String(100), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    product_id: Mapped[BigInt]

    __table_args__ = (tenant_fk("product_id", "products"), tenant_index("product_id"), tenant_index("code"))
