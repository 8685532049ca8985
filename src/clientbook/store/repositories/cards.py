"""Card types and cards: lookups by number, the filtered card list, the free pool and the guarded writes that keep
card numbers unique and free cards assigned once."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.exc import IntegrityError

from clientbook.store import writes
from clientbook.store.models import Card, CardType, Client, utcnow
from clientbook.store.models.cards import ACTIVE

from ._base import PageQuery, RecordRepository, matching, sort_keys

# The columns a card list sorts on, by the core's names.
CARD_SORT = sort_keys(
    Card, "id client_id card_type_id number secondary_number valid_from valid_to branch_id updated_at state"
)


@dataclass(frozen=True)
class CardQuery(PageQuery):
    """Sorted by a key of CARD_SORT."""

    client_id: int | None = None
    card_type_id: int | None = None
    numbers: Sequence[str] | None = None  # any of them (an empty list matches nothing)
    by_secondary_number: bool = False  # `numbers` are secondary numbers
    state: int | None = None
    valid_at: datetime | None = None  # with `is_valid`: in (True) or out of (False) the validity range at this time
    is_valid: bool | None = None


def _valid_at(moment: datetime) -> ColumnElement[bool]:
    return and_(
        or_(Card.valid_from.is_(None), Card.valid_from <= moment), or_(Card.valid_to.is_(None), Card.valid_to > moment)
    )


class CardTypeRepository(RecordRepository[CardType]):
    model = CardType

    async def matching(
        self, business_id: int, *, name_contains: str | None, text_ids: Sequence[str] | None
    ) -> builtins.list[CardType]:
        """The business's card types whose name contains `name_contains` (any case) and whose text id is one of
        `text_ids`, oldest first."""
        query = select(CardType).where(CardType.business_id == business_id)
        if name_contains is not None:
            query = query.where(func.lower(CardType.name).contains(name_contains.lower(), autoescape=True))
        if text_ids is not None:
            query = query.where(CardType.text_id.in_(text_ids))
        return builtins.list(await self.session.scalars(query.order_by(CardType.id)))

    async def text_ids_from(self, business_id: int, stem: str) -> set[str]:
        """The business's text ids that start with `stem` (to pick one not taken)."""
        query = select(CardType.text_id).where(
            CardType.business_id == business_id, CardType.text_id.startswith(stem, autoescape=True)
        )
        return set(await self.session.scalars(query))


class CardRepository(RecordRepository[Card]):
    model = Card

    async def by_number(self, business_id: int, number: str, *, secondary: bool = False) -> Card | None:
        column = Card.secondary_number if secondary else Card.number
        return await self.session.scalar(select(Card).where(Card.business_id == business_id, column == number))

    async def existing(self, business_id: int, numbers: Collection[str], *, secondary: bool = False) -> set[str]:
        """Which of `numbers` cards of the business have already (as their secondary numbers when `secondary`)."""
        if not numbers:
            return set()
        column = Card.secondary_number if secondary else Card.number
        query = select(column).where(Card.business_id == business_id, column.in_(numbers))
        return {n for n in await self.session.scalars(query) if n is not None}

    async def _collision(self, card: Card, exclude_id: int | None) -> str | None:
        """The number field of `card` another card of the business holds: `number` or `secondary_number`."""
        for field, secondary in (("number", False), ("secondary_number", True)):
            value = card.secondary_number if secondary else card.number
            other = await self.by_number(card.business_id, value, secondary=secondary) if value else None
            if other is not None and other.id != exclude_id:
                return field
        return None

    async def add_unless_number_taken(self, card: Card) -> str | None:
        """Insert `card`; when the unique index refuses its number (a concurrent create took it after our check),
        nothing is written and the field is named: `number` or `secondary_number`."""
        try:
            async with self.session.begin_nested():
                await self.add(card)
        except IntegrityError:
            taken = await self._collision(card, None)
            if taken is None:
                raise
            return taken
        return None

    async def save_unless_number_taken(self, card: Card, values: dict[str, Any]) -> str | None:
        """`save` the changes unless the unique index refuses a number; then the field is named, nothing written."""
        try:
            async with self.session.begin_nested():
                await self.save(card, values)
        except IntegrityError:
            probe = Card(business_id=card.business_id, number=values.get("number", card.number))
            probe.secondary_number = values.get("secondary_number", card.secondary_number)
            taken = await self._collision(probe, card.id)
            if taken is None:
                raise
            return taken
        return None

    def _where(self, business_id: int, q: CardQuery) -> builtins.list[ColumnElement[bool]]:
        where = [Card.business_id == business_id]
        where.extend(matching(Card, q, "client_id card_type_id"))
        if q.numbers is not None:
            column = Card.secondary_number if q.by_secondary_number else Card.number
            where.append(column.in_(q.numbers))
        if q.state is not None:
            where.append(Card.state == q.state)
        if q.is_valid is not None:
            valid = _valid_at(q.valid_at or utcnow())
            where.append(valid if q.is_valid else not_(valid))
        return where

    async def page(self, business_id: int, q: CardQuery) -> tuple[builtins.list[Card], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching cards."""
        return await self.page_where(self._where(business_id, q), CARD_SORT[q.sort], q)

    async def lock_holder(self, business_id: int, client_id: int) -> None:
        """Lock the customer's row until the transaction ends (PostgreSQL), so that two assignments to one customer
        run one after the other and the second sees the first's card."""
        query = select(Client.id).where(Client.business_id == business_id, Client.id == client_id)
        await self.session.execute(query.with_for_update())

    async def holds_type(self, business_id: int, client_id: int, card_type_id: int) -> bool:
        query = select(Card.id).where(
            Card.business_id == business_id, Card.client_id == client_id, Card.card_type_id == card_type_id
        )
        return await self.session.scalar(query.limit(1)) is not None

    async def next_free(self, business_id: int, card_type_id: int, now: datetime) -> Card | None:
        """The oldest free, active, valid card of the type; one a concurrent assignment holds is skipped."""
        query = select(Card).where(
            Card.business_id == business_id,
            Card.card_type_id == card_type_id,
            Card.client_id.is_(None),
            Card.state == ACTIVE,
            _valid_at(now),
        )
        locked = query.order_by(Card.id).limit(1).with_for_update(skip_locked=True)
        return await self.session.scalar(locked.execution_options(populate_existing=True))

    async def claim(self, card: Card, client_id: int, actor: str | None) -> bool:
        """Give the free `card` to the customer: one UPDATE guarded by `client_id IS NULL`, whose row count says
        whether the card was still free (a concurrent assignment that got there first leaves it 0)."""
        values = {"client_id": client_id, "updated_at": utcnow(), "updated_by": actor}
        free = (Card.business_id == card.business_id, Card.id == card.id, Card.client_id.is_(None))
        if not await self.update_where(Card, values, *free, synchronize=False):
            return False
        writes.mark_committed(card, values)
        return True
