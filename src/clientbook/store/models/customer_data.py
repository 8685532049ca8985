"""Where clients come from (customer sources) and the extra addresses a client keeps beside the main one."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, SoftDeleted, TenantRecord, Timestamped
from ._keys import business_fk, tenant_fk, tenant_index, tenant_unique


class CustomerSource(TenantRecord, Timestamped, Base):
    """An application or channel clients are registered through (CareCloud customer source)."""

    __tablename__ = "customer_sources"

    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (business_fk(), tenant_unique("text_id"))


class ClientAddress(TenantRecord, Timestamped, SoftDeleted, Base):
    """An additional address of a client (delivery, billing, work…); the main one lives on the client."""

    __tablename__ = "client_addresses"

    client_id: Mapped[BigInt]
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

    __table_args__ = (tenant_fk("client_id", "clients"), tenant_index("client_id", "address_type"))
