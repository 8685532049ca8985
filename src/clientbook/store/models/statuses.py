"""Customer statuses (loyalty tiers such as Silver or Gold) and the status records that keep each customer's history
of them: which tier, from when to when, set by hand or earned by purchases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, TenantRecord, Timestamped
from ._keys import business_fk, tenant_fk, tenant_index, tenant_unique


class Status(TenantRecord, Timestamped, Base):
    """One tier of the business's programme, and the rule that earns it (core/statuses.py).

    `qualification` is how a customer gets it: `base` (every customer's starting tier), `manual` (only set by hand)
    or `turnover` (earned once the customer's purchases over the last `qualification_months` reach
    `qualification_turnover`, in hundredths of `currency`). Tiers compare by `rank`, higher is better."""

    __tablename__ = "statuses"

    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(2000), default="")
    rank: Mapped[int] = mapped_column(Integer)
    qualification: Mapped[str] = mapped_column(String(20))
    qualification_turnover: Mapped[BigInt] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    qualification_months: Mapped[int | None] = mapped_column(Integer)  # None: every purchase ever counts
    validity_months: Mapped[int | None] = mapped_column(Integer)  # None: the status never lapses
    discount: Mapped[int] = mapped_column(Integer, default=0)  # percent

    __table_args__ = (business_fk(), tenant_unique("text_id"))


class StatusRecord(TenantRecord, Timestamped, Base):
    """A customer held `status_id` from `valid_from` to `valid_to` (None: until replaced). `state` 1 is the record in
    force (one per customer at most), 2 one that was replaced; `reason` says who set it: `manual` or `purchases`."""

    __tablename__ = "status_records"

    client_id: Mapped[BigInt]
    status_id: Mapped[BigInt]
    valid_from: Mapped[datetime] = mapped_column()
    valid_to: Mapped[datetime | None] = mapped_column()
    state: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(String(20))

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("status_id", "statuses"),
        tenant_index("client_id", "state", "valid_from"),
    )
