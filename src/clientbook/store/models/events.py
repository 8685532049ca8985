"""Domain events: one row per write, in the write's transaction (seed of change feeds, webhooks, audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, business_id_column, id_column, utcnow


class Event(Base):
    __tablename__ = "events"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("events_id_seq")
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The writing transaction's id, filled in by the database (PostgreSQL: `pg_current_xact_id()`; SQLite: 0, its
    # writers are serialized so id order is commit order). Never given on insert: the change feed orders by
    # (txid, id) and hands out only transactions older than every one still running (core/feed.py).
    txid: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        Index(None, "business_id", "entity", "entity_id"),
        Index(None, "business_id", "txid", "id"),
    )
