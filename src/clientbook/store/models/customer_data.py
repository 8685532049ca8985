"""Where clients come from (customer sources) and the extra addresses a client keeps beside the main one."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class CustomerSource(Timestamped, Base):
    """An application or channel clients are registered through (CareCloud customer source)."""

    __tablename__ = "customer_sources"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("customer_sources_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class ClientAddress(Timestamped, SoftDeleted, Base):
    """An additional address of a client (delivery, billing, work…); the main one lives on the client."""

    __tablename__ = "client_addresses"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("client_addresses_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    address_type: Mapped[str] = mapped_column(String(100))
    address1: Mapped[str | None] = mapped_column(String(200))
    address2: Mapped[str | None] = mapped_column(String(200))
    address3: Mapped[str | None] = mapped_column(String(200))
    address4: Mapped[str | None] = mapped_column(String(200))
    address5: Mapped[str | None] = mapped_column(String(200))
    address6: Mapped[str | None] = mapped_column(String(200))
    address7: Mapped[str | None] = mapped_column(String(200))
    zip: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country_code: Mapped[str | None] = mapped_column(String(2))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        Index(None, "business_id", "client_id", "address_type"),
    )
