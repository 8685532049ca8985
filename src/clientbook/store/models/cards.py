"""Loyalty cards: the card types a business issues and the cards that identify its customers.

A card's number is unique per business (the unique constraint is the guard concurrent creates meet); a card without
a holder (`client_id` NULL) is a free card of the business's pool, assigned at most once by one guarded UPDATE."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column

BLOCKED, ACTIVE = 0, 1  # a card's state, as CareCloud numbers it


class CardType(Timestamped, Base):
    __tablename__ = "card_types"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("card_types_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(40), default="")  # every card number of the type starts with it
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class Card(Timestamped, Base):
    __tablename__ = "cards"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("cards_id_seq")
    card_type_id: Mapped[int] = mapped_column(BigInteger)
    client_id: Mapped[int | None] = mapped_column(BigInteger)  # None: a free card, not assigned yet
    number: Mapped[str] = mapped_column(String(100))
    secondary_number: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[datetime | None] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    branch_id: Mapped[int | None] = mapped_column(BigInteger)  # the store where it was handed to the customer
    state: Mapped[int] = mapped_column(Integer, default=ACTIVE)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "card_type_id"], ["card_types.business_id", "card_types.id"]),
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        UniqueConstraint("business_id", "number"),
        UniqueConstraint("business_id", "secondary_number"),  # NULLs are distinct on both backends
        Index(None, "business_id", "client_id", "card_type_id"),
        Index(None, "business_id", "card_type_id", "client_id"),  # the free pool of a type: client_id IS NULL
        Index(None, "business_id", "state"),
        Index(None, "business_id", "valid_to"),
    )
