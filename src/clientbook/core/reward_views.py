"""Rewards as readers see them: each with its type's behaviour, tags, stores and product counts (a few queries per
page, never one per reward), the rewards open to one customer, and the stores a reward is valid in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Branch, Tag
from clientbook.store.models.rewards import Reward
from clientbook.store.repositories.rewards import RewardLinkRepository, RewardQuery
from clientbook.store.repositories.tenancy import BranchRepository

from . import clients, reward_types, rewards, tenants
from .types import Tenant


@dataclass(frozen=True)
class RewardView:
    reward: Reward
    behaviour: str
    tags: list[Tag]
    branches: list[Branch]  # empty unless asked for, and for a reward valid in every store
    conditions: int  # products its condition names
    bonuses: int  # products its bonus names


async def views(
    session: AsyncSession, tenant: Tenant, found: Sequence[Reward], *, with_stores: bool = False
) -> list[RewardView]:
    ids = [r.id for r in found]
    links = RewardLinkRepository(session)
    behaviours = {t.id: t.behaviour for t in await reward_types.list_all(session, tenant)}
    tags = await links.tags(tenant.business_id, ids)
    counts = await links.relation_counts(tenant.business_id, ids)
    stores = await links.branches(tenant.business_id, ids) if with_stores else {}
    named = {b for branch_ids in stores.values() for b in branch_ids}
    branches = await BranchRepository(session).get_many(tenant.business_id, named)
    return [
        RewardView(
            reward=r,
            behaviour=behaviours[r.reward_type_id],
            tags=tags.get(r.id, []),
            branches=[branches[b] for b in stores.get(r.id, []) if b in branches],
            conditions=counts.get(r.id, {}).get(rewards.CONDITION, 0),
            bonuses=counts.get(r.id, {}).get(rewards.BONUS, 0),
        )
        for r in found
    ]


async def view(session: AsyncSession, tenant: Tenant, reward_id: int, *, with_stores: bool = True) -> RewardView:
    return (await views(session, tenant, [await rewards.get(session, tenant, reward_id)], with_stores=with_stores))[0]


async def of_customer(
    session: AsyncSession, tenant: Tenant, client_id: int, query: RewardQuery
) -> tuple[list[Reward], int]:
    """The rewards the customer may claim: those for everyone, and those for a segment the customer is in; one page
    in the order asked, and the exact total."""
    await clients.get(session, tenant, client_id, field="client_id", include_deleted=True)
    return await rewards.list(session, tenant, replace(query, open_to_client_id=client_id))


async def stores(session: AsyncSession, tenant: Tenant, reward_id: int) -> list[Branch]:
    """The stores the reward's vouchers may be applied in: those it names, or every store when it names none."""
    reward = await rewards.get(session, tenant, reward_id)
    named = (await rewards.stores_of(session, tenant, [reward.id])).get(reward.id)
    if not named:
        return await tenants.list_branches(session, tenant)
    branches = await BranchRepository(session).get_many(tenant.business_id, named)
    return [branches[b] for b in named if b in branches and branches[b].deleted_at is None]
