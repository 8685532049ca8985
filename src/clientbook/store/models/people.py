"""Staff and clients: the people every dialect names differently (docs/fields.md maps them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, SoftDeleted, TenantRecord, Timestamped
from ._keys import business_fk, tenant_fk, tenant_index, tenant_unique


class Staff(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "staff"

    branch_id: Mapped[BigInt | None]
    staff_type: Mapped[str] = mapped_column(String(16), default="user")
    titles: Mapped[str | None] = mapped_column(String(100))
    initials: Mapped[str | None] = mapped_column(String(20))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    job_title: Mapped[str | None] = mapped_column(String(200))
    job_description: Mapped[str | None] = mapped_column(String(2000))
    email: Mapped[str | None] = mapped_column(String(254))
    email_normalized: Mapped[str | None] = mapped_column(String(254))
    main_phone: Mapped[str | None] = mapped_column(String(32))
    mobile_phone: Mapped[str | None] = mapped_column(String(20))
    mobile_phone_raw: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    sms_opted_out_at: Mapped[datetime | None] = mapped_column()
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        business_fk(),
        tenant_fk("branch_id", "branches"),
        tenant_index("email_normalized"),
        tenant_index("mobile_phone"),
        tenant_index("last_name", "first_name"),
    )

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or f"staff {self.id}"


class Client(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "clients"

    branch_id: Mapped[BigInt | None]
    staff_id: Mapped[BigInt | None]
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    full_name: Mapped[str] = mapped_column(String(300), default="")
    titles: Mapped[str | None] = mapped_column(String(100))
    initials: Mapped[str | None] = mapped_column(String(20))
    surname_prefix: Mapped[str | None] = mapped_column(String(40))
    salutation: Mapped[str | None] = mapped_column(String(40))
    post_nominals: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254))
    email_normalized: Mapped[str | None] = mapped_column(String(254))
    mobile_phone: Mapped[str | None] = mapped_column(String(20))
    mobile_phone_raw: Mapped[str | None] = mapped_column(String(40))
    home_phone: Mapped[str | None] = mapped_column(String(40))
    business_phone: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(200))
    street2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    county: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    client_type: Mapped[str] = mapped_column(String(16), default="active")
    contact_method: Mapped[str] = mapped_column(String(16), default="none")
    guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_first_name: Mapped[str | None] = mapped_column(String(100))
    guardian_last_name: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    last_visit_date: Mapped[date | None] = mapped_column(Date)
    opted_in_date: Mapped[date | None] = mapped_column(Date)
    last_cancelled_date: Mapped[date | None] = mapped_column(Date)
    number_of_visits: Mapped[int | None] = mapped_column(Integer)
    external_user_name: Mapped[str | None] = mapped_column(String(200))
    reference_code: Mapped[str | None] = mapped_column(String(100))
    customer_source_id: Mapped[BigInt | None]
    password_hash: Mapped[str | None] = mapped_column(String(200))
    sms_opted_out_at: Mapped[datetime | None] = mapped_column()
    merged_into_id: Mapped[BigInt | None]
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        business_fk(),
        tenant_fk("branch_id", "branches"),
        tenant_fk("staff_id", "staff"),
        # (business_id, status, deleted_at) and the live-only partial indexes of migration 0005 serve the rest.
        tenant_index("last_name", "first_name"),
        tenant_index("external_user_name"),
        tenant_index("staff_id"),
        tenant_index("branch_id"),
        tenant_index("customer_source_id"),
    )


class StaffAccount(TenantRecord, Timestamped, SoftDeleted, Base):
    """A staff member's login to the web app (password hashed with argon2id)."""

    __tablename__ = "staff_accounts"

    staff_id: Mapped[BigInt]
    account_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (tenant_fk("staff_id", "staff"), tenant_unique("account_name"))
