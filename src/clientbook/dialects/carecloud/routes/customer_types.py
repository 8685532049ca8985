"""Vocabularies of the customer account: `customer-address-types` (a fixed list, core/address_types.py),
`customer-relation-types` (a fixed list, core/relation_types.py) and `customer-types` (we keep none: an empty list,
and any id is a 404)."""

from __future__ import annotations

from fastapi import APIRouter

from clientbook.core import address_types, relation_types
from clientbook.core.text import is_digits

from .. import mapping_relations
from ._common import empty_resource, vocabulary

router = APIRouter()


vocabulary(
    router,
    "/customer-address-types/{customer_address_type_id}",
    "customer_address_types",
    summaries=("getCustomerAddressTypes", "getCustomerAddressType"),
    listed=address_types.listed,
    find=address_types.find,
    render=lambda found: {"address_type_id": found.id, "name": found.name},
)


empty_resource(
    router,
    "/customer-types/{customer_type_id}",
    "customer_types",
    list_summary="getCustomerTypes",
    get_summary="getCustomerType",
)


vocabulary(
    router,
    "/customer-relation-types/{customer_relation_type_id}",
    "customer_relation_types",
    summaries=("getCustomerRelationTypes", "getCustomerRelationType"),
    listed=relation_types.listed,
    # The relation types' ids are numbers: another spelling names none.
    find=lambda raw, lang: relation_types.find(int(raw), lang) if is_digits(raw) else None,
    render=mapping_relations.relation_type,
)
