"""Domain events: one row per write, in the write's transaction (seed of change feeds, webhooks, audit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Stamp, TenantRecord
from ._keys import business_fk, tenant_index


class Event(TenantRecord, Base):
    __tablename__ = "events"

    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[BigInt]
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[Stamp]
    # The writing transaction's id, filled in by the database (PostgreSQL: `pg_current_xact_id()`; SQLite: 0, its
    # writers are serialized so id order is commit order). Never given on insert: the change feed orders by
    # (txid, id) and hands out only transactions older than every one still running (core/feed.py).
    txid: Mapped[BigInt]

    __table_args__ = (business_fk(), tenant_index("entity", "entity_id"), tenant_index("txid", "id"))
