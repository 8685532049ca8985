"""Customer properties (`customer-properties`) and a customer's values of them (`customers/{id}/property-records`,
incl. the all-or-nothing `batch`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import customer_properties
from clientbook.core.errors import ClientNotFound, CustomerPropertyNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_properties as mapping
from .. import wire_properties as wire
from ..auth import Caller, CallerDep
from ..conventions import ResourceNotFound, created, no_content, parse_record_id, record_id
from ._common import body, not_found_as, path_customer, reference, small, wire_names

router = APIRouter(route_class=wire_names(mapping.PROPERTY_WIRE_NAMES))
RECORDS = "/customers/{customer_id}/property-records"


reference(
    router,
    "/customer-properties/{customer_property_id}",
    "customer_properties",
    summaries=("getCustomerProperties", "getCustomerProperty"),
    list_all=customer_properties.list_properties,
    get=customer_properties.get_property,
    missing=CustomerPropertyNotFound,
    render=mapping.customer_property,
    contains={"name": "name"},
)


@router.get(RECORDS, summary="getSubCustomerProperties")
async def list_records(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    customer = path_customer(caller, customer_id)
    listed = small(request)
    with not_found_as(ClientNotFound, "customers", customer_id):
        found = await customer_properties.records(session, caller.tenant, customer)
    records = [mapping.property_record(r) for r in found]
    return listed.answer("property_records", records)


@router.post(RECORDS, summary="postSubCustomerProperties", status_code=201)
async def add_record(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    customer = path_customer(caller, customer_id)
    given = mapping.written(await body(request, context, wire.PropertyRecordWrite))
    with not_found_as(ClientNotFound, "customers", customer_id):
        await customer_properties.write(session, caller.tenant, customer, [given], new=True)
    return created("property_record_id", record_id(given.property_id, customer))


@router.post(RECORDS + "/batch", summary="postSubCustomerPropertiesBatch", status_code=204)
async def batch(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    """Create or update every record given, or none: `error_processing` 2 (keep the valid ones) is answered as 1,
    since the batch's 204 has no room for a report of the failed ones (docs/carecloud.md)."""
    customer = path_customer(caller, customer_id)
    given = await body(request, context, wire.PropertyRecordBatch)
    items = [mapping.given(item, f"property_records.{n}") for n, item in enumerate(given.property_records)]
    with not_found_as(ClientNotFound, "customers", customer_id):
        await customer_properties.write(session, caller.tenant, customer, items)
    return no_content()


async def _existing(
    caller: Caller, session: AsyncSession, customer_id: str, property_record_id: str
) -> tuple[int, int]:
    customer = path_customer(caller, customer_id)
    property_id = parse_record_id(property_record_id, customer)
    try:
        if property_id is None:
            raise CustomerPropertyNotFound(id=property_record_id)
        await customer_properties.get_record(session, caller.tenant, customer, property_id)
    except ClientNotFound as error:
        raise ResourceNotFound("customers", customer_id) from error
    except CustomerPropertyNotFound as error:
        raise ResourceNotFound("property-records", property_record_id) from error
    return customer, property_id


@router.put(RECORDS + "/{property_record_id}", summary="putSubCustomerProperty", status_code=204)
async def update_record(
    customer_id: str,
    property_record_id: str,
    request: Request,
    caller: CallerDep,
    context: ContextDep,
    session: SessionDep,
) -> Response:
    customer, property_id = await _existing(caller, session, customer_id, property_record_id)
    given = mapping.written(
        await body(request, context, wire.PropertyRecordWrite), of_record=(property_id, property_record_id)
    )
    await customer_properties.write(session, caller.tenant, customer, [given], new=False)
    return no_content()


@router.delete(RECORDS + "/{property_record_id}", summary="deleteSubCustomerProperty", status_code=204)
async def delete_record(customer_id: str, property_record_id: str, caller: CallerDep, session: SessionDep) -> Response:
    customer, property_id = await _existing(caller, session, customer_id, property_record_id)
    await customer_properties.clear(session, caller.tenant, customer, property_id)
    return no_content()
