"""Partners: the partner companies (retail chains, brands, business units) that points, credits, products and
stores name by `partner_id`, and the partner records tying a customer to the partners whose programmes apply.

Partners are reference records the vendor's API only reads: every business has a default one from `tenant create`,
and operators add and rename them with `clientbook loyalty partners`."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantRecord, Timestamped, Vocabulary
from ._keys import tenant_fk, tenant_index, tenant_unique


class Partner(Vocabulary, Base):
    __tablename__ = "partners"

    registration_id: Mapped[str | None] = mapped_column(String(100))
    vat_id: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))


class PartnerRecord(TenantRecord, Timestamped, Base):
    """A customer belongs to a partner (at most once: the pair is unique)."""

    __tablename__ = "partner_records"

    client_id: Mapped[BigInt]
    partner_id: Mapped[BigInt]

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("partner_id", "partners"),
        tenant_unique("client_id", "partner_id"),
        tenant_index("partner_id"),
    )
