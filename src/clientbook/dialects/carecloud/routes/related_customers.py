"""A customer's related customers (`customers/{id}/related-customers`), of the kinds `customer-relation-types`
lists."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import customer_relations
from clientbook.core.customer_relations import NewRelation
from clientbook.core.errors import ClientNotFound, CustomerRelationNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_relations as mapping
from .. import wire_relations as wire
from ..auth import CallerDep
from ..conventions import ResourceNotFound, body_id, bool_param, created, no_content, path_id, required_id
from ._common import body, not_found_as, path_customer, small, wire_names

router = APIRouter(route_class=wire_names(mapping.RELATION_WIRE_NAMES))
RELATIONS = "/customers/{customer_id}/related-customers"


@router.get(RELATIONS, summary="getSubCustomerRelatedCustomers")
async def list_related(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """A customer's relations are few: loaded whole, filtered, sorted on any field and paged in memory."""
    customer = path_customer(caller, customer_id)
    listed = small(request)
    related = body_id(request.query_params.get("related_customer_id"), "related_customer_id")
    kind = body_id(request.query_params.get("customer_relation_type_id"), "customer_relation_type_id")
    every = bool_param(request, "all_customer_relations") or False
    with not_found_as(ClientNotFound, "customers", customer_id):
        found = await customer_relations.of_customer(session, caller.tenant, customer, include_past=every)
    chosen = [
        s
        for s in found
        if (related is None or s.related_client_id == related) and (kind is None or s.relation.relation_type == kind)
    ]
    records = [mapping.related_customer(s, caller.tenant.time_zone) for s in chosen]
    return listed.answer("related_customers", records)


@router.post(RELATIONS, summary="postSubCustomerRelatedCustomers", status_code=201)
async def add_related(
    customer_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    customer = path_customer(caller, customer_id)
    given = (await body(request, context, wire.RelatedCustomerWrite)).related_customer
    related_field, type_field = "related_customer.related_customer_id", "related_customer.customer_relation_type_id"
    related = required_id(given.related_customer_id, related_field)
    kind = required_id(given.customer_relation_type_id, type_field)
    new = NewRelation(related, kind, given.is_leading, related_field=related_field, type_field=type_field)
    try:
        relation = await customer_relations.add(session, caller.tenant, customer, new)
    except ClientNotFound as error:
        if error.field != "client_id":
            raise
        raise ResourceNotFound("customers", customer_id) from error
    return created("customer_relation_id", relation.id)


@router.get(RELATIONS + "/{customer_relation_id}", summary="getSubCustomerRelatedCustomer")
async def get_related(customer_id: str, customer_relation_id: str, caller: CallerDep, session: SessionDep) -> Any:
    customer = path_customer(caller, customer_id)
    try:
        seen = await customer_relations.get(
            session, caller.tenant, customer, path_id(customer_relation_id, "related-customers")
        )
    except ClientNotFound as error:
        raise ResourceNotFound("customers", customer_id) from error
    except CustomerRelationNotFound as error:
        raise ResourceNotFound("related-customers", customer_relation_id) from error
    return {"data": mapping.related_customer(seen, caller.tenant.time_zone)}


@router.delete(RELATIONS + "/{customer_relation_id}", summary="deleteSubCustomerRelatedCustomer", status_code=204)
async def end_related(customer_id: str, customer_relation_id: str, caller: CallerDep, session: SessionDep) -> Response:
    customer = path_customer(caller, customer_id)
    try:
        await customer_relations.end(
            session, caller.tenant, customer, path_id(customer_relation_id, "related-customers")
        )
    except ClientNotFound as error:
        raise ResourceNotFound("customers", customer_id) from error
    except CustomerRelationNotFound as error:
        raise ResourceNotFound("related-customers", customer_relation_id) from error
    return no_content()
