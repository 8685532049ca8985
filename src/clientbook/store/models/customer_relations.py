"""Relations between two customers of a business (family accounts, partners, guardians, referrals)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, SoftDeleted, TenantRecord, Timestamped
from ._keys import tenant_fk, tenant_index


class CustomerRelation(TenantRecord, Timestamped, SoftDeleted, Base):
    """`client_id` and `related_client_id` are related by `relation_type` (core/relation_types.py); `related_leads`
    says the related one leads (a parent of a child). One row serves both customers' lists. A relation ends at
    `valid_to` (its deletion sets it, and `deleted_at`)."""

    __tablename__ = "customer_relations"

    client_id: Mapped[BigInt]
    related_client_id: Mapped[BigInt]
    relation_type: Mapped[int] = mapped_column(Integer)
    related_leads: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[datetime] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("related_client_id", "clients"),
        tenant_index("client_id"),
        tenant_index("related_client_id"),
    )
