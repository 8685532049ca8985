"""Free cards: cards a business imported without a holder (a pool of printed cards), handed to customers one each.

A free card is assigned at most once: the assignment is one UPDATE guarded by `client_id IS NULL`, so of two
concurrent assignments of one card exactly one finds it free. A customer gets at most one card of a type this way
(the vendor's rule for the action; several cards of one type are given by changing the card itself): the
customer's row is locked first, so two assignments to one customer run one after the other."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Card, utcnow
from clientbook.store.repositories.cards import CardRepository

from . import card_types, clients, events
from .cards import usable
from .errors import CardNotFound, Reason, ValidationFailed
from .types import Tenant


async def assign(
    session: AsyncSession, tenant: Tenant, client_id: int, card_type_id: int, card_number: str | None = None
) -> Card:
    """Give the customer the free card `card_number` of the type, or the type's oldest free card when no number
    is given; refused (writing nothing) when the customer has a card of the type already or no such card is free."""
    await clients.get(session, tenant, client_id, field="client_id")
    card_type = await card_types.get(session, tenant, card_type_id)
    repository = CardRepository(session)
    await repository.lock_holder(tenant.business_id, client_id)
    if await repository.holds_type(tenant.business_id, client_id, card_type.id):
        message = f"the customer has a card of type {card_type.name} already"
        raise ValidationFailed.single("card_type_id", Reason.ALREADY_EXISTS, message, card_type_id)
    number = (card_number or "").strip()
    card = await _named(session, tenant, number, card_type.id) if number else None
    if card is None:
        card = await repository.next_free(tenant.business_id, card_type.id, utcnow())
        if card is None:
            message = f"no free card of type {card_type.name} is left"
            raise ValidationFailed.single("card_type_id", Reason.NOT_ALLOWED, message, card_type_id)
    if not await repository.claim(card, client_id, tenant.actor):
        raise ValidationFailed.single("card_number", Reason.NOT_ALLOWED, f"card {card.number} is not free", card.number)
    await events.record(session, tenant, "card", card.id, "assigned", {"client_id": client_id})
    return card


async def _named(session: AsyncSession, tenant: Tenant, number: str, card_type_id: int) -> Card:
    """The card with this number, which the customer may be given: of the type, free, active and valid now."""
    card = await CardRepository(session).by_number(tenant.business_id, number)
    if card is None:
        raise CardNotFound(f"no card has the number {number}", field="card_number", id=number)
    problem = None
    if card.card_type_id != card_type_id:
        problem = f"card {number} is of another card type"
    elif card.client_id is not None:
        problem = f"card {number} is not free"
    elif not usable(card, utcnow()):
        problem = f"card {number} is blocked or not valid now"
    if problem is not None:
        raise ValidationFailed.single("card_number", Reason.NOT_ALLOWED, problem, number)
    return card


async def is_free(session: AsyncSession, tenant: Tenant, card_number: str, *, for_client_id: int | None = None) -> bool:
    """Whether the card can be used: it exists, is active and valid now, and nobody holds it but `for_client_id`
    (the customer asking, on the customer interface). A number no card has is not free to use."""
    number = card_number.strip()
    card = await CardRepository(session).by_number(tenant.business_id, number) if number else None
    if card is None or not usable(card, utcnow()):
        return False
    return card.client_id is None or card.client_id == for_client_id
