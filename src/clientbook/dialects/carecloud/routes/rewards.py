"""Rewards: reward types and properties, the rewards list (everyone's, and one customer's), a reward with its
stores, tags and products, create-simple-reward and set-products."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import reward_types, reward_views, rewards
from clientbook.core.errors import ClientNotFound, RewardNotFound, RewardTypeNotFound
from clientbook.core.rewards import RewardQuery
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within

from .. import mapping_records
from .. import mapping_vouchers as mapping
from .. import wire_vouchers as wire
from ..auth import Caller, CallerDep
from ..conventions import (
    body_id,
    bool_param,
    created,
    id_array_param,
    language,
    listing,
    no_content,
    page,
    parse_date,
    sort,
    text_param,
)
from ._common import EnterpriseOnly, body, empty_resource, not_found_as, one, path_customer, small

router = APIRouter()
# "Action methods are available only in Enterprise API" (the spec, on create-simple-reward and set-products).
ENTERPRISE = EnterpriseOnly(router, "rewards")


async def reward_id_of(session: Any, caller: Caller, raw: str) -> int:
    """The reward a path names; another business's or an unknown one is a 404."""
    return (await one(session, caller.tenant, rewards.get, RewardNotFound, "rewards", raw)).id


def _query(request: Request, caller: Caller) -> RewardQuery | None:
    """The list's filters; None when one can match no reward of ours (no automated rewards, no customer types,
    only simple rewards)."""
    paging = page(request)
    order = sort(request, mapping.REWARD_SORT)
    today = datetime.now(ZoneInfo(caller.tenant.time_zone)).date()
    is_valid = bool_param(request, "is_valid")
    automated = bool_param(request, "is_automated")
    group = text_param(request, "reward_group")
    query = RewardQuery(
        name_contains=text_param(request, "name"),
        code=text_param(request, "code"),
        branch_id=body_id(request.query_params.get("store_id"), "store_id"),
        valid_on=today if is_valid is True else None,
        not_valid_on=today if is_valid is False else None,
        valid_from=parse_date(request.query_params.get("valid_from"), "valid_from"),
        valid_to=parse_date(request.query_params.get("valid_to"), "valid_to"),
        tag_ids=id_array_param(request, "tag_ids"),
        partner_id=text_param(request, "partner_id"),
        reward_type_id=body_id(request.query_params.get("reward_type_id"), "reward_type_id"),
        sort=mapping.REWARD_SORT[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )
    if automated is True or (group is not None and group != str(mapping.SIMPLE_REWARD)):
        return None
    if id_array_param(request, "customer_type_id"):  # we keep no customer types (docs/carecloud.md)
        return None
    return query


async def _page(request: Request, caller: Caller, session: Any, found: list[Any], total: int) -> Any:
    with_stores = bool_param(request, "without_stores") is False
    views = await reward_views.views(session, caller.tenant, found, with_stores=with_stores)
    lang = language(request, caller.tenant.language)
    return listing("rewards", [mapping.reward(v, caller.tenant.time_zone, lang) for v in views], total)


@router.get("/reward-types", summary="getRewardTypes")
async def list_reward_types(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    records = [
        mapping.reward_type(t, caller.tenant.time_zone) for t in await reward_types.list_all(session, caller.tenant)
    ]
    return listed.answer("reward_types", records, contains={"name": "name"})


@router.get("/reward-types/{reward_type_id}", summary="getRewardtype")
async def get_reward_type(reward_type_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, reward_types.get, RewardTypeNotFound, "reward-types", reward_type_id)
    return {"data": mapping.reward_type(found, caller.tenant.time_zone)}


empty_resource(
    router,
    "/reward-properties/{reward_property_id}",
    "rewards_properties",
    list_summary="getRewardProperties",
    get_summary="getRewardProperty",
)


@router.get("/rewards/tags", summary="getSubRewardTags")
async def list_reward_tags(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    found = await rewards.used_tags(
        session, caller.tenant, name_contains=text_param(request, "name"), text_id=text_param(request, "text_id")
    )
    records = [mapping.tag(t, caller.tenant.time_zone) for t in found]
    return listed.answer("tags", records)


@router.get("/rewards", summary="getRewards")
async def list_rewards(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    query = _query(request, caller)
    if query is None:
        return listing("rewards", [], 0)
    found, total = await rewards.list(session, caller.tenant, query)
    return await _page(request, caller, session, found, total)


@router.get("/customers/{customer_id}/rewards", summary="getSubCustomerRewards")
async def customer_rewards(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = path_customer(caller, customer_id)
    query = _query(request, caller)
    with not_found_as(ClientNotFound, "customers", customer_id):
        found, total = await reward_views.of_customer(session, caller.tenant, client_id, query or RewardQuery())
    if query is None:
        return listing("rewards", [], 0)
    return await _page(request, caller, session, found, total)


@ENTERPRISE.post("/rewards/actions/create-simple-reward", summary="postRewardCreateSimpleReward", status_code=201)
async def create_simple_reward(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    with within(mapping.SIMPLE_REWARD_WIRE_NAMES):
        given = await body(request, context, wire.SimpleRewardBody)
        new = mapping.to_new_reward(given.simple_reward, caller.tenant.language)
        reward = await rewards.create_simple(session, caller.tenant, new)
    return created("reward_id", reward.id)


@router.get("/rewards/{reward_id}", summary="getReward")
async def get_reward(reward_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await reward_views.view(session, caller.tenant, await reward_id_of(session, caller, reward_id))
    return {"data": mapping.reward(found, caller.tenant.time_zone, language(request, caller.tenant.language))}


@router.get("/rewards/{reward_id}/stores", summary="getSubRewardStores")
async def reward_stores(reward_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    visible = text_param(request, "visible_for_customer")
    found = await reward_views.stores(session, caller.tenant, await reward_id_of(session, caller, reward_id))
    records = [mapping_records.store(b, caller.tenant.time_zone) for b in found]
    records = [r for r in records if visible is None or str(r["visibility_for_customer"]) == visible]
    return listed.answer("stores", records)


@router.get("/rewards/{reward_id}/products", summary="getSubRewardProducts")
async def reward_products(reward_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    relation = text_param(request, "reward_product_relation_type")
    if relation is not None and relation not in (rewards.CONDITION, rewards.BONUS):
        relation = "none"  # an unknown relation matches no product
    found = await rewards.products_of(session, caller.tenant, await reward_id_of(session, caller, reward_id), relation)
    records = [mapping.reward_product(v, caller.tenant.time_zone) for v in found]
    return listed.answer("products", records)


def _none_of_reward(path: str, key: str, summary: str) -> None:
    """A reward's product groups or brands: set-products names products only, so a reward has none
    (docs/carecloud.md); the reward must exist, and the paging and sort are checked all the same."""

    async def list_none(reward_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
        listed = small(request)
        await reward_id_of(session, caller, reward_id)
        return listed.answer(key, [])

    router.add_api_route(path, list_none, methods=["GET"], summary=summary)


_none_of_reward("/rewards/{reward_id}/product-groups", "product_groups", "getSubRewardProductGroups")
_none_of_reward("/rewards/{reward_id}/product-brands", "product_brands", "getSubRewardProductBrands")


@ENTERPRISE.post("/rewards/{reward_id}/actions/set-products", summary="postRewardSynchronizeProducts", status_code=204)
async def set_products(
    reward_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    reward = await reward_id_of(session, caller, reward_id)
    given = await body(request, context, wire.RewardProducts)
    await rewards.set_products(session, caller.tenant, reward, mapping.to_product_refs(given))
    return no_content()
