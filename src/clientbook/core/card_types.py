"""Card types: the kinds of card a business issues (a loyalty card, a membership card…), reference records
(core/reference.py) with a name and the prefix every card number of the type starts with. Every business has a
default one; operators manage them with `clientbook loyalty card-types`, integrators through the CareCloud API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import CardType
from clientbook.store.repositories.cards import CardTypeRepository

from . import events, reference
from ._records import check_lengths, raise_if, save_changes
from .errors import CardTypeNotFound, FieldError, Reason
from .types import Tenant

# Every business starts with one type whose numbers may be anything: the cards a business already hands out keep
# their numbers. Migration 0018 inserted it for the businesses that existed then (copying these values).
DEFAULT_NAME = "Loyalty card"
DEFAULT_TEXT_ID = "loyalty_card"
DEFAULT_PREFIX = ""


def _values(_tenant: Tenant) -> dict[str, Any]:
    return {"prefix": DEFAULT_PREFIX}  # a type an operator adds takes any number, like the default


KIND: reference.ReferenceKind[CardType] = reference.ReferenceKind(
    name="card-types",
    entity="card_type",
    model=CardType,
    missing=CardTypeNotFound,
    default_name=DEFAULT_NAME,
    default_text_id=DEFAULT_TEXT_ID,
    values=_values,
)


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> CardType:
    """The business's default card type (`tenant create` makes it through `reference_kinds`)."""
    return await reference.ensure_default(session, tenant, KIND)


def _checked(name: str | None, prefix: str | None) -> dict[str, Any]:
    """A name (required) and a prefix (may be empty, no spaces), or refused naming each bad one."""
    values: dict[str, Any] = {"name": (name or "").strip(), "prefix": (prefix or "").strip()}
    errors: list[FieldError] = []
    if not values["name"]:
        errors.append(FieldError("name", Reason.REQUIRED, "name is required"))
    if any(c.isspace() for c in values["prefix"]):
        errors.append(FieldError("prefix", Reason.INVALID_FORMAT, "prefix must not contain spaces", prefix))
    check_lengths(CardType, values, errors)
    raise_if(errors)
    return values


def _free_text_id(stem: str, taken: set[str]) -> str:
    if stem not in taken:
        return stem
    return next(f"{stem}_{n}" for n in range(2, len(taken) + 3) if f"{stem}_{n}" not in taken)


async def create(session: AsyncSession, tenant: Tenant, name: str | None, prefix: str | None) -> CardType:
    """A new card type; its `text_id` is made from the name (`_2`, `_3`… when taken) and never changes."""
    values = _checked(name, prefix)
    repository = CardTypeRepository(session)
    stem = reference.text_id_of(values["name"])[: reference.MAX_TEXT_ID - 8] or "card_type"
    while True:  # a concurrent create may take the text id between the check and the insert: take the next one
        text_id = _free_text_id(stem, await repository.text_ids_from(tenant.business_id, stem))
        card_type = CardType(business_id=tenant.business_id, text_id=text_id, is_default=False, **values)
        card_type.created_by = card_type.updated_by = tenant.actor
        if await KIND.repository(session).add_unless_taken(card_type):
            break
    await events.record(session, tenant, "card_type", card_type.id, "created", {**values, "text_id": text_id})
    return card_type


async def update(
    session: AsyncSession, tenant: Tenant, card_type_id: int, name: str | None, prefix: str | None
) -> CardType:
    """Rename the type or change its prefix (cards issued already keep their numbers)."""
    card_type = await get(session, tenant, card_type_id, field="id")
    await save_changes(session, tenant, CardTypeRepository(session), card_type, "card_type", _checked(name, prefix))
    return card_type


async def get(session: AsyncSession, tenant: Tenant, card_type_id: int, *, field: str = "card_type_id") -> CardType:
    return await reference.get(session, tenant, KIND, card_type_id, field=field)


async def list_all(
    session: AsyncSession, tenant: Tenant, *, name_contains: str | None = None, text_ids: Sequence[str] | None = None
) -> list[CardType]:
    """The business's card types, oldest first: those whose name contains `name_contains` (any case) and whose text
    id is one of `text_ids`, when given."""
    await ensure_defaults(session, tenant)
    return await CardTypeRepository(session).matching(
        tenant.business_id, name_contains=name_contains, text_ids=text_ids
    )
