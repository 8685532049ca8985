"""Store groups (`store-groups`) and a store's membership (`stores/{id}/store-group-records`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import store_groups, tenants
from clientbook.core.errors import BranchNotFound, StoreGroupNotFound
from clientbook.edge.deps import SessionDep

from .. import mapping_stores as mapping
from ..auth import CallerDep
from ..conventions import ResourceNotFound, listing, page, path_id, sort, sort_and_page, text_param

router = APIRouter()


@router.get("/store-groups", summary="getStoreGroups")
async def list_store_groups(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging, order = page(request), sort(request)
    found = await store_groups.named(session, caller.tenant, text_param(request, "name"))
    records = [mapping.store_group(g, caller.tenant.time_zone) for g in found]
    return listing("store_groups", sort_and_page(records, order, paging), len(records))


@router.get("/store-groups/{store_group_id}", summary="getStoreGroup")
async def get_store_group(store_group_id: str, caller: CallerDep, session: SessionDep) -> Any:
    try:
        found = await store_groups.get(session, caller.tenant, path_id(store_group_id, "store-groups"))
    except StoreGroupNotFound as error:
        raise ResourceNotFound("store-groups", store_group_id) from error
    return {"data": mapping.store_group(found, caller.tenant.time_zone)}


@router.get("/stores/{store_id}/store-group-records", summary="getSubStoreGroups")
async def list_store_group_records(store_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging, order = page(request), sort(request)
    try:
        branch = await tenants.get_branch(session, caller.tenant, path_id(store_id, "stores"))
    except BranchNotFound as error:
        raise ResourceNotFound("stores", store_id) from error
    records = [] if branch.location_group_id is None else [mapping.store_group_record(branch, caller.tenant.time_zone)]
    return listing("store_group_records", sort_and_page(records, order, paging), len(records))
