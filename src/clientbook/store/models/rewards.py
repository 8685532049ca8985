"""Rewards: what a customer can claim (for points, or given by the business), the reward types that say how a
reward discounts, and a reward's stores, tags and products.

A reward is the template; each claim of it is a voucher (store/models/vouchers.py). Money and points are stored in
hundredths (integers), as the points ledger stores them, so comparisons and subtractions are exact on both backends."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, KeyPart, SoftDeleted, TenantKeyed, TenantRecord, Timestamped
from ._keys import business_fk, links, tenant_fk, tenant_index, tenant_unique


class RewardType(TenantRecord, Timestamped, Base):
    """How a reward's `type_value` is read: a fixed discount, a percentage, a final price, or a gift card's value.

    `behaviour` is the rule the core implements (core/reward_types.BEHAVIOURS); the name is the business's own."""

    __tablename__ = "reward_types"

    behaviour: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (business_fk(), tenant_unique("behaviour"))


class Reward(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "rewards"

    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(2000))
    subtitle: Mapped[str | None] = mapped_column(String(500))
    reward_type_id: Mapped[BigInt]
    type_value: Mapped[BigInt]  # hundredths: the discount, percentage, price or card value
    points_cost: Mapped[BigInt] = mapped_column(default=0)  # hundredths of a point; 0: free
    maximum_discount: Mapped[BigInt | None]
    minimum_purchase: Mapped[BigInt | None]
    valid_from: Mapped[date | None] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()
    priority: Mapped[int | None] = mapped_column(Integer)
    is_global: Mapped[bool] = mapped_column(Boolean, default=True)
    partner_id: Mapped[str | None] = mapped_column(String(100))
    voucher_validity: Mapped[str] = mapped_column(String(40))  # interval | end_of_time_unit | reward_validity
    voucher_validity_value: Mapped[str | None] = mapped_column(String(40))
    generates_codes: Mapped[bool] = mapped_column(Boolean, default=True)  # `A`; False: `M`, codes are given
    is_portable: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[int] = mapped_column(Integer, default=1)  # 1 active, 2 not active
    # Translations, images and external links, as given: {"names": {"en": …}, "image_urls": {…}…}
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        business_fk(),
        tenant_fk("reward_type_id", "reward_types"),
        tenant_unique("code"),
        tenant_index("valid_to"),
    )


class RewardStore(TenantKeyed, Base):
    """A store (branch) where the reward's vouchers may be applied; a reward with none is valid in every store."""

    __tablename__ = "reward_stores"

    reward_id: Mapped[KeyPart]
    branch_id: Mapped[KeyPart]

    __table_args__ = links(reward_id="rewards", branch_id="branches")


class RewardSegment(TenantKeyed, Base):
    """A segment the reward is for; a reward with none is for every customer."""

    __tablename__ = "reward_segments"

    reward_id: Mapped[KeyPart]
    segment_id: Mapped[KeyPart]

    __table_args__ = links(reward_id="rewards", segment_id="segments")


class RewardTag(TenantKeyed, Base):
    """A reward's tag: one of the business's tags (the ones customers carry too)."""

    __tablename__ = "reward_tags"

    reward_id: Mapped[KeyPart]
    tag_id: Mapped[KeyPart]

    __table_args__ = links(reward_id="rewards", tag_id="tags")


class RewardProduct(TenantKeyed, Base):
    """A product of the catalogue in a reward's condition (it must be bought) or its bonus (it is discounted)."""

    __tablename__ = "reward_products"

    reward_id: Mapped[KeyPart]
    product_id: Mapped[KeyPart]
    relation: Mapped[str] = mapped_column(String(20), primary_key=True)  # condition | bonus

    __table_args__ = links(reward_id="rewards", product_id="products")
