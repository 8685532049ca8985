"""The free-card actions: assign a card of the business's pool to a customer, and ask whether a card is free to use.
Both interfaces; on the customer interface a customer is given cards only for themselves."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import free_cards
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping_cards as mapping
from .. import wire_cards as wire
from ..auth import CallerDep, own_customer
from ..conventions import Interface, required_id
from ._common import body, wire_names

router = APIRouter(route_class=wire_names(mapping.CARD_WIRE_NAMES))


@router.post("/cards/actions/assign-free-card", summary="postAssignCard")
async def assign_free_card(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    given = await body(request, context, wire.AssignFreeCard)
    customer = required_id(given.customer_id, "customer_id")
    card_type = required_id(given.card_type_id, "card_type_id")
    own_customer(caller, customer)
    card = await free_cards.assign(session, caller.tenant, customer, card_type, given.card_number)
    return {"data": {"card_id": str(card.id)}}


@router.post("/cards/actions/validate-free-card", summary="postValidateFreeCard")
async def validate_free_card(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    """Free to use: the card exists, is active and valid now, and nobody else holds it (on the customer interface,
    a card the logged-in customer holds is theirs to use)."""
    given = await body(request, context, wire.ValidateFreeCard)
    asking = caller.customer_id if caller.interface is Interface.CUSTOMER else None
    free = await free_cards.is_free(session, caller.tenant, given.card_number, for_client_id=asking)
    return {"data": {"is_free_to_use": free}}
