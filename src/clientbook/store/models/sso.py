"""Single sign-on tokens issued to third-party systems (seed 000 sections 5–6): recorded so each is used once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Stamp, TenantKeyed
from ._keys import business_fk, tenant_fk


class SsoToken(TenantKeyed, Base):
    """One issued JWT, by its `jti`. `used_at` is set by the one auto-login that consumes it."""

    __tablename__ = "sso_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_account_id: Mapped[BigInt]
    created_at: Mapped[Stamp]
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (business_fk(), tenant_fk("staff_account_id", "staff_accounts"))
