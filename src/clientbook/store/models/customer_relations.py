"""Relations between two customers of a business (family accounts, partners, guardians, referrals)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class CustomerRelation(Timestamped, SoftDeleted, Base):
    """`client_id` and `related_client_id` are related by `relation_type` (core/relation_types.py); `related_leads`
    says the related one leads (a parent of a child). One row serves both customers' lists. A relation ends at
    `valid_to` (its deletion sets it, and `deleted_at`)."""

    __tablename__ = "customer_relations"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("customer_relations_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    related_client_id: Mapped[int] = mapped_column(BigInteger)
    relation_type: Mapped[int] = mapped_column(Integer)
    related_leads: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[datetime] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "related_client_id"], ["clients.business_id", "clients.id"]),
        Index(None, "business_id", "client_id"),
        Index(None, "business_id", "related_client_id"),
    )
