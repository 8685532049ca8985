"""Credits: money in a customer's wallet, kept as a ledger like points (store/models/loyalty.py).

Every deposit, reduce and transfer is a credit record (signed, in hundredths of the credit type's currency); the
balance row per (business, customer, credit type) is the guard a spend's `UPDATE … WHERE available >= :n` checks, so
concurrent spends never take it below zero. Credits do not lapse (a wallet holds money, not a promotion)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Created, KeyPart, TenantKeyed, TenantRecord, Vocabulary, utcnow
from ._keys import tenant_fk, tenant_index


class CreditType(Vocabulary, Base):
    __tablename__ = "credit_types"

    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217: every credit of the type is in it


class CreditRecord(TenantRecord, Created, Base):
    """One ledger entry. `amount` is signed (hundredths); a positive one is a lot whose unspent part is `remaining`
    (spending takes the oldest lots first)."""

    __tablename__ = "credit_records"

    client_id: Mapped[BigInt]
    credit_type_id: Mapped[BigInt]
    operation: Mapped[str] = mapped_column(String(40))
    amount: Mapped[BigInt]
    remaining: Mapped[BigInt] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    partner_id: Mapped[BigInt | None]
    note: Mapped[str | None] = mapped_column(String(2000))
    counterpart_client_id: Mapped[BigInt | None]  # the other customer of a transfer

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("credit_type_id", "credit_types"),
        tenant_fk("partner_id", "partners"),
        tenant_index("client_id", "credit_type_id", "created_at"),
        tenant_index("created_at"),
    )


class CreditBalance(TenantKeyed, Base):
    """What a customer can spend of one credit type: every spend is one guarded UPDATE on this row."""

    __tablename__ = "credit_balances"

    client_id: Mapped[KeyPart]
    credit_type_id: Mapped[KeyPart]
    available: Mapped[BigInt] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (tenant_fk("client_id", "clients"), tenant_fk("credit_type_id", "credit_types"))
