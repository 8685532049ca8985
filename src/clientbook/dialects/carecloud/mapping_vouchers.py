"""Pure translation between the CareCloud wire and core rewards and vouchers (no I/O)."""

from __future__ import annotations

import re
from typing import Any

from clientbook.core import points, reward_types
from clientbook.core.reward_views import RewardView
from clientbook.core.rewards import BONUS, CONDITION, NewReward, ProductRef, RewardProductView
from clientbook.store.models import Tag
from clientbook.store.models.rewards import RewardType
from clientbook.store.models.vouchers import Voucher

from . import mapping_products, mapping_records
from . import wire_vouchers as wire
from .conventions import body_id, compact, named, parse_date, render_datetime, render_id
from .mapping import Renamed

SIMPLE_REWARD = 4  # the spec's reward group of simple rewards, the only kind the API creates
RELATIONS = {0: CONDITION, 1: BONUS}

# Core field → wire name, for refusals.
VOUCHER_WIRE_NAMES = {"client_id": "customer_id", "branch_id": "store_id", "applied_at": "applied_date"}
APPLY_WIRE_NAMES = {"branch_id": "store_id", "applied_at": "date_applied"}
PUT_WIRE_NAMES = {
    **{k: f"voucher.{v}" for k, v in VOUCHER_WIRE_NAMES.items()},
    **{k: f"voucher.{k}" for k in ("code", "note", "valid_from", "valid_to", "value")},
}


def _batch_name(field: str) -> str:
    """vouchers/batch's refusals: `vouchers.3.client_id` → `vouchers.3.customer_id`."""
    head, _, leaf = field.rpartition(".")
    leaf = VOUCHER_WIRE_NAMES.get(leaf, leaf)
    return f"{head}.{leaf}" if head else leaf


BATCH_WIRE_NAMES = Renamed(VOUCHER_WIRE_NAMES, _batch_name)

_SIMPLE_REWARD_PLAIN = {
    "type_value": "reward_type_value",
    "maximum_discount": "maximum_discount_value",
    "minimum_purchase": "minimum_purchase_value",
    "valid_from": "valid_date_from",
    "valid_to": "valid_date_to",
    "is_global": "global_reward",
}
_SIMPLE_REWARD_LISTS = {
    "branch_ids": ("stores", "store_id"),
    "segment_ids": ("segments", "segment_id"),
    "tag_ids": ("tags", "tag_id"),
}


def _simple_reward_name(field: str) -> str:
    """create-simple-reward's refusals: core fields (`branch_ids.2`) as the body spells them
    (`simple_reward.stores.2.store_id`)."""
    listed = re.fullmatch(r"(\w+)\.(\d+)", field)
    if listed and listed.group(1) in _SIMPLE_REWARD_LISTS:
        name, key = _SIMPLE_REWARD_LISTS[listed.group(1)]
        return f"simple_reward.{name}.{listed.group(2)}.{key}"
    if field.startswith("simple_reward."):
        return field
    return f"simple_reward.{_SIMPLE_REWARD_PLAIN.get(field, field)}"


SIMPLE_REWARD_WIRE_NAMES = Renamed(_SIMPLE_REWARD_PLAIN, _simple_reward_name)

# Wire sort field → core sort key (store/repositories: the columns a list may be ordered by).
REWARD_SORT = {
    "reward_id": "id",
    "code": "code",
    "name": "name",
    "note": "note",
    "subtitle": "subtitle",
    "points_cost": "points_cost",
    "priority": "priority",
    "reward_type_id": "reward_type_id",
    "state": "state",
    "last_change": "updated_at",
}
VOUCHER_SORT = {
    "voucher_id": "id",
    "customer_id": "client_id",
    "store_id": "applied_branch_id",
    "code": "code",
    "value": "value",
    "applied_date": "applied_at",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "note": "note",
    "created_at": "created_at",
    "last_change": "updated_at",
}


def _texts(items: list[wire.Translation] | None, default: str) -> dict[str, str]:
    return {(t.language_code or default).lower(): t.text for t in items or () if t.text and t.text.strip()}


def _links(items: list[wire.LinkTranslation] | None, default: str) -> dict[str, str]:
    return {(t.language_code or default).lower(): t.url for t in items or () if t.url and t.url.strip()}


def _ids(items: list[Any] | None, key: str, field: str) -> list[int]:
    found = []
    for index, item in enumerate(items or ()):
        value = body_id(getattr(item, key), f"{field}.{index}.{key}", required=True)
        assert value is not None
        found.append(value)
    return found


