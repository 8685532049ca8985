"""Card types: reference records every interface reads; the enterprise interface creates and renames them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import card_types
from clientbook.core.errors import CardTypeNotFound
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_cards as mapping
from .. import wire_cards as wire
from ..auth import CallerDep
from ..conventions import array_param, created, no_content, text_param
from ._common import EnterpriseOnly, body, one, small, wire_names

router = APIRouter(route_class=wire_names(mapping.CARD_TYPE_BODY_NAMES))
ENTERPRISE = EnterpriseOnly(router, "card-types")


@router.get("/card-types", summary="getCardTypes")
async def list_card_types(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    """Filtered by a part of the `name` (any case) and by `text_id[]`; a business has few, sorted in memory."""
    listed = small(request)
    found = await card_types.list_all(
        session, caller.tenant, name_contains=text_param(request, "name"), text_ids=array_param(request, "text_id")
    )
    records = [mapping.card_type(t) for t in found]
    return listed.answer("card_types", records)


@router.get("/card-types/{card_type_id}", summary="getCardType")
async def get_card_type(card_type_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, card_types.get, CardTypeNotFound, "card-types", card_type_id)
    return {"data": mapping.card_type(found)}


@ENTERPRISE.post("/card-types", summary="postCardType", status_code=201)
async def create_card_type(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> JSONResponse:
    given = await body(request, context, wire.CardTypeBody)
    found = await card_types.create(session, caller.tenant, given.card_type.name, given.card_type.prefix)
    return created("card_type_id", found.id)


@ENTERPRISE.put("/card-types/{card_type_id}", summary="putCardType", status_code=204)
async def put_card_type(
    card_type_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    type_id = (await one(session, caller.tenant, card_types.get, CardTypeNotFound, "card-types", card_type_id)).id
    given = await body(request, context, wire.CardTypeBody)
    await card_types.update(session, caller.tenant, type_id, given.card_type.name, given.card_type.prefix)
    return no_content()
