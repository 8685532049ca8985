"""Customer source records: the systems a customer is known in (their customer source), each with the customer's id
there (`external_id`). The source a customer registered through is their first record."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column


class CustomerSourceRecord(Timestamped, Base):
    __tablename__ = "customer_source_records"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("customer_source_records_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    customer_source_id: Mapped[int] = mapped_column(BigInteger)
    external_id: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(
            ["business_id", "customer_source_id"], ["customer_sources.business_id", "customer_sources.id"]
        ),
        Index(None, "business_id", "client_id"),
        Index(None, "business_id", "customer_source_id", "external_id"),
        Index(None, "business_id", "external_id"),
    )
