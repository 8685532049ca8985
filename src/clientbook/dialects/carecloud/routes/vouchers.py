"""Vouchers: the lists (everyone's, a customer's, a reward's), one voucher, its change and deletion, claiming one
from a reward (create-voucher, create-custom-voucher, vouchers/batch), applying it, and a gift card's balance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import reward_views, voucher_claims, vouchers
from clientbook.core.errors import ClientNotFound, Reason, RewardNotFound, ValidationFailed, VoucherNotFound
from clientbook.core.voucher_claims import Claim
from clientbook.core.vouchers import VoucherChanges, VoucherQuery
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within
from clientbook.store.models.vouchers import Voucher

from .. import mapping_vouchers as mapping
from .. import wire_vouchers as wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    body_id,
    bool_param,
    created,
    id_array_param,
    language,
    listing,
    no_content,
    page,
    parse_datetime,
    required_id,
    sort,
    text_param,
)
from ._common import EnterpriseOnly, body, customer_filter, empty_resource, not_found_as, one, path_customer, wire_names
from .rewards import reward_id_of

router = APIRouter(route_class=wire_names(mapping.VOUCHER_WIRE_NAMES))
ENTERPRISE = EnterpriseOnly(router, "vouchers")


def _query(request: Request, caller: Caller, **fixed: Any) -> VoucherQuery:
    paging = page(request)
    order = sort(request, mapping.VOUCHER_SORT)
    now = datetime.now(UTC)
    is_valid = bool_param(request, "is_valid")
    bool_param(request, "include_service_vouchers")  # checked; we keep no service vouchers
    values: dict[str, Any] = {
        "client_id": customer_filter(request, caller),
        "code": text_param(request, "code"),
        "reward_ids": id_array_param(request, "reward_id"),
        "branch_id": body_id(request.query_params.get("store_id"), "store_id"),
        "valid_at": now if is_valid is True else None,
        "not_valid_at": now if is_valid is False else None,
        "applied": bool_param(request, "is_applied"),
        "sort": mapping.VOUCHER_SORT[order.field] if order.field else "id",
        "descending": order.descending,
        "offset": paging.offset,
        "count": paging.count,
    }
    return VoucherQuery(**{**values, **fixed})


async def _rendered(request: Request, caller: Caller, session: AsyncSession, found: Sequence[Voucher]) -> list[Any]:
    with_stores = bool_param(request, "without_stores") is False
    by_id = await vouchers.rewards_of(session, caller.tenant, found)
    views = await reward_views.views(session, caller.tenant, list(by_id.values()), with_stores=with_stores)
    of = {v.reward.id: v for v in views}
    tz, lang = caller.tenant.time_zone, language(request, caller.tenant.language)
    return [mapping.voucher(v, of[v.reward_id], tz, lang) for v in found]


async def _listing(request: Request, caller: Caller, session: AsyncSession, query: VoucherQuery) -> Any:
    found, total = await vouchers.list(session, caller.tenant, query)
    return listing("vouchers", await _rendered(request, caller, session, found), total)


async def _voucher(session: AsyncSession, caller: Caller, raw: str) -> Voucher:
    """The voucher a path names (a customer: only their own); another business's or an unknown one is a 404."""
    found = await one(session, caller.tenant, vouchers.get, VoucherNotFound, "vouchers", raw)
    own_customer(caller, found.client_id)
    return found


empty_resource(
    router,
    "/voucher-properties/{voucher_property_id}",
    "voucher_properties",
    list_summary="getVoucherProperties",
    get_summary="getVoucherProperty",
)


