"""Cards: the numbers that identify a business's customers at a till, a kiosk or an e-shop.

A card number is unique per business: checked here for a clear refusal, and guarded by the unique index for the
concurrent create the check cannot see (the repository names the field the index refused). A card belongs to one
card type and starts with its prefix; it identifies its holder while it is active and within its validity range.
A card without a holder is a free card of the business's pool (`free_cards`).

`customer_of_card` is how every other resource (purchases, the customer interface's card login, searches) turns a
card number into the customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Card, Client, utcnow
from clientbook.store.models.cards import ACTIVE, BLOCKED
from clientbook.store.repositories.cards import CardQuery, CardRepository

from . import card_types, clients, events, tenants
from ._records import check_lengths, find, raise_if
from .errors import CardNotFound, ClientDeleted, FieldError, Reason, ValidationFailed
from .types import Tenant

STATES = (BLOCKED, ACTIVE)
SORT_FIELDS = (
    *("id", "client_id", "card_type_id", "number", "secondary_number"),
    *("valid_from", "valid_to", "branch_id", "updated_at", "state"),
)


@dataclass(frozen=True, kw_only=True)
class CardFields:
    """A card as its writer gives it: every field (a change replaces the card whole)."""

    card_type_id: int
    number: str | None
    client_id: int | None = None  # None: a free card
    secondary_number: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    branch_id: int | None = None
    state: int = ACTIVE


def usable(card: Card, now: datetime) -> bool:
    """Whether the card identifies anyone now: active and within its validity range."""
    started = card.valid_from is None or card.valid_from <= now
    return card.state == ACTIVE and started and (card.valid_to is None or card.valid_to > now)


def _number(value: str | None, field: str, errors: list[FieldError]) -> str | None:
    text = (value or "").strip() or None
    if text is not None and any(c.isspace() for c in text):
        errors.append(FieldError(field, Reason.INVALID_FORMAT, f"{field} must not contain spaces", value))
    return text


def _values(given: CardFields) -> dict[str, Any]:
    """The card's columns from `given`, or refused naming every field that is wrong on its own."""
    errors: list[FieldError] = []
    number = _number(given.number, "number", errors)
    secondary = _number(given.secondary_number, "secondary_number", errors)
    if number is None:
        errors.append(FieldError("number", Reason.REQUIRED, "number is required"))
    elif secondary == number:
        message = "secondary_number must differ from number"
        errors.append(FieldError("secondary_number", Reason.NOT_ALLOWED, message, secondary))
    if given.state not in STATES:
        message = "state must be 0 (blocked) or 1 (active)"
        errors.append(FieldError("state", Reason.NOT_ALLOWED, message, given.state))
    if given.valid_from is not None and given.valid_to is not None and given.valid_to <= given.valid_from:
        errors.append(FieldError("valid_to", Reason.NOT_ALLOWED, "valid_to must be after valid_from"))
    values = {
        "card_type_id": given.card_type_id,
        "client_id": given.client_id,
        "number": number,
        "secondary_number": secondary,
        "valid_from": given.valid_from,
        "valid_to": given.valid_to,
        "branch_id": given.branch_id,
        "state": given.state,
    }
    check_lengths(Card, values, errors)
    raise_if(errors)
    return values


async def _checked(session: AsyncSession, tenant: Tenant, given: CardFields, card_id: int | None) -> dict[str, Any]:
    """What a create or a change refuses before it writes: the fields, what they refer to, and numbers another card
    of the business has."""
    values = _values(given)
    card_type = await card_types.get(session, tenant, given.card_type_id)
    if not values["number"].startswith(card_type.prefix):
        message = f"number must start with {card_type.prefix}, the prefix of its card type"
        raise ValidationFailed.single("number", Reason.NOT_ALLOWED, message, values["number"])
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id")
    if given.branch_id is not None:
        await tenants.get_branch(session, tenant, given.branch_id, field="branch_id")
    repository = CardRepository(session)
    errors = []
    for field, secondary in (("number", False), ("secondary_number", True)):
        holder = await repository.by_number(tenant.business_id, values[field], secondary=secondary)
        if values[field] is not None and holder is not None and holder.id != card_id:
            message = f"{field} {values[field]} belongs to another card"
            errors.append(FieldError(field, Reason.ALREADY_EXISTS, message, values[field]))
    raise_if(errors)
    return values


