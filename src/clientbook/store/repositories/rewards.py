"""Rewards, their types, and the stores, tags and products a reward names."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, exists, func, or_, select

from clientbook.store.models import Tag
from clientbook.store.models.rewards import Reward, RewardProduct, RewardSegment, RewardStore, RewardTag, RewardType
from clientbook.store.models.segments import SegmentMember

from ._base import PageQuery, RecordRepository, matching, sort_keys


@dataclass(frozen=True)
class RewardQuery(PageQuery):
    """Sorted by a key of REWARD_SORT."""

    name_contains: str | None = None
    code: str | None = None
    branch_id: int | None = None  # rewards valid in this store (naming it, or naming no store)
    valid_on: date | None = None  # is_valid: active and in its validity dates on this day
    not_valid_on: date | None = None  # is_valid=false: inactive or outside its dates on this day
    valid_from: date | None = None  # validity overlapping [valid_from, valid_to]
    valid_to: date | None = None
    tag_ids: Sequence[int] | None = None
    partner_id: str | None = None
    reward_type_id: int | None = None
    open_to_client_id: int | None = None  # rewards for everyone, and for the segments this customer is in


REWARD_SORT = sort_keys(Reward, "id code name note subtitle points_cost priority reward_type_id state updated_at")


def _in_dates(day: date) -> ColumnElement[bool]:
    starts = or_(Reward.valid_from.is_(None), Reward.valid_from <= day)
    ends = or_(Reward.valid_to.is_(None), Reward.valid_to >= day)
    return starts & ends


def _open_to(business_id: int, client_id: int) -> ColumnElement[bool]:
    """The reward is for no segment in particular, or for one the customer is in."""
    targets = select(RewardSegment.segment_id).where(
        RewardSegment.business_id == business_id, RewardSegment.reward_id == Reward.id
    )
    member = select(SegmentMember.segment_id).where(
        SegmentMember.business_id == business_id, SegmentMember.client_id == client_id
    )
    return or_(~exists(targets), exists(targets.where(RewardSegment.segment_id.in_(member))))


class RewardTypeRepository(RecordRepository[RewardType]):
    model = RewardType

    async def by_behaviour(self, business_id: int) -> dict[str, RewardType]:
        rows = await self.session.scalars(select(RewardType).where(RewardType.business_id == business_id))
        return {row.behaviour: row for row in rows}


class RewardRepository(RecordRepository[Reward]):
    model = Reward

    async def by_code(self, business_id: int, code: str) -> Reward | None:
        query = select(Reward).where(Reward.business_id == business_id, Reward.code == code)
        return await self.session.scalar(query)

    def _where(self, business_id: int, q: RewardQuery) -> builtins.list[ColumnElement[bool]]:
        where = [Reward.business_id == business_id, Reward.deleted_at.is_(None)]
        if q.name_contains is not None:
            where.append(func.lower(Reward.name).contains(q.name_contains.lower(), autoescape=True))
        if q.code is not None:
            where.append(Reward.code == q.code)
        if q.branch_id is not None:
            stores = select(RewardStore.reward_id).where(
                RewardStore.business_id == business_id, RewardStore.reward_id == Reward.id
            )
            named = stores.where(RewardStore.branch_id == q.branch_id)
            where.append(or_(exists(named), ~exists(stores)))
        if q.valid_on is not None:
            where.extend([Reward.state == 1, _in_dates(q.valid_on)])
        if q.not_valid_on is not None:
            where.append(or_(Reward.state != 1, ~_in_dates(q.not_valid_on)))
        if q.valid_from is not None:
            where.append(or_(Reward.valid_to.is_(None), Reward.valid_to >= q.valid_from))
        if q.valid_to is not None:
            where.append(or_(Reward.valid_from.is_(None), Reward.valid_from <= q.valid_to))
        if q.tag_ids is not None:
            tagged = select(RewardTag.reward_id).where(
                RewardTag.business_id == business_id, RewardTag.reward_id == Reward.id, RewardTag.tag_id.in_(q.tag_ids)
            )
            where.append(exists(tagged))
        where.extend(matching(Reward, q, "partner_id reward_type_id"))
        if q.open_to_client_id is not None:
            where.append(_open_to(business_id, q.open_to_client_id))
        return where

    async def page(self, business_id: int, q: RewardQuery) -> tuple[builtins.list[Reward], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching rewards."""
        return await self.page_where(self._where(business_id, q), REWARD_SORT[q.sort], q)


