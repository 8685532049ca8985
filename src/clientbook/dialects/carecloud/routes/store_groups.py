"""Store groups (`store-groups`) and a store's membership (`stores/{id}/store-group-records`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import store_groups, tenants
from clientbook.core.errors import BranchNotFound, StoreGroupNotFound
from clientbook.edge.deps import SessionDep

from .. import mapping_stores as mapping
from ..auth import CallerDep
from ..conventions import text_param
from ._common import one, small

router = APIRouter()


@router.get("/store-groups", summary="getStoreGroups")
async def list_store_groups(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    found = await store_groups.named(session, caller.tenant, text_param(request, "name"))
    records = [mapping.store_group(g, caller.tenant.time_zone) for g in found]
    return listed.answer("store_groups", records)


@router.get("/store-groups/{store_group_id}", summary="getStoreGroup")
async def get_store_group(store_group_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, store_groups.get, StoreGroupNotFound, "store-groups", store_group_id)
    return {"data": mapping.store_group(found, caller.tenant.time_zone)}


@router.get("/stores/{store_id}/store-group-records", summary="getSubStoreGroups")
async def list_store_group_records(store_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    branch = await one(session, caller.tenant, tenants.get_branch, BranchNotFound, "stores", store_id)
    records = [] if branch.location_group_id is None else [mapping.store_group_record(branch, caller.tenant.time_zone)]
    return listed.answer("store_group_records", records)
