"""Partners, partner properties, and a customer's partner records (incl. `customers/actions/set-partners`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import partners
from clientbook.core.errors import ClientNotFound, PartnerNotFound, PartnerRecordNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_credits as mapping
from .. import wire_credits as wire
from ..auth import Caller, CallerDep
from ..conventions import created, listing, no_content, path_id, required_id
from ._common import EnterpriseOnly, body, empty_resource, not_found_as, one, path_customer, small, wire_names

router = APIRouter(route_class=wire_names({"client_id": "customer_id"}))
# "Endpoint is available only in Enterprise API" (the spec, on these partner operations).
ENTERPRISE = EnterpriseOnly(router, "partner-records")


@router.get("/partners", summary="getPartners")
async def list_partners(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    records = [mapping.partner(p) for p in await partners.list_all(session, caller.tenant)]
    return listed.answer("partners", records)


async def _partner(session: SessionDep, caller: Caller, raw: str) -> Any:
    return await one(session, caller.tenant, partners.get, PartnerNotFound, "partners", raw)


@router.get("/partners/{partner_id}", summary="getPartner")
async def get_partner(partner_id: str, caller: CallerDep, session: SessionDep) -> Any:
    return {"data": mapping.partner(await _partner(session, caller, partner_id))}


@router.get("/partners/{partner_id}/property-records", summary="getSubPartnerProperties")
async def partner_property_records(partner_id: str, caller: CallerDep, session: SessionDep) -> Any:
    """We keep no partner properties: a partner of the business has no property records."""
    await _partner(session, caller, partner_id)
    return listing("property_records", [], 0)


empty_resource(
    router,
    "/partner-properties/{partner_property_id}",
    "partner_properties",
    list_summary="getPartnerProperties",
    get_summary="getPartnerProperty",
    list_dependencies=ENTERPRISE.dependencies,
)


@ENTERPRISE.get("/customers/{customer_id}/partner-records", summary="getSubCustomerPartners")
async def list_partner_records(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    with not_found_as(ClientNotFound, "customers", customer_id):
        found = await partners.records_of(session, caller.tenant, path_customer(caller, customer_id))
    records = [mapping.partner_record(r, caller.tenant.time_zone) for r in found]
    return listed.answer("partner_records", records)


@router.post("/customers/{customer_id}/partner-records", summary="postSubCustomerPartnerRecord", status_code=201)
async def add_partner_record(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    customer = path_customer(caller, customer_id)
    given = await body(request, context, wire.NewPartnerRecord, wrapper="partner_record")
    partner = required_id(given.partner_record.partner_id, "partner_id")
    with not_found_as(ClientNotFound, "customers", customer_id):
        record = await partners.add_record(session, caller.tenant, customer, partner)
    return created("partner_record_id", record.id)


@ENTERPRISE.delete(
    "/customers/{customer_id}/partner-records/{partner_record_id}", summary="deleteSubCustomerPartner", status_code=204
)
async def delete_partner_record(
    customer_id: str, partner_record_id: str, caller: CallerDep, session: SessionDep
) -> Response:
    customer = path_customer(caller, customer_id)
    record_id = path_id(partner_record_id, "partner-records")
    with not_found_as(PartnerRecordNotFound, "partner-records", partner_record_id):
        await partners.remove_record(session, caller.tenant, customer, record_id)
    return no_content()


@ENTERPRISE.post("/customers/actions/set-partners", summary="postSubCustomerSetPartners", status_code=204)
async def set_partners(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    given = await body(request, context, wire.SetPartners)
    wanted = [required_id(r.partner_id, f"partner_records.{i}.partner_id") for i, r in enumerate(given.partner_records)]
    await partners.set_partners(session, caller.tenant, required_id(given.customer_id, "customer_id"), wanted)
    return no_content()