class RewardLinkRepository(RecordRepository[Reward]):
    """The rows that hang off a reward: its stores, tags and products (each set replaced as a whole)."""

    model = Reward

    async def replace(self, business_id: int, reward_id: int, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        await self.session.execute(delete(model).where(model.business_id == business_id, model.reward_id == reward_id))
        if rows:
            table = cast(Table, model.__table__)
            await self.add_rows(table, [{"business_id": business_id, "reward_id": reward_id, **r} for r in rows])

    async def branches(self, business_id: int, reward_ids: Collection[int]) -> dict[int, builtins.list[int]]:
        query = select(RewardStore.reward_id, RewardStore.branch_id).where(
            RewardStore.business_id == business_id, RewardStore.reward_id.in_(reward_ids)
        )
        found: dict[int, builtins.list[int]] = {}
        for reward_id, branch_id in await self.session.execute(query.order_by(RewardStore.branch_id)):
            found.setdefault(reward_id, []).append(branch_id)
        return found

    async def tags(self, business_id: int, reward_ids: Collection[int]) -> dict[int, builtins.list[Tag]]:
        query = (
            select(RewardTag.reward_id, Tag)
            .join(Tag, (Tag.business_id == RewardTag.business_id) & (Tag.id == RewardTag.tag_id))
            .where(RewardTag.business_id == business_id, RewardTag.reward_id.in_(reward_ids))
        )
        found: dict[int, builtins.list[Tag]] = {}
        for reward_id, tag in await self.session.execute(query.order_by(Tag.id)):
            found.setdefault(reward_id, []).append(tag)
        return found

    async def used_tags(
        self, business_id: int, *, name_contains: str | None, text_id: str | None
    ) -> builtins.list[Tag]:
        """The business's tags some live reward carries."""
        used = select(RewardTag.tag_id).join(
            Reward, (Reward.business_id == RewardTag.business_id) & (Reward.id == RewardTag.reward_id)
        )
        used = used.where(RewardTag.business_id == business_id, Reward.deleted_at.is_(None))
        query = select(Tag).where(Tag.business_id == business_id, Tag.id.in_(used))
        if name_contains is not None:
            query = query.where(func.lower(Tag.name).contains(name_contains.lower(), autoescape=True))
        if text_id is not None:
            query = query.where(Tag.name_normalized == text_id.lower())
        return builtins.list(await self.session.scalars(query.order_by(Tag.id)))

    async def products(self, business_id: int, reward_id: int, relation: str | None) -> builtins.list[RewardProduct]:
        query = select(RewardProduct).where(
            RewardProduct.business_id == business_id, RewardProduct.reward_id == reward_id
        )
        if relation is not None:
            query = query.where(RewardProduct.relation == relation)
        return builtins.list(
            await self.session.scalars(query.order_by(RewardProduct.product_id, RewardProduct.relation))
        )

    async def relation_counts(self, business_id: int, reward_ids: Collection[int]) -> dict[int, dict[str, int]]:
        """Per reward: how many products its condition and its bonus name."""
        query = (
            select(RewardProduct.reward_id, RewardProduct.relation, func.count())
            .where(RewardProduct.business_id == business_id, RewardProduct.reward_id.in_(reward_ids))
            .group_by(RewardProduct.reward_id, RewardProduct.relation)
        )
        found: dict[int, dict[str, int]] = {}
        for reward_id, relation, count in await self.session.execute(query):
            found.setdefault(reward_id, {})[relation] = int(count)
        return found

    async def is_open_to(self, business_id: int, reward_id: int, client_id: int) -> bool:
        query = select(Reward.id).where(
            Reward.business_id == business_id, Reward.id == reward_id, _open_to(business_id, client_id)
        )
        return await self.session.scalar(query) is not None

    async def tags_exist(self, business_id: int, tag_ids: Collection[int]) -> set[int]:
        query = select(Tag.id).where(Tag.business_id == business_id, Tag.id.in_(tag_ids))
        return set(await self.session.scalars(query))
