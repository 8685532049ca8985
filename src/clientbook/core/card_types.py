"""Card types: the kinds of card a business issues (a loyalty card, a membership card…), reference records with a
name and the prefix every card number of the type starts with. Every business has a default one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import CardType
from clientbook.store.repositories.cards import CardTypeRepository

from . import events
from ._records import check_lengths, find, raise_if, save_changes
from .errors import CardTypeNotFound, FieldError, Reason
from .types import Tenant

# Every business starts with one type whose numbers may be anything: the cards a business already hands out keep
# their numbers. The migration that added cards copies these values for the businesses that existed then.
DEFAULT_NAME = "Loyalty card"
DEFAULT_TEXT_ID = "loyalty_card"
DEFAULT_PREFIX = ""
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_MAX_TEXT_ID = 100


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> CardType:
    """The business's default card type, created at `tenant create` (migration 0018 gave older businesses theirs)."""
    repository = CardTypeRepository(session)
    found = await repository.default(tenant.business_id)
    if found is not None:
        return found
    card_type = _new(tenant, DEFAULT_NAME, DEFAULT_TEXT_ID, DEFAULT_PREFIX, is_default=True)
    await repository.add(card_type)
    changes = {"name": DEFAULT_NAME, "is_default": True}
    await events.record(session, tenant, "card_type", card_type.id, "created", changes)
    return card_type


def _new(tenant: Tenant, name: str, text_id: str, prefix: str, *, is_default: bool = False) -> CardType:
    return CardType(
        business_id=tenant.business_id,
        name=name,
        text_id=text_id,
        prefix=prefix,
        is_default=is_default,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )


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


def _stem(name: str) -> str:
    """`Členská karta` → `clenska_karta`: the name in lower-case ASCII words joined by `_`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _NOT_WORD.sub("_", ascii_name).strip("_")[: _MAX_TEXT_ID - 8] or "card_type"


def _free_text_id(stem: str, taken: set[str]) -> str:
    if stem not in taken:
        return stem
    return next(f"{stem}_{n}" for n in range(2, len(taken) + 3) if f"{stem}_{n}" not in taken)


async def create(session: AsyncSession, tenant: Tenant, name: str | None, prefix: str | None) -> CardType:
    """A new card type; its `text_id` is made from the name (`_2`, `_3`… when taken) and never changes."""
    values = _checked(name, prefix)
    repository = CardTypeRepository(session)
    stem = _stem(values["name"])
    while True:  # a concurrent create may take the text id between the check and the insert: take the next one
        text_id = _free_text_id(stem, await repository.text_ids_from(tenant.business_id, stem))
        card_type = _new(tenant, values["name"], text_id, values["prefix"])
        if await repository.add_unless_text_id_taken(card_type):
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
    return await find(CardTypeRepository(session), tenant, card_type_id, CardTypeNotFound, field=field)


async def list_all(
    session: AsyncSession, tenant: Tenant, *, name_contains: str | None = None, text_ids: Sequence[str] | None = None
) -> list[CardType]:
    """The business's card types, oldest first: those whose name contains `name_contains` (any case) and whose text
    id is one of `text_ids`, when given."""
    return await CardTypeRepository(session).matching(
        tenant.business_id, name_contains=name_contains, text_ids=text_ids
    )
