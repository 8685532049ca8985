"""Segments and segment groups: list, read, create an empty segment, add and remove a customer, segment records."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import segments
from clientbook.core.errors import SegmentGroupNotFound, SegmentNotFound
from clientbook.core.types import Tenant
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping, mapping_records, wire
from ..auth import Caller, CallerDep
from ..conventions import Interface, created, id_array_param, listing, no_content, required_id
from ._common import EnterpriseOnly, body, one, reference, small, wire_names

router = APIRouter(route_class=wire_names(mapping.SEGMENT_WIRE_NAMES))
# The spec's example calls the actions on the enterprise interface (vendors.md C2): the customer interface refuses.
ENTERPRISE = EnterpriseOnly(router, "segments")
Membership = Callable[[AsyncSession, Tenant, int, int], Awaitable[object]]


async def _segment_id(session: AsyncSession, tenant: Tenant, raw: str) -> int:
    return (await one(session, tenant, segments.get, SegmentNotFound, "segments", raw)).id


@router.get("/segments", summary="getSegments")
async def list_segments(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    groups = id_array_param(request, "segment_group_ids")
    tz = caller.tenant.time_zone
    records = [mapping_records.segment(s, tz) for s in await segments.list(session, caller.tenant, group_ids=groups)]
    return listed.answer("segments", records)


@ENTERPRISE.post("/segments", summary="PostSegment", status_code=201)
async def create_segment(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    given = await body(request, context, wire.NewSegment)
    segment = await segments.create(session, caller.tenant, given.name, note=given.note, priority=given.priority)
    return created("segment_id", segment.id)


@router.get("/segments/{segment_id}", summary="getSegment")
async def get_segment(segment_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await _segment_id(session, caller.tenant, segment_id)
    return {"data": mapping_records.segment(await segments.get(session, caller.tenant, found), caller.tenant.time_zone)}


@router.get("/segments/{segment_id}/segment-records", summary="getSubSegmentRecords")
async def segment_records(segment_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    found = await _segment_id(session, caller.tenant, segment_id)
    groups = id_array_param(request, "segment_group_ids")
    rows = await segments.records(session, caller.tenant, segment_id=found, group_ids=groups)
    if caller.interface is Interface.CUSTOMER:  # a customer sees their own membership only
        rows = [(m, s) for m, s in rows if m.client_id == caller.customer_id]
    records = [mapping_records.segment_record(member, caller.tenant.time_zone) for member, _s in rows]
    return listing("segment_records", records, len(records))


async def _membership(
    segment_id: str, request: Request, caller: Caller, context: Context, session: AsyncSession, change: Membership
) -> Response:
    """Add a customer to the segment, or remove one (`change`): the two actions take the same body."""
    found = await _segment_id(session, caller.tenant, segment_id)
    given = await body(request, context, wire.SegmentCustomer)
    await change(session, caller.tenant, found, required_id(given.customer_id, "customer_id"))
    return no_content()


@ENTERPRISE.post("/segments/{segment_id}/actions/add-customer", summary="postSegmentAddCustomer", status_code=204)
async def add_customer(
    segment_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    return await _membership(segment_id, request, caller, context, session, segments.add_client)


@ENTERPRISE.post("/segments/{segment_id}/actions/remove-customer", summary="postSegmentRemoveCustomer", status_code=204)
async def remove_customer(
    segment_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    return await _membership(segment_id, request, caller, context, session, segments.remove_client)


reference(
    router,
    "/segment-groups/{segment_group_id}",
    "segment_groups",
    summaries=("getSegmentGroups", "getSegmentGroup"),
    list_all=segments.list_groups,
    get=segments.get_group,
    missing=SegmentGroupNotFound,
    render=mapping_records.segment_group,
    contains={"name": "name"},
    equals={"text_id": "text_id"},
)
