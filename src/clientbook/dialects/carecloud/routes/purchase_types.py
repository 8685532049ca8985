"""The vocabularies a bill names (purchase types, purchase item types, payment types) and the purchase and purchase
item properties (the business defines none: empty lists, any id a 404)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import purchase_types
from clientbook.core.errors import PaymentTypeNotFound
from clientbook.core.types import Tenant
from clientbook.edge.deps import SessionDep

from .. import mapping_purchases as mapping
from ..auth import CallerDep
from ._common import empty_resource, reference, small

router = APIRouter()


def _vocabulary(path: str, key: str, summary: str, list_all: Callable[[AsyncSession, Tenant], Awaitable[Any]]) -> None:
    """A vocabulary a bill names by its `type_id` (purchase types, purchase item types), filtered by `text_id`."""

    async def list_vocabulary(request: Request, caller: CallerDep, session: SessionDep) -> Any:
        listed = small(request)
        records = [mapping.vocabulary(t, "type_id") for t in await list_all(session, caller.tenant)]
        return listed.answer(key, records, equals={"text_id": "text_id"})

    router.add_api_route(path, list_vocabulary, methods=["GET"], summary=summary)


_vocabulary("/purchase-types", "purchase_types", "getPurchaseTypes", purchase_types.list_purchase_types)
_vocabulary("/purchase-item-types", "purchase_item_types", "getPurchaseItemTypes", purchase_types.list_item_types)


reference(
    router,
    "/payment-types/{payment_type_id}",
    "payment_types",
    summaries=("getPaymentTypes", "getPaymentType"),
    list_all=purchase_types.list_payment_types,
    get=purchase_types.get_payment_type,
    missing=PaymentTypeNotFound,
    render=mapping.payment_type,
)


empty_resource(
    router,
    "/purchase-properties/{purchase_property_id}",
    "purchase_properties",
    list_summary="getPurchaseProperties",
    get_summary="getPurchaseProperty",
)


empty_resource(
    router,
    "/purchase-item-properties/{purchase_item_property_id}",
    "purchase_item_properties",
    list_summary="getPurchaseItemProperties",
    get_summary="getPurchaseItemProperty",
)
