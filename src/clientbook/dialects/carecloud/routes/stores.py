"""Stores (branches): list, read, create, replace."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import branches, reference_data, store_properties, tenants
from clientbook.core.errors import BranchNotFound, Reason, ValidationFailed
from clientbook.core.text import is_digits
from clientbook.core.types import Tenant
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping, mapping_records, wire
from ..auth import CallerDep
from ..conventions import body_id, created, no_content, path_id, text_param
from ._common import EnterpriseOnly, body, not_found_as, small, wire_names

router = APIRouter(route_class=wire_names(mapping.STORE_WIRE_NAMES))
ENTERPRISE = EnterpriseOnly(router, "stores")


async def _branch_id(session: AsyncSession, tenant: Tenant, raw: str) -> int:
    branch_id = path_id(raw, "stores")
    with not_found_as(BranchNotFound, "stores", raw):
        await tenants.get_branch(session, tenant, branch_id, field="id")
    return branch_id


def _values(given: wire.Store) -> dict[str, Any]:
    country = given.store_address.country_code if given.store_address else None
    if country and not reference_data.is_country(country.strip()):
        raise ValidationFailed.single(
            "store.store_address.country_code", Reason.NOT_ALLOWED, "store_address.country_code is unknown", country
        )
    if given.phone_number and not is_digits(given.phone_number.strip()):
        raise ValidationFailed.single(
            "store.phone_number", Reason.INVALID_FORMAT, "store.phone_number must be digits", given.phone_number
        )
    return mapping_records.to_core_store(given)


@router.get("/stores", summary="getStores")
async def list_stores(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    tz = caller.tenant.time_zone
    stores = [mapping_records.store(b, tz) for b in await tenants.list_branches(session, caller.tenant)]
    visible = text_param(request, "visible_for_customer")
    if visible is not None and visible not in ("0", "1"):
        raise ValidationFailed.single("visible_for_customer", Reason.NOT_ALLOWED, "visible_for_customer is 0 or 1")
    if visible == "0":
        stores = []  # every store is visible to customers
    system_id = text_param(request, "system_id")
    if system_id is not None:
        stores = [s for s in stores if s.get("system_id") == system_id]
    property_id, property_value = text_param(request, "property_id"), text_param(request, "property_value")
    if property_id is not None and property_value is not None:  # either alone is ignored (spec)
        having = set()
        if is_digits(property_id) and len(property_id) <= 18:  # another spelling names no property of ours
            having = await store_properties.stores_with(session, caller.tenant, int(property_id), property_value)
        stores = [s for s in stores if int(s["store_id"]) in having]
    return listed.answer("stores", stores)


@ENTERPRISE.post("/stores", summary="postStore", status_code=201)
async def create_store(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    given = await body(request, context, wire.StoreBody)
    partner = body_id(given.store.partner_id, "store.partner_id")
    branch = await branches.create(session, caller.tenant, _values(given.store), partner_id=partner)
    return created("store_id", branch.id)


@router.get("/stores/{store_id}", summary="getStore")
async def get_store(store_id: str, caller: CallerDep, session: SessionDep) -> Any:
    branch_id = await _branch_id(session, caller.tenant, store_id)
    branch = await tenants.get_branch(session, caller.tenant, branch_id)
    return {"data": mapping_records.store(branch, caller.tenant.time_zone)}


@ENTERPRISE.put("/stores/{store_id}", summary="putStore", status_code=204)
async def put_store(
    store_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    branch_id = await _branch_id(session, caller.tenant, store_id)
    given = await body(request, context, wire.StoreBody)
    partner = body_id(given.store.partner_id, "store.partner_id")
    await branches.replace(session, caller.tenant, branch_id, _values(given.store), partner_id=partner)
    return no_content()
