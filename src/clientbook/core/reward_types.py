"""Reward types: how a reward discounts. The behaviours are the core's (a rule each); every business gets one type
per behaviour at `tenant create` (an older business on first use), which an operator may rename
(`clientbook loyalty reward-types list|rename`) but not add to: a new type would need a new rule here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.rewards import RewardType
from clientbook.store.repositories.rewards import RewardTypeRepository

from . import _records, events
from .errors import FieldError, Reason, RewardTypeNotFound, ValidationFailed
from .types import Tenant

FIXED_DISCOUNT, PERCENTAGE, FINAL_PRICE, GIFT_CARD = "fixed_discount", "percentage", "final_price", "gift_card"


@dataclass(frozen=True)
class Behaviour:
    key: str
    default_name: str
    max_value: int | None = None  # hundredths; None: any positive value


# The spec's three simple-reward types, and the gift card (a "multi purpose reward"): a voucher worth `type_value`
# of money, applied down to its balance.
BEHAVIOURS = (
    Behaviour(FIXED_DISCOUNT, "Product with fixed discount"),
    Behaviour(PERCENTAGE, "Product with a discount in percentages", max_value=100_00),
    Behaviour(FINAL_PRICE, "Product for discounted price"),
    Behaviour(GIFT_CARD, "Gift card"),
)
BY_KEY = {b.key: b for b in BEHAVIOURS}


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> list[RewardType]:
    """One reward type per behaviour (those missing are created, each with its event), in behaviour order."""
    repository = RewardTypeRepository(session)
    found = await repository.by_behaviour(tenant.business_id)
    for behaviour in BEHAVIOURS:
        if behaviour.key in found:
            continue
        reward_type = RewardType(
            business_id=tenant.business_id,
            behaviour=behaviour.key,
            name=behaviour.default_name,
            created_by=tenant.actor,
            updated_by=tenant.actor,
        )
        await repository.add(reward_type)
        changes = {"name": reward_type.name, "behaviour": behaviour.key}
        await events.record(session, tenant, "reward_type", reward_type.id, "created", changes)
        found[behaviour.key] = reward_type
    return [found[b.key] for b in BEHAVIOURS]


async def list_all(session: AsyncSession, tenant: Tenant) -> list[RewardType]:
    return await ensure_defaults(session, tenant)


async def get(
    session: AsyncSession, tenant: Tenant, reward_type_id: int, *, field: str = "reward_type_id"
) -> RewardType:
    await ensure_defaults(session, tenant)
    found = await RewardTypeRepository(session).get(tenant.business_id, reward_type_id)
    if found is None:
        raise RewardTypeNotFound(field=field, id=reward_type_id)
    return found


async def rename(session: AsyncSession, tenant: Tenant, reward_type_id: int, name: str) -> RewardType:
    """Give a reward type the business's own name (its id and behaviour stay)."""
    found = await get(session, tenant, reward_type_id, field="id")
    text = name.strip()
    if not text:
        raise ValidationFailed.single("name", Reason.REQUIRED, "name is required")
    errors: list[FieldError] = []
    _records.check_lengths(RewardType, {"name": text}, errors)
    _records.raise_if(errors)
    await _records.save_changes(session, tenant, RewardTypeRepository(session), found, "reward_type", {"name": text})
    return found
