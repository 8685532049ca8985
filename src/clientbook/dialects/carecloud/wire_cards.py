"""CareCloud card and card-type request bodies, as the vendor's spec types them (read-only fields ignored)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, StrictStr

from .wire import IdText, RequiredId, Text, _Wire

CardNumber = Annotated[StrictStr, Field(max_length=100)]
MAX_BATCH = 1000  # the spec's `maxItems` of `cards`


class Card(_Wire):
    customer_id: IdText = None
    card_type_id: RequiredId
    card_number: CardNumber
    secondary_card_number: Annotated[CardNumber | None, Field(default=None)]
    valid_from: Text = None
    valid_to: Text = None
    store_id: IdText = None
    state: StrictInt  # 0 blocked, 1 active: the core refuses another (a JSON true is no state)


class CardBody(_Wire):
    card: Card


class CardBatch(_Wire):
    # Items are read one by one (a bad one refuses only itself when error_processing is 2).
    cards: list[dict[str, Any]] = Field(max_length=MAX_BATCH)
    error_processing: Literal[1, 2] = 1


class CardType(_Wire):
    name: Annotated[StrictStr, Field(max_length=200)]
    prefix: Annotated[StrictStr, Field(max_length=40)]


class CardTypeBody(_Wire):
    card_type: CardType


class AssignFreeCard(_Wire):
    card_type_id: RequiredId
    customer_id: RequiredId
    card_number: Annotated[CardNumber | None, Field(default=None)]


class ValidateFreeCard(_Wire):
    card_number: CardNumber
