"""Rewards: what a customer can claim (for points, or given by the business), the reward types that say how a
reward discounts, and a reward's stores, tags and products.

A reward is the template; each claim of it is a voucher (store/models/vouchers.py). Money and points are stored in
hundredths (integers), as the points ledger stores them, so comparisons and subtractions are exact on both backends."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class RewardType(Timestamped, Base):
    """How a reward's `type_value` is read: a fixed discount, a percentage, a final price, or a gift card's value.

    `behaviour` is the rule the core implements (core/reward_types.BEHAVIOURS); the name is the business's own."""

    __tablename__ = "reward_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("reward_types_id_seq")
    behaviour: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "behaviour"),
    )


class Reward(Timestamped, SoftDeleted, Base):
    __tablename__ = "rewards"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("rewards_id_seq")
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(2000))
    subtitle: Mapped[str | None] = mapped_column(String(500))
    reward_type_id: Mapped[int] = mapped_column(BigInteger)
    type_value: Mapped[int] = mapped_column(BigInteger)  # hundredths: the discount, percentage, price or card value
    points_cost: Mapped[int] = mapped_column(BigInteger, default=0)  # hundredths of a point; 0: free
    maximum_discount: Mapped[int | None] = mapped_column(BigInteger)
    minimum_purchase: Mapped[int | None] = mapped_column(BigInteger)
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
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "reward_type_id"], ["reward_types.business_id", "reward_types.id"]),
        UniqueConstraint("business_id", "code"),
        Index(None, "business_id", "valid_to"),
    )


class RewardStore(Base):
    """A store (branch) where the reward's vouchers may be applied; a reward with none is valid in every store."""

    __tablename__ = "reward_stores"

    business_id: Mapped[int] = business_id_column()
    reward_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    branch_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "reward_id"], ["rewards.business_id", "rewards.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        Index(None, "business_id", "branch_id"),
    )


class RewardSegment(Base):
    """A segment the reward is for; a reward with none is for every customer."""

    __tablename__ = "reward_segments"

    business_id: Mapped[int] = business_id_column()
    reward_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    segment_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "reward_id"], ["rewards.business_id", "rewards.id"]),
        ForeignKeyConstraint(["business_id", "segment_id"], ["segments.business_id", "segments.id"]),
        Index(None, "business_id", "segment_id"),
    )


class RewardTag(Base):
    """A reward's tag: one of the business's tags (the ones customers carry too)."""

    __tablename__ = "reward_tags"

    business_id: Mapped[int] = business_id_column()
    reward_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tag_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "reward_id"], ["rewards.business_id", "rewards.id"]),
        ForeignKeyConstraint(["business_id", "tag_id"], ["tags.business_id", "tags.id"]),
        Index(None, "business_id", "tag_id"),
    )


class RewardProduct(Base):
    """A product of the catalogue in a reward's condition (it must be bought) or its bonus (it is discounted)."""

    __tablename__ = "reward_products"

    business_id: Mapped[int] = business_id_column()
    reward_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    relation: Mapped[str] = mapped_column(String(20), primary_key=True)  # condition | bonus

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "reward_id"], ["rewards.business_id", "rewards.id"]),
        ForeignKeyConstraint(["business_id", "product_id"], ["products.business_id", "products.id"]),
        Index(None, "business_id", "product_id"),
    )
