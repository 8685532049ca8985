"""Idempotency keys: the first answer to a write sent with an `Idempotency-Key`, replayed to its repeats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, JSONType, TenantKeyed
from ._keys import business_fk


class IdempotencyKey(TenantKeyed, Base):
    """One key of one credential of a business: `running` while its first request runs, then `done` with the answer.

    The primary key is the guard: of two requests with one key, only one inserts the row and runs the write.
    """

    __tablename__ = "idempotency_keys"

    credential: Mapped[str] = mapped_column(String(64), primary_key=True)  # a digest of the credential presented
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path, query and body
    status: Mapped[str] = mapped_column(String(16))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[list[str]] | None] = mapped_column(JSONType)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()

    # The purge runs across tenants (like the SMS outbox), so it has an index of its own.
    __table_args__ = (business_fk(), Index(None, "expires_at"))
