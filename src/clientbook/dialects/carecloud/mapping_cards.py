"""Pure translation between the CareCloud card wire and core cards and card types (no I/O)."""

from __future__ import annotations

from typing import Any

from clientbook.core.cards import CardFields
from clientbook.store.models import Card, CardType

from . import wire_cards as wire
from .conventions import body_id, compact, parse_datetime, render_datetime, render_id

# A card's core field → its name on the wire (a first-level field of the card resource).
CARD_FIELDS = {
    "id": "card_id",
    "client_id": "customer_id",
    "card_type_id": "card_type_id",
    "number": "card_number",
    "secondary_number": "secondary_card_number",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "branch_id": "store_id",
    "updated_at": "last_change",
    "state": "state",
}
# Wire sort field → core sort key: any first-level field of the card resource.
CARD_SORT = {wire_name: core for core, wire_name in CARD_FIELDS.items()}
# Refusals of the list filters and the free-card actions (first-level names).
CARD_WIRE_NAMES = {core: wire_name for core, wire_name in CARD_FIELDS.items() if core != wire_name}
# Refusals of POST and PUT /cards, whose body wraps the card in `card`.
CARD_BODY_NAMES = {core: f"card.{wire_name}" for core, wire_name in CARD_FIELDS.items()}
CARD_TYPE_BODY_NAMES = {"name": "card_type.name", "prefix": "card_type.prefix"}


def batch_names(count: int) -> dict[str, str]:
    """Refusals of a batch of `count` cards: the core's `cards.3.number` is the wire's `cards.3.card_number`."""
    return {f"cards.{i}.{core}": f"cards.{i}.{name}" for i in range(count) for core, name in CARD_WIRE_NAMES.items()}


def card_fields(given: wire.Card, time_zone: str, *, prefix: str = "card.") -> CardFields:
    """The core's card from the wire's; ids and datetimes refused naming `<prefix><name>`."""
    return CardFields(
        card_type_id=_id(body_id(given.card_type_id, f"{prefix}card_type_id", required=True)),
        number=given.card_number,
        client_id=body_id(given.customer_id, f"{prefix}customer_id"),
        secondary_number=given.secondary_card_number,
        valid_from=parse_datetime(given.valid_from, f"{prefix}valid_from", time_zone),
        valid_to=parse_datetime(given.valid_to, f"{prefix}valid_to", time_zone),
        branch_id=body_id(given.store_id, f"{prefix}store_id"),
        state=given.state,
    )


def _id(value: int | None) -> int:
    assert value is not None  # a required id
    return value


def card(record: Card, time_zone: str) -> dict[str, Any]:
    return compact(
        {
            "card_id": str(record.id),
            "customer_id": render_id(record.client_id),
            "card_type_id": str(record.card_type_id),
            "card_number": record.number,
            "secondary_card_number": record.secondary_number,
            "valid_from": render_datetime(record.valid_from, time_zone),
            "valid_to": render_datetime(record.valid_to, time_zone),
            "store_id": render_id(record.branch_id),
            "last_change": render_datetime(record.updated_at, time_zone),
            "state": record.state,
        }
    )


def card_type(record: CardType) -> dict[str, Any]:
    return {"card_type_id": str(record.id), "text_id": record.text_id, "name": record.name, "prefix": record.prefix}
