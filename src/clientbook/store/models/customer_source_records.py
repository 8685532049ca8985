"""Customer source records: the systems a customer is known in (their customer source), each with the customer's id
there (`external_id`). The source a customer registered through is their first record."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantRecord, Timestamped
from ._keys import tenant_fk, tenant_index


class CustomerSourceRecord(TenantRecord, Timestamped, Base):
    __tablename__ = "customer_source_records"

    client_id: Mapped[BigInt]
    customer_source_id: Mapped[BigInt]
    external_id: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("customer_source_id", "customer_sources"),
        tenant_index("client_id"),
        tenant_index("customer_source_id", "external_id"),
        tenant_index("external_id"),
    )