@router.get("/vouchers", summary="getVouchers")
async def list_vouchers(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    return await _listing(request, caller, session, _query(request, caller))


@router.get("/customers/{customer_id}/vouchers", summary="getSubCustomerVouchers")
async def customer_vouchers(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = path_customer(caller, customer_id)
    with not_found_as(ClientNotFound, "customers", customer_id):
        return await _listing(request, caller, session, _query(request, caller, client_id=client_id))


@router.get("/rewards/{reward_id}/vouchers", summary="getSubRewardVouchers")
async def reward_vouchers(reward_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    reward = await reward_id_of(session, caller, reward_id)
    return await _listing(request, caller, session, _query(request, caller, reward_ids=[reward]))


@router.get("/vouchers/{voucher_id}", summary="getVoucher")
async def get_voucher(voucher_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _voucher(session, caller, voucher_id)
    return {"data": (await _rendered(request, caller, session, [found]))[0]}


@ENTERPRISE.put("/vouchers/{voucher_id}", summary="putVoucher", status_code=204)
async def put_voucher(
    voucher_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    found = await _voucher(session, caller, voucher_id)
    given = (await body(request, context, wire.VoucherBody)).voucher
    tz = caller.tenant.time_zone
    client_id = required_id(given.customer_id, "voucher.customer_id")
    changes = VoucherChanges(
        client_id=client_id,
        code=given.code if given.code is not None else found.code,
        note=given.note,
        valid_from=parse_datetime(given.valid_from, "voucher.valid_from", tz),
        valid_to=parse_datetime(given.valid_to, "voucher.valid_to", tz),
        value=given.value,
        applied_at=parse_datetime(given.applied_date, "voucher.applied_date", tz),
    )
    with within(mapping.PUT_WIRE_NAMES):
        await vouchers.update(session, caller.tenant, found.id, changes)
    return no_content()


@ENTERPRISE.delete("/vouchers/{voucher_id}", summary="deleteVoucher", status_code=204)
async def delete_voucher(voucher_id: str, caller: CallerDep, session: SessionDep) -> Response:
    found = await _voucher(session, caller, voucher_id)
    await vouchers.delete(session, caller.tenant, found.id)
    return no_content()


@router.get("/vouchers/{voucher_id}/property-records", summary="getSubVoucherProperties")
async def voucher_property_records(voucher_id: str, caller: CallerDep, session: SessionDep) -> Any:
    await _voucher(session, caller, voucher_id)
    return listing("property_records", [], 0)  # we keep no voucher properties (docs/carecloud.md)


@ENTERPRISE.post("/vouchers/{voucher_id}/actions/apply-voucher", summary="postVoucherApply", status_code=204)
async def apply_voucher(
    voucher_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    found = await _voucher(session, caller, voucher_id)
    given = await body(request, context, wire.ApplyVoucher)
    with within(mapping.APPLY_WIRE_NAMES):
        at = parse_datetime(given.date_applied, "date_applied", caller.tenant.time_zone)
        branch_id = body_id(given.store_id, "store_id")
        await vouchers.apply(session, caller.tenant, found.id, at=at, branch_id=branch_id)
    return no_content()


@router.post("/vouchers/actions/gift-card-balance", summary="postVoucherGiftCardBalance")
async def gift_card_balance(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire.GiftCardBalance)
    voucher_id = body_id(given.voucher_id, "voucher_id")
    if voucher_id is not None:
        found, field = await vouchers.get(session, caller.tenant, voucher_id), "voucher_id"
    elif given.code and given.code.strip():
        found, field = await vouchers.by_code(session, caller.tenant, given.code), "code"
    else:
        raise ValidationFailed.single("voucher_id", Reason.REQUIRED, "voucher_id or code is required")
    own_customer(caller, found.client_id)
    current, original = await vouchers.gift_card_balance(session, caller.tenant, found, field)
    return {"data": {"voucher_id": str(found.id), "current_balance": current, "original_balance": original}}


async def _claim(
    reward_id: str, request: Request, caller: Caller, context: Any, session: AsyncSession, *, custom: bool
) -> JSONResponse:
    reward = await reward_id_of(session, caller, reward_id)
    given = await body(request, context, wire.NewCustomVoucher if custom else wire.NewVoucher)
    client_id = required_id(given.customer_id, "customer_id")
    own_customer(caller, client_id)
    value = given.value if isinstance(given, wire.NewCustomVoucher) else None
    claim = Claim(reward_id=reward, client_id=client_id, code=given.code, note=given.note, value=value)
    with not_found_as(RewardNotFound, "rewards", reward_id):
        voucher = await voucher_claims.claim(session, caller.tenant, claim, custom=custom)
    return created("voucher_id", voucher.id)


@router.post("/rewards/{reward_id}/actions/create-voucher", summary="postRewardCreateVoucher", status_code=201)
async def create_voucher(
    reward_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    return await _claim(reward_id, request, caller, context, session, custom=False)


@ENTERPRISE.post(
    "/rewards/{reward_id}/actions/create-custom-voucher", summary="postRewardCreateCustomVoucher", status_code=201
)
async def create_custom_voucher(
    reward_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    return await _claim(reward_id, request, caller, context, session, custom=True)


def _batch_claims(given: wire.VoucherBatch, tz: str) -> list[Claim]:
    claims = []
    for index, item in enumerate(given.vouchers):
        at = f"vouchers.{index}"
        reward_id = required_id(item.reward_id, f"{at}.reward_id")
        client_id = required_id(item.customer_id, f"{at}.customer_id")
        claims.append(
            Claim(
                reward_id=reward_id,
                client_id=client_id,
                code=item.code,
                note=item.note,
                value=item.value,
                valid_from=parse_datetime(item.valid_from, f"{at}.valid_from", tz),
                valid_to=parse_datetime(item.valid_to, f"{at}.valid_to", tz),
                applied_at=parse_datetime(item.applied_date, f"{at}.applied_date", tz),
                branch_id=body_id(item.store_id, f"{at}.store_id"),
            )
        )
    return claims


@ENTERPRISE.post("/vouchers/batch", summary="postBulkVouchers", status_code=204)
async def batch_vouchers(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.VoucherBatch)
    claims = _batch_claims(given, caller.tenant.time_zone)
    with within(mapping.BATCH_WIRE_NAMES):
        await voucher_claims.claim_batch(session, caller.tenant, claims, report_all=given.error_processing == 2)
    return no_content()
