"""Rewards: created as the spec's simple rewards, read and listed, with the stores they are valid in, their tags
and the products of their conditions and bonuses. Vouchers are claimed from them (core/vouchers.py)."""

from __future__ import annotations

import builtins
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Tag
from clientbook.store.models.products import Product
from clientbook.store.models.rewards import Reward, RewardProduct, RewardSegment, RewardStore, RewardTag
from clientbook.store.repositories.products import ProductRepository
from clientbook.store.repositories.rewards import RewardLinkRepository, RewardRepository
from clientbook.store.repositories.rewards import RewardQuery as RewardQuery  # a list's filters, as plain data
from clientbook.store.repositories.segments import SegmentRepository

from . import _records, events, partners, points, reward_types, tenants, voucher_validity
from .errors import BranchNotFound, FieldError, PartnerNotFound, Reason, RewardNotFound, ValidationFailed
from .types import Tenant

Amount = Decimal | float | int | str
_CODE = re.compile(r"^[^|\-\s]{1,100}$")  # the spec: `|` and `-` are not allowed in a reward's code
CONDITION, BONUS = "condition", "bonus"


@dataclass(frozen=True)
class NewReward:
    """A simple reward as given; texts are per language (`{"en": "Free coffee"}`)."""

    code: str
    names: dict[str, str]
    reward_type_id: int
    type_value: Amount | None
    voucher_validity: str
    voucher_validity_value: str | None = None
    generates_codes: bool = True
    notes: dict[str, str] = field(default_factory=dict)
    subtitles: dict[str, str] = field(default_factory=dict)
    points_cost: Amount | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    maximum_discount: Amount | None = None
    minimum_purchase: Amount | None = None
    branch_ids: Sequence[int] = ()
    segment_ids: Sequence[int] = ()
    tag_ids: Sequence[int] = ()
    priority: int | None = None
    is_global: bool = True
    partner_id: int | None = None  # one of the business's partners
    is_portable: bool = False
    state: int = 1
    extra: dict[str, Any] = field(default_factory=dict)  # images and external links, as given


@dataclass(frozen=True)
class ProductRef:
    """A catalogue product of a reward's condition or bonus: by its id, or by its code in one of the POS's product
    lists (`list_code`, `code`)."""

    relation: str
    product_id: int | None = None
    list_code: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class RewardProductView:
    product: Product
    relations: builtins.list[str]  # condition, bonus or both
    codes: builtins.list[tuple[str, str]]  # its (list code, code) pairs


def _text_for(texts: dict[str, str], language: str) -> str | None:
    """The text in the business's language, else the first one given."""
    cleaned = {k: v.strip() for k, v in texts.items() if v and v.strip()}
    return cleaned.get(language) or next(iter(cleaned.values()), None)


def _units(value: Amount | None, name: str, errors: builtins.list[FieldError], *, zero: bool = False) -> int | None:
    """An optional positive amount (hundredths; 0 too when `zero`), the refusal collected."""
    if value is None or (zero and str(value).strip() in ("0", "0.0", "0.00")):
        return None if value is None else 0
    try:
        return points.to_units(value, name)
    except ValidationFailed as error:
        errors.extend(error.errors)
        return None


async def _check_links(
    session: AsyncSession, tenant: Tenant, new: NewReward, errors: builtins.list[FieldError]
) -> None:
    for index, branch_id in enumerate(new.branch_ids):
        try:
            await tenants.get_branch(session, tenant, branch_id)
        except BranchNotFound:
            errors.append(
                FieldError(f"branch_ids.{index}", Reason.NOT_FOUND, f"store {branch_id} not found", branch_id)
            )
    segments = await SegmentRepository(session).get_many(tenant.business_id, new.segment_ids)
    for index, segment_id in enumerate(new.segment_ids):
        if segment_id not in segments or segments[segment_id].deleted_at is not None:
            message = f"segment {segment_id} not found"
            errors.append(FieldError(f"segment_ids.{index}", Reason.NOT_FOUND, message, segment_id))
    known = await RewardLinkRepository(session).tags_exist(tenant.business_id, new.tag_ids)
    for index, tag_id in enumerate(new.tag_ids):
        if tag_id not in known:
            errors.append(FieldError(f"tag_ids.{index}", Reason.NOT_FOUND, f"tag {tag_id} not found", tag_id))


def _type_value(new: NewReward, behaviour: reward_types.Behaviour, errors: builtins.list[FieldError]) -> int | None:
    """The value the reward type reads (hundredths): required, positive, a percentage at most 100."""
    if new.type_value is None:
        errors.append(FieldError("type_value", Reason.REQUIRED, "type_value is required"))
        return None
    value = _units(new.type_value, "type_value", errors)
    if value is not None and behaviour.max_value is not None and value > behaviour.max_value:
        message = f"type_value of a {behaviour.default_name} reward is at most {behaviour.max_value // 100}"
        errors.append(FieldError("type_value", Reason.NOT_ALLOWED, message, new.type_value))
    return value