def to_new_reward(given: wire.SimpleReward, language: str) -> NewReward:
    reward_type_id = body_id(given.reward_type_id, "simple_reward.reward_type_id", required=True)
    assert reward_type_id is not None
    return NewReward(
        code=given.code,
        names=_texts(given.names, language),
        notes=_texts(given.notes, language),
        subtitles=_texts(given.subtitles, language),
        reward_type_id=reward_type_id,
        type_value=given.reward_type_value,
        points_cost=given.points_cost,
        maximum_discount=given.maximum_discount_value,
        minimum_purchase=given.minimum_purchase_value,
        valid_from=parse_date(given.valid_date_from, "simple_reward.valid_date_from"),
        valid_to=parse_date(given.valid_date_to, "simple_reward.valid_date_to"),
        branch_ids=_ids(given.stores, "store_id", "simple_reward.stores"),
        segment_ids=_ids(given.segments, "segment_id", "simple_reward.segments"),
        tag_ids=_ids(given.tags, "tag_id", "simple_reward.tags"),
        priority=given.priority,
        is_global=given.global_reward,
        partner_id=body_id(given.partner_id, "simple_reward.partner_id"),
        voucher_validity=given.voucher_validity,
        voucher_validity_value=given.voucher_validity_value,
        generates_codes=given.voucher_code_generation_preference == "A",
        is_portable=bool(given.is_portable),
        state=given.state,
        extra={
            "image_urls": _links(given.image_urls, language),
            "external_urls": _links(given.reward_external_urls, language),
        },
    )


def to_product_refs(given: wire.RewardProducts) -> list[ProductRef]:
    return [
        ProductRef(
            relation=RELATIONS[p.reward_product_relation_type],
            product_id=body_id(p.product_id, f"products.{index}.product_id"),
            list_code=p.plu_id.list_code if p.plu_id else None,
            code=p.plu_id.code if p.plu_id else None,
        )
        for index, p in enumerate(given.products)
    ]


# ---- answers -----------------------------------------------------------------------------------------------------


def reward_type(record: RewardType, tz: str) -> dict[str, Any]:
    return named("reward_type_id", record, tz)


def tag(record: Tag, tz: str) -> dict[str, Any]:
    return {
        "tag_id": str(record.id),
        "name": record.name,
        "text_id": record.name_normalized,
        "state": 1,
        "last_change": render_datetime(record.updated_at, tz),
    }


def _in(texts: Any, language: str, fallback: str | None) -> str | None:
    if not isinstance(texts, dict) or not texts:
        return fallback
    return texts.get(language) or fallback or next(iter(texts.values()))


def _relation(count: int) -> list[dict[str, Any]]:
    return [{"related_to": "product", "count": count}] if count else []


def reward(view: RewardView, tz: str, language: str) -> dict[str, Any]:
    record, extra = view.reward, view.reward.extra
    images = extra.get("image_urls") or {}
    external = _in(extra.get("external_urls"), language, None)
    return compact(
        {
            "reward_id": str(record.id),
            "code": record.code,
            "name": _in(extra.get("names"), language, record.name),
            "note": _in(extra.get("notes"), language, record.note),
            "subtitle": _in(extra.get("subtitles"), language, record.subtitle),
            "points_cost": points.from_units(record.points_cost),
            "reward_group": SIMPLE_REWARD,
            "reward_type_id": str(record.reward_type_id),
            "store_list": [mapping_records.store(b, tz) for b in view.branches],
            "additional_properties": [],
            "priority": record.priority,
            "image_urls": [images[language]] if language in images else list(images.values()),
            "reward_external_url": external,
            "has_product_condition": view.conditions > 0,
            "has_group_condition": False,
            "has_brand_condition": False,
            "has_product_bonus": view.bonuses > 0,
            "has_group_bonus": False,
            "has_brand_bonus": False,
            "reward_product_relation_conditions": _relation(view.conditions),
            "reward_product_relation_bonuses": _relation(view.bonuses),
            "is_automated": False,
            "tags": [tag(t, tz) for t in view.tags],
            "last_change": render_datetime(record.updated_at, tz),
            "state": 0 if record.deleted_at is not None else record.state,
        }
    )


def voucher(record: Voucher, view: RewardView, tz: str, language: str) -> dict[str, Any]:
    """A voucher with its reward; `value` is its own money value (custom vouchers, gift cards), else the value the
    reward's type reads (the discount, percentage or price)."""
    value = record.value if record.value is not None else view.reward.type_value
    return compact(
        {
            "voucher_id": str(record.id),
            "customer_id": str(record.client_id),
            "store_id": render_id(record.applied_branch_id),
            "code": record.code,
            "value": value / 100,
            "applied_date": render_datetime(record.applied_at, tz),
            "valid_from": render_datetime(record.valid_from, tz),
            "valid_to": render_datetime(record.valid_to, tz),
            "reward_group": str(SIMPLE_REWARD),
            "note": record.note,
            "reward": reward(view, tz, language),
            "created_at": render_datetime(record.created_at, tz),
            "last_change": render_datetime(record.updated_at, tz),
            "state": 0 if record.deleted_at is not None else 1,
        }
    )


def is_gift_card(view: RewardView) -> bool:
    return view.behaviour == reward_types.GIFT_CARD


def reward_product(view: RewardProductView, tz: str) -> dict[str, Any]:
    """A catalogue product as /products answers it, with the relations it has to the reward."""
    return {**mapping_products.product(view.product, view.codes, tz), "reward_product_relation_types": view.relations}
