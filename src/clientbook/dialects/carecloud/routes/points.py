"""Loyalty points: point types, point records, history, the assign/reduce/transfer actions and reservations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import point_types, points
from clientbook.core.errors import ClientNotFound, PointRecordNotFound, PointReservationNotFound, PointTypeNotFound
from clientbook.core.points import Listing
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_loyalty as mapping
from .. import wire_loyalty as wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    body_id,
    created,
    listing,
    no_content,
    page,
    parse_datetime,
    path_id,
    required_id,
    sort,
    text_param,
)
from ._common import EnterpriseOnly, body, customer_filter, not_found_as, one, path_customer, reference, wire_names

router = APIRouter(route_class=wire_names(mapping.POINT_WIRE_NAMES))
# "Action methods are available only in Enterprise API" (the spec, on every points action).
ENTERPRISE = EnterpriseOnly(router, "points")


def _sort(request: Request, names: Mapping[str, str]) -> tuple[str, bool]:
    order = sort(request, names)
    return (names[order.field] if order.field else "id"), order.descending


def _listing(request: Request, caller: Caller, names: Mapping[str, str], *, history: bool) -> Listing:
    paging = page(request)
    field, descending = _sort(request, names)
    tz = caller.tenant.time_zone
    frm, to = ("time_from", "time_to") if history else ("create_point_time_from", "create_point_time_to")
    return Listing(
        client_id=customer_filter(request, caller),
        point_type_id=body_id(request.query_params.get("point_type_id"), "point_type_id"),
        created_from=parse_datetime(request.query_params.get(frm), frm, tz),
        created_to=parse_datetime(request.query_params.get(to), to, tz),
        partner_id=text_param(request, "partner_id") if history else None,
        operation_contains=text_param(request, "point_operation_type") if history else None,
        note_contains=text_param(request, "point_operation_note") if history else None,
        branch_id=body_id(request.query_params.get("store_id"), "store_id") if history else None,
        sort=field,
        descending=descending,
        offset=paging.offset,
        count=paging.count,
    )


reference(
    router,
    "/point-types/{point_type_id}",
    "point_types",
    summaries=("getPointsTypes", "getPointType"),
    list_all=point_types.list_all,
    get=point_types.get,
    missing=PointTypeNotFound,
    render=mapping.point_type,
    sortable=("point_type_id", "name", "last_change"),
)


@router.get("/points", summary="getPoints")
async def list_points(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    rows, total = await points.list_records(
        session, caller.tenant, _listing(request, caller, mapping.POINT_SORT, history=False)
    )
    return listing("points", [mapping.point(r, caller.tenant.time_zone) for r in rows], total)


@router.get("/points/{point_id}", summary="getPoint")
async def get_point(point_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, points.get_record, PointRecordNotFound, "points", point_id)
    own_customer(caller, found.client_id)
    return {"data": mapping.point(found, caller.tenant.time_zone)}


async def _change(
    request: Request, caller: Caller, context: Context, session: AsyncSession, change: Callable[..., Awaitable[Any]]
) -> JSONResponse:
    """Assign or reduce (`change`) a customer's points: the two actions take the same body and answer alike."""
    given = await body(request, context, wire.PointsChange)
    customer = required_id(given.customer_id, "customer_id")
    record = await change(
        session,
        caller.tenant,
        customer,
        given.amount,
        point_type_id=body_id(given.point_type_id, "point_type_id"),
        partner_id=body_id(given.partner_id, "partner_id"),
        note=given.note,
    )
    return created("point_id", record.id)


@ENTERPRISE.post("/points/actions/assign-points", summary="postPointsAssign", status_code=201)
async def assign_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    return await _change(request, caller, context, session, points.assign)


@ENTERPRISE.post("/points/actions/reduce-points", summary="postPointsRedemption", status_code=201)
async def reduce_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    return await _change(request, caller, context, session, points.reduce)


@ENTERPRISE.post("/points/actions/transfer-points", summary="postPointsTransfer", status_code=204)
async def transfer_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.PointsTransfer)
    source = body_id(given.original_customer_id, "original_customer_id", required=True)
    target = body_id(given.new_customer_id, "new_customer_id", required=True)
    point_type = body_id(given.point_type_id, "point_type_id", required=True)
    assert source is not None
    assert target is not None
    await points.transfer(
        session, caller.tenant, source, target, given.amount, point_type_id=point_type, note=given.note
    )
    return no_content()


@router.get("/point-history", summary="getPointHistory")
async def point_history(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    rows, total = await points.history(
        session, caller.tenant, _listing(request, caller, mapping.HISTORY_SORT, history=True)
    )
    return listing("point_history", [mapping.history(r, caller.tenant.time_zone) for r in rows], total)


async def _own_customer(session: AsyncSession, caller: Caller, raw: str) -> int:
    customer_id = path_customer(caller, raw)
    return customer_id


@router.get("/customers/{customer_id}/points", summary="getSubCustomerPoints")
async def customer_points(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    customer = await _own_customer(session, caller, customer_id)
    given = _listing(request, caller, mapping.POINT_SORT, history=False)
    with not_found_as(ClientNotFound, "customers", customer_id):
        rows, total = await points.list_records(
            session, caller.tenant, Listing(**{**given.__dict__, "client_id": customer})
        )
    return listing("points", [mapping.point(r, caller.tenant.time_zone) for r in rows], total)


@router.get("/point-reservations", summary="getPointReservations")
async def list_reservations(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging = page(request)
    field, descending = _sort(request, mapping.RESERVATION_SORT)
    rows, total = await points.list_reservations(
        session,
        caller.tenant,
        client_id=customer_filter(request, caller),
        external_id=text_param(request, "external_id"),
        sort=field,
        descending=descending,
        offset=paging.offset,
        count=paging.count,
    )
    return listing("point_reservations", [mapping.reservation(r, caller.tenant.time_zone) for r in rows], total)


@router.get("/point-reservations/{point_reservation_id}", summary="getPointReservation")
async def get_reservation(point_reservation_id: str, caller: CallerDep, session: SessionDep) -> Any:
    with not_found_as(PointReservationNotFound, "point-reservations", point_reservation_id):
        found = await points.get_reservation(
            session, caller.tenant, path_id(point_reservation_id, "point-reservations")
        )
        own_customer(caller, found.client_id)
    return {"data": mapping.reservation(found, caller.tenant.time_zone)}


@ENTERPRISE.post("/point-reservations/actions/reserve-points", summary="postPointReservationCreate", status_code=204)
async def reserve_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.PointsReservation)
    customer = required_id(given.customer_id, "customer_id")
    expires = parse_datetime(given.expiration_time, "expiration_time", caller.tenant.time_zone)
    await points.reserve(session, caller.tenant, customer, given.external_id, given.amount, expires_at=expires)
    return no_content()


@ENTERPRISE.post("/point-reservations/actions/free-points", summary="postPointReservationRelease", status_code=204)
async def free_points(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.PointsRelease)
    await points.free(session, caller.tenant, given.external_id)
    return no_content()