def _validity(new: NewReward, errors: builtins.list[FieldError]) -> str | None:
    """The reward's dates in order, and its voucher validity rule's value (core/voucher_validity.py)."""
    if new.valid_from and new.valid_to and new.valid_to < new.valid_from:
        message = "valid_to must not be before valid_from"
        errors.append(FieldError("valid_to", Reason.NOT_ALLOWED, message, new.valid_to.isoformat()))
    if new.voucher_validity not in voucher_validity.KINDS:
        message = f"voucher_validity must be one of {', '.join(voucher_validity.KINDS)}"
        errors.append(FieldError("voucher_validity", Reason.NOT_ALLOWED, message, new.voucher_validity))
        return None
    try:
        return voucher_validity.check(new.voucher_validity, new.voucher_validity_value)
    except ValidationFailed as error:
        errors.extend(error.errors)
        return None


async def _values(session: AsyncSession, tenant: Tenant, new: NewReward) -> dict[str, Any]:
    """The reward's columns from what was given, or every refusal at once."""
    errors: builtins.list[FieldError] = []
    code = new.code.strip()
    if not _CODE.match(code):
        message = "code must be 1 to 100 characters without spaces, | or -"
        errors.append(FieldError("code", Reason.INVALID_FORMAT, message, new.code))
    elif await RewardRepository(session).by_code(tenant.business_id, code) is not None:
        errors.append(FieldError("code", Reason.ALREADY_EXISTS, f"a reward with code {code} exists already", code))
    name = _text_for(new.names, tenant.language)
    if name is None:
        errors.append(FieldError("names", Reason.REQUIRED, "names needs a name in at least one language"))
    reward_type = await reward_types.get(session, tenant, new.reward_type_id)
    type_value = _type_value(new, reward_types.BY_KEY[reward_type.behaviour], errors)
    if not new.is_global and new.partner_id is None:
        errors.append(FieldError("partner_id", Reason.REQUIRED, "partner_id is required when the reward is not global"))
    if new.partner_id is not None:
        try:
            await partners.get(session, tenant, new.partner_id)
        except PartnerNotFound:
            errors.append(
                FieldError("partner_id", Reason.NOT_FOUND, f"partner {new.partner_id} not found", new.partner_id)
            )
    validity_value = _validity(new, errors)
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "note": _text_for(new.notes, tenant.language),
        "subtitle": _text_for(new.subtitles, tenant.language),
        "reward_type_id": reward_type.id,
        "type_value": type_value,
        "points_cost": _units(new.points_cost, "points_cost", errors, zero=True) or 0,
        "maximum_discount": _units(new.maximum_discount, "maximum_discount", errors),
        "minimum_purchase": _units(new.minimum_purchase, "minimum_purchase", errors),
        "valid_from": new.valid_from,
        "valid_to": new.valid_to,
        "priority": new.priority,
        "is_global": new.is_global,
        "partner_id": None if new.partner_id is None else str(new.partner_id),
        "voucher_validity": new.voucher_validity,
        "voucher_validity_value": validity_value,
        "generates_codes": new.generates_codes,
        "is_portable": new.is_portable,
        "state": new.state,
        "extra": {
            **new.extra,
            "names": new.names,
            "notes": new.notes,
            "subtitles": new.subtitles,
        },
    }
    await _check_links(session, tenant, new, errors)
    _records.check_lengths(Reward, values, errors)
    _records.raise_if(errors)
    return values


