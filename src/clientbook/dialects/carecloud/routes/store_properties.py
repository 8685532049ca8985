"""Store properties (`store-properties`) and a store's values of them (`stores/{id}/property-records`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import store_properties
from clientbook.core.errors import BranchNotFound, StorePropertyNotFound
from clientbook.core.types import Tenant
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_properties, mapping_stores
from .. import wire_properties as wire
from ..auth import CallerDep
from ..conventions import (
    ResourceNotFound,
    created,
    no_content,
    parse_record_id,
    path_id,
    record_id,
)
from ._common import EnterpriseOnly, body, not_found_as, reference, small

router = APIRouter()
RECORDS = "/stores/{store_id}/property-records"
ENTERPRISE = EnterpriseOnly(router, "stores")


reference(
    router,
    "/store-properties/{store_property_id}",
    "store_properties",
    summaries=("getStoreProperties", "getStoreProperty"),
    list_all=store_properties.list_properties,
    get=store_properties.get_property,
    missing=StorePropertyNotFound,
    render=mapping_stores.store_property,
    contains={"name": "name"},
)


async def _records(session: AsyncSession, tenant: Tenant, store_id: str) -> list[store_properties.StorePropertyRecord]:
    with not_found_as(BranchNotFound, "stores", store_id):
        return await store_properties.records(session, tenant, path_id(store_id, "stores"))


async def _existing(session: AsyncSession, tenant: Tenant, store_id: str, record_id: str) -> tuple[int, int]:
    """(store, property) of the store's record `record_id` (`<property_id>:<store_id>`, or the property id)."""
    found = await _records(session, tenant, store_id)
    branch_id = int(store_id)
    property_id = parse_record_id(record_id, branch_id)
    if property_id is None or all(r.definition.id != property_id for r in found):
        raise ResourceNotFound("property-records", record_id)
    return branch_id, property_id


@router.get(RECORDS, summary="getSubStoreProperties")
async def list_store_property_records(store_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    records = [mapping_stores.property_record(r) for r in await _records(session, caller.tenant, store_id)]
    return listed.answer("property_records", records)


@ENTERPRISE.post(RECORDS, summary="postSubStoreProperties", status_code=201)
async def add_store_property_record(
    store_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    await _records(session, caller.tenant, store_id)
    given = mapping_properties.written(await body(request, context, wire.PropertyRecordWrite))
    await store_properties.write(session, caller.tenant, int(store_id), [given], new=True)
    return created("property_record_id", record_id(given.property_id, int(store_id)))


@ENTERPRISE.put(RECORDS + "/{property_record_id}", summary="putSubStoreProperty", status_code=204)
async def change_store_property_record(
    store_id: str,
    property_record_id: str,
    request: Request,
    caller: CallerDep,
    context: ContextDep,
    session: SessionDep,
) -> Response:
    branch_id, property_id = await _existing(session, caller.tenant, store_id, property_record_id)
    given = mapping_properties.written(
        await body(request, context, wire.PropertyRecordWrite), of_record=(property_id, property_record_id)
    )
    await store_properties.write(session, caller.tenant, branch_id, [given], new=False)
    return no_content()


@ENTERPRISE.delete(RECORDS + "/{property_record_id}", summary="deleteSubStoreProperty", status_code=204)
async def delete_store_property_record(
    store_id: str, property_record_id: str, caller: CallerDep, session: SessionDep
) -> Response:
    branch_id, property_id = await _existing(session, caller.tenant, store_id, property_record_id)
    await store_properties.clear(session, caller.tenant, branch_id, property_id)
    return no_content()
