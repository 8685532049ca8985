"""Vocabularies of the customer account: `customer-address-types` (a fixed list, core/address_types.py),
`customer-relation-types` (a fixed list, core/relation_types.py) and `customer-types` (we keep none: an empty list,
and any id is a 404)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import address_types, relation_types
from clientbook.core.text import is_digits

from .. import mapping_relations
from ..auth import CallerDep
from ..conventions import ResourceNotFound, language
from ._common import empty_resource, small

router = APIRouter()


def _address_types(request: Request, default: str) -> list[dict[str, Any]]:
    return [{"address_type_id": t.id, "name": t.name} for t in address_types.listed(language(request, default))]


@router.get("/customer-address-types", summary="getCustomerAddressTypes")
async def list_address_types(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    records = _address_types(request, caller.tenant.language)
    return listed.answer("customer_address_types", records)


@router.get("/customer-address-types/{customer_address_type_id}", summary="getCustomerAddressType")
async def get_address_type(customer_address_type_id: str, request: Request, caller: CallerDep) -> Any:
    found = address_types.find(customer_address_type_id, language(request, caller.tenant.language))
    if found is None:
        raise ResourceNotFound("customer-address-types", customer_address_type_id)
    return {"data": {"address_type_id": found.id, "name": found.name}}


empty_resource(
    router,
    "/customer-types/{customer_type_id}",
    "customer_types",
    list_summary="getCustomerTypes",
    get_summary="getCustomerType",
)


@router.get("/customer-relation-types", summary="getCustomerRelationTypes")
async def list_relation_types(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    found = relation_types.listed(language(request, caller.tenant.language))
    records = [mapping_relations.relation_type(t) for t in found]
    return listed.answer("customer_relation_types", records)


@router.get("/customer-relation-types/{customer_relation_type_id}", summary="getCustomerRelationType")
async def get_relation_type(customer_relation_type_id: str, request: Request, caller: CallerDep) -> Any:
    raw = customer_relation_type_id
    found = relation_types.find(int(raw), language(request, caller.tenant.language)) if is_digits(raw) else None
    if found is None:
        raise ResourceNotFound("customer-relation-types", customer_relation_type_id)
    return {"data": mapping_relations.relation_type(found)}