def _taken(field: str, values: dict[str, Any]) -> ValidationFailed:
    return ValidationFailed.single(
        field, Reason.ALREADY_EXISTS, f"{field} {values[field]} belongs to another card", values[field]
    )


async def create(session: AsyncSession, tenant: Tenant, given: CardFields) -> Card:
    """A new card of the business; refused, writing nothing, when its number (or secondary number) is taken."""
    values = await _checked(session, tenant, given, None)
    card = Card(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor, **values)
    taken = await CardRepository(session).add_unless_number_taken(card)
    if taken is not None:
        raise _taken(taken, values)
    await events.record(session, tenant, "card", card.id, "created", values)
    return card


async def update(session: AsyncSession, tenant: Tenant, card_id: int, given: CardFields) -> Card:
    """Replace the card's fields (its holder, type, numbers, validity, state)."""
    card = await get(session, tenant, card_id)
    values = await _checked(session, tenant, given, card.id)
    changed = {key: value for key, value in values.items() if getattr(card, key) != value}
    if not changed:
        return card
    taken = await CardRepository(session).save_unless_number_taken(card, {**changed, "updated_by": tenant.actor})
    if taken is not None:
        raise _taken(taken, values)
    await events.record(session, tenant, "card", card.id, "updated", changed)
    return card


async def get(session: AsyncSession, tenant: Tenant, card_id: int, *, field: str = "id") -> Card:
    return await find(CardRepository(session), tenant, card_id, CardNotFound, field=field)


# ---- identifying customers ---------------------------------------------------------------------------------------


async def holder_of(session: AsyncSession, tenant: Tenant, card_number: str) -> Client | None:
    """The live customer the card with this number identifies now; None when no usable card of the business's
    has the number (for lookups that must not tell why, like a login)."""
    number = card_number.strip()
    card = await CardRepository(session).by_number(tenant.business_id, number) if number else None
    if card is None or card.client_id is None or not usable(card, utcnow()):
        return None
    client = await clients.get(session, tenant, card.client_id, include_deleted=True)
    return client if client.deleted_at is None else None


async def customer_of_card(
    session: AsyncSession, tenant: Tenant, card_number: str, *, field: str = "card_number"
) -> Client:
    """The customer the card with `card_number` identifies (purchases, logins, searches all ask this).

    Refused naming `field`: CardNotFound for a number no card of the business has; not allowed for a blocked card,
    one outside its validity range, or a free card nobody holds; ClientDeleted when its holder is deleted."""
    number = (card_number or "").strip()
    card = await CardRepository(session).by_number(tenant.business_id, number) if number else None
    if card is None:
        raise CardNotFound(f"no card has the number {number}", field=field, id=number)
    problem = None
    if card.state != ACTIVE:
        problem = f"card {number} is blocked"
    elif not usable(card, utcnow()):
        problem = f"card {number} is not valid now"
    elif card.client_id is None:
        problem = f"card {number} is not assigned to a customer"
    if problem is not None:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, problem, number)
    assert card.client_id is not None
    client = await clients.get(session, tenant, card.client_id, include_deleted=True)
    if client.deleted_at is not None:
        raise ClientDeleted(f"the holder of card {number} is deleted", field=field, id=number)
    return client


# ---- lists -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardListing:
    client_id: int | None = None
    card_type_id: int | None = None
    numbers: list[str] | None = None  # any of them
    by_secondary_number: bool = False  # `numbers` are secondary numbers
    state: int | None = None
    is_valid: bool | None = None  # within (True) or outside (False) the validity range now
    sort: str = "id"  # one of SORT_FIELDS
    descending: bool = False
    offset: int = 0
    count: int = 100


async def list_cards(session: AsyncSession, tenant: Tenant, given: CardListing) -> tuple[list[Card], int]:
    """One page of the business's cards and the exact number matching; a customer or card type filter that names
    none of the business's is refused (its field)."""
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    if given.card_type_id is not None:
        await card_types.get(session, tenant, given.card_type_id)
    if given.state is not None and given.state not in STATES:
        raise ValidationFailed.single("state", Reason.NOT_ALLOWED, "state must be 0 or 1", given.state)
    query = CardQuery(valid_at=utcnow(), **given.__dict__)
    return await CardRepository(session).page(tenant.business_id, query)
