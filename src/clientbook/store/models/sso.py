"""Single sign-on tokens issued to third-party systems (seed 000 sections 5–6): recorded so each is used once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, business_id_column, utcnow


class SsoToken(Base):
    """One issued JWT, by its `jti`. `used_at` is set by the one auto-login that consumes it."""

    __tablename__ = "sso_tokens"

    business_id: Mapped[int] = business_id_column()
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_account_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "staff_account_id"], ["staff_accounts.business_id", "staff_accounts.id"]),
    )