async def create_simple(session: AsyncSession, tenant: Tenant, new: NewReward) -> Reward:
    """A new simple reward with its stores and tags; every refusal is collected and nothing is written."""
    values = await _values(session, tenant, new)
    reward = Reward(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    changed = _records.apply(reward, values)
    if not await RewardRepository(session).add_unless_taken(reward):  # a concurrent create took the code
        message = f"a reward with code {values['code']} exists already"
        raise ValidationFailed.single("code", Reason.ALREADY_EXISTS, message, values["code"])
    money = {"points_cost": points.from_units(values["points_cost"]), "type_value": values["type_value"] / 100}
    await events.record(session, tenant, "reward", reward.id, "created", {**changed, **money})
    links = RewardLinkRepository(session)
    branches = [{"branch_id": b} for b in dict.fromkeys(new.branch_ids)]
    await links.replace(tenant.business_id, reward.id, RewardStore, branches)
    await links.replace(tenant.business_id, reward.id, RewardTag, [{"tag_id": t} for t in dict.fromkeys(new.tag_ids)])
    targets = [{"segment_id": s} for s in dict.fromkeys(new.segment_ids)]
    await links.replace(tenant.business_id, reward.id, RewardSegment, targets)
    return reward


async def get(session: AsyncSession, tenant: Tenant, reward_id: int, *, field: str = "reward_id") -> Reward:
    return await _records.find(RewardRepository(session), tenant, reward_id, RewardNotFound, field=field)


async def list(session: AsyncSession, tenant: Tenant, query: RewardQuery) -> tuple[builtins.list[Reward], int]:
    return await RewardRepository(session).page(tenant.business_id, query)


async def is_open_to(session: AsyncSession, tenant: Tenant, reward: Reward, client_id: int) -> bool:
    """Whether the customer may claim the reward: it is for everyone, or for a segment they are in."""
    return await RewardLinkRepository(session).is_open_to(tenant.business_id, reward.id, client_id)


async def stores_of(session: AsyncSession, tenant: Tenant, reward_ids: Sequence[int]) -> dict[int, builtins.list[int]]:
    """The stores (branch ids) each reward's vouchers may be applied in; a reward missing here: every store."""
    return await RewardLinkRepository(session).branches(tenant.business_id, reward_ids)


async def tags_of(session: AsyncSession, tenant: Tenant, reward_ids: Sequence[int]) -> dict[int, builtins.list[Tag]]:
    return await RewardLinkRepository(session).tags(tenant.business_id, reward_ids)


async def used_tags(
    session: AsyncSession, tenant: Tenant, *, name_contains: str | None = None, text_id: str | None = None
) -> builtins.list[Tag]:
    """The tags the business's rewards carry (the reward filter's vocabulary)."""
    return await RewardLinkRepository(session).used_tags(
        tenant.business_id, name_contains=name_contains, text_id=text_id
    )


async def _resolve_products(
    session: AsyncSession, tenant: Tenant, products: Sequence[ProductRef]
) -> dict[tuple[int, str], int]:
    """(product id, relation) of each product named, or every refusal naming `products.{i}.…`."""
    catalogue = ProductRepository(session)
    by_id = await catalogue.get_many(tenant.business_id, {p.product_id for p in products if p.product_id is not None})
    pairs = [(p.list_code.strip(), p.code.strip()) for p in products if p.product_id is None and p.list_code and p.code]
    by_code = await catalogue.owners(tenant.business_id, pairs)
    errors: builtins.list[FieldError] = []
    found: dict[tuple[int, str], int] = {}
    for index, given in enumerate(products):
        if given.relation not in (CONDITION, BONUS):
            message = f"products.{index}.relation must be condition or bonus"
            errors.append(FieldError(f"products.{index}.relation", Reason.NOT_ALLOWED, message, given.relation))
        if given.product_id is not None:
            product = by_id.get(given.product_id)
            product_id = product.id if product is not None and product.state != 0 else None
            if product_id is None:
                message = f"product {given.product_id} not found"
                errors.append(FieldError(f"products.{index}.product_id", Reason.NOT_FOUND, message, given.product_id))
        elif given.list_code and given.code:
            product_id = by_code.get((given.list_code.strip(), given.code.strip()))
            if product_id is None:
                message = f"no product has code {given.code} in list {given.list_code}"
                errors.append(FieldError(f"products.{index}.plu_id", Reason.NOT_FOUND, message, given.code))
        else:
            message = f"products.{index} needs a product_id or a plu_id with list_code and code"
            errors.append(FieldError(f"products.{index}.product_id", Reason.REQUIRED, message))
            product_id = None
        if product_id is not None:
            found[(product_id, given.relation)] = index
    _records.raise_if(errors)
    return found


async def set_products(session: AsyncSession, tenant: Tenant, reward_id: int, products: Sequence[ProductRef]) -> None:
    """Make the reward's conditions and bonuses exactly these catalogue products, with one event."""
    reward = await get(session, tenant, reward_id)
    named = await _resolve_products(session, tenant, products)
    rows = [{"product_id": product_id, "relation": relation} for product_id, relation in named]
    await RewardLinkRepository(session).replace(tenant.business_id, reward.id, RewardProduct, rows)
    await events.record(session, tenant, "reward", reward.id, "products_set", {"products": rows})


async def products_of(
    session: AsyncSession, tenant: Tenant, reward_id: int, relation: str | None = None
) -> builtins.list[RewardProductView]:
    """The reward's products, each once with the relations it is in (the catalogue's order: by id)."""
    reward = await get(session, tenant, reward_id)
    rows = await RewardLinkRepository(session).products(tenant.business_id, reward.id, relation)
    relations: dict[int, builtins.list[str]] = {}
    for row in rows:
        relations.setdefault(row.product_id, []).append(row.relation)
    catalogue = ProductRepository(session)
    found = await catalogue.get_many(tenant.business_id, relations)
    codes = await catalogue.codes_of(tenant.business_id, builtins.list(found))
    return [RewardProductView(found[p], sorted(relations[p]), codes[p]) for p in sorted(found)]
