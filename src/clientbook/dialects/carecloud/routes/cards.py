"""Cards: the list (also per customer and per card type), one card, create, change, the batch import and the free-card
actions. On the customer interface a customer sees and is given only their own cards; writing cards is the
enterprise interface's (the spec says so of create and batch; a change of holder or number is no customer's either)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import card_batch, card_types, cards, clients
from clientbook.core.cards import CardListing
from clientbook.core.errors import CardNotFound, CardTypeNotFound, ClientNotFound, Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.errors import within
from clientbook.edge.validation import validate

from .. import mapping_cards as mapping
from .. import wire_cards as wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    array_param,
    body_id,
    bool_param,
    created,
    listing,
    no_content,
    page,
    sort,
    text_param,
)
from ._common import EnterpriseOnly, body, customer_filter, not_found_as, one, path_customer, wire_names

router = APIRouter(route_class=wire_names(mapping.CARD_WIRE_NAMES))
ENTERPRISE = EnterpriseOnly(router, "cards")


def _state(request: Request) -> int | None:
    raw = text_param(request, "state")
    if raw is not None and raw not in ("0", "1"):
        raise ValidationFailed.single("state", Reason.NOT_ALLOWED, "state must be 0 (blocked) or 1 (active)", raw)
    return None if raw is None else int(raw)


def _numbers(request: Request) -> list[str] | None:
    """`card_number` and `card_number_list[]`: both given, a card must match both (filters are ANDed)."""
    one, many = text_param(request, "card_number"), array_param(request, "card_number_list")
    if one is None:
        return many
    return [one] if many is None or one in many else []


def _listing(request: Request, caller: Caller, **fixed: Any) -> CardListing:
    """The list's filters, paging and order; `fixed` are the ones its path sets (customer, card type)."""
    paging = page(request)
    order = sort(request, mapping.CARD_SORT)
    filters: dict[str, Any] = {
        "client_id": customer_filter(request, caller),
        "card_type_id": body_id(request.query_params.get("card_type_id"), "card_type_id"),
        "numbers": _numbers(request),
        "by_secondary_number": bool_param(request, "search_secondary_card_number") or False,
        "state": _state(request),
        "is_valid": bool_param(request, "is_valid"),
    }
    return CardListing(
        **{**filters, **fixed},
        sort=mapping.CARD_SORT[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        count=paging.count,
    )


async def _page(request: Request, caller: Caller, session: SessionDep, given: CardListing) -> dict[str, Any]:
    if given.client_id == 0:  # a customer interface nobody is logged in to
        return listing("cards", [], 0)
    rows, total = await cards.list_cards(session, caller.tenant, given)
    return listing("cards", [mapping.card(r, caller.tenant.time_zone) for r in rows], total)


@router.get("/cards", summary="getCards")
async def list_cards(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    return await _page(request, caller, session, _listing(request, caller))


@router.get("/customers/{customer_id}/cards", summary="getSubCustomerCards")
async def customer_cards(customer_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    client_id = path_customer(caller, customer_id)
    with not_found_as(ClientNotFound, "customers", customer_id):
        await clients.get(session, caller.tenant, client_id, include_deleted=True)
    return await _page(request, caller, session, _listing(request, caller, client_id=client_id))


@router.get("/card-types/{card_type_id}/cards", summary="getSubCardTypeCards")
async def card_type_cards(card_type_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    type_id = (await one(session, caller.tenant, card_types.get, CardTypeNotFound, "card-types", card_type_id)).id
    return await _page(request, caller, session, _listing(request, caller, card_type_id=type_id))


@router.get("/cards/{card_id}", summary="getCard")
async def get_card(card_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(session, caller.tenant, cards.get, CardNotFound, "cards", card_id)
    if found.client_id is None:  # a free card is nobody's to read on the customer interface
        own_customer(caller, 0)
    else:
        own_customer(caller, found.client_id)
    return {"data": mapping.card(found, caller.tenant.time_zone)}


@ENTERPRISE.post("/cards", summary="postCard", status_code=201)
async def create_card(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    with within(mapping.CARD_BODY_NAMES):
        given = await body(request, context, wire.CardBody)
        card = await cards.create(session, caller.tenant, mapping.card_fields(given.card, caller.tenant.time_zone))
    return created("card_id", card.id)


@ENTERPRISE.put("/cards/{card_id}", summary="putCard", status_code=204)
async def put_card(
    card_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    """Replace the card (what is left out is cleared): its holder, type, numbers, validity and state."""
    found = await one(session, caller.tenant, cards.get, CardNotFound, "cards", card_id)
    with within(mapping.CARD_BODY_NAMES):
        given = await body(request, context, wire.CardBody)
        await cards.update(session, caller.tenant, found.id, mapping.card_fields(given.card, caller.tenant.time_zone))
    return no_content()


@ENTERPRISE.post("/cards/batch", summary="postBatchCards", status_code=204)
async def create_cards(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    """`error_processing` 1 (default): the first refusal answers and nothing is written; 2: every card that can be
    is created and the answer is 204 all the same (the spec's answer has no body to report the others in)."""
    given = await body(request, context, wire.CardBatch)
    items: list[cards.CardFields | ValidationFailed] = []
    for raw in given.cards:
        try:
            items.append(mapping.card_fields(validate(wire.Card, raw), caller.tenant.time_zone, prefix=""))
        except ValidationFailed as refused:  # named below `cards.<index>` by the core, like its own refusals
            items.append(refused)
    with within(mapping.batch_names(len(items))):
        await card_batch.create_many(session, caller.tenant, items, all_or_nothing=given.error_processing == 1)
    return no_content()
