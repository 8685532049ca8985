"""Loyalty cards: the card types a business issues and the cards that identify its customers.

A card's number is unique per business (the unique constraint is the guard concurrent creates meet); a card without
a holder (`client_id` NULL) is a free card of the business's pool, assigned at most once by one guarded UPDATE."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantRecord, Timestamped, Vocabulary
from ._keys import tenant_fk, tenant_index, tenant_unique

BLOCKED, ACTIVE = 0, 1  # a card's state, as CareCloud numbers it


class CardType(Vocabulary, Base):
    __tablename__ = "card_types"

    # Every card number of the type starts with it; before `is_default`.
    prefix: Mapped[str] = mapped_column(String(40), default="", sort_order=-1)


class Card(TenantRecord, Timestamped, Base):
    __tablename__ = "cards"

    card_type_id: Mapped[BigInt]
    client_id: Mapped[BigInt | None]  # None: a free card, not assigned yet
    number: Mapped[str] = mapped_column(String(100))
    secondary_number: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    branch_id: Mapped[BigInt | None]  # the store where it was handed to the customer
    state: Mapped[int] = mapped_column(Integer, default=ACTIVE)

    __table_args__ = (
        tenant_fk("card_type_id", "card_types"),
        tenant_fk("client_id", "clients"),
        tenant_fk("branch_id", "branches"),
        tenant_unique("number"),
        tenant_unique("secondary_number"),  # NULLs are distinct on both backends
        tenant_index("client_id", "card_type_id"),
        tenant_index("card_type_id", "client_id"),  # the free pool of a type: client_id IS NULL
        tenant_index("state"),
        tenant_index("valid_to"),
    )
