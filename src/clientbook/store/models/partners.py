"""Partners: the partner companies (retail chains, brands, business units) that points, credits, products and
stores name by `partner_id`, and the partner records tying a customer to the partners whose programmes apply.

Partners are reference records the vendor's API only reads: every business has a default one from `tenant create`,
and operators add and rename them with `clientbook loyalty partners`."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column


class Partner(Timestamped, Base):
    __tablename__ = "partners"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("partners_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    registration_id: Mapped[str | None] = mapped_column(String(100))
    vat_id: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class PartnerRecord(Timestamped, Base):
    """A customer belongs to a partner (at most once: the pair is unique)."""

    __tablename__ = "partner_records"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("partner_records_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    partner_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "partner_id"], ["partners.business_id", "partners.id"]),
        UniqueConstraint("business_id", "client_id", "partner_id"),
        Index(None, "business_id", "partner_id"),
    )
