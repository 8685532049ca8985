"""Staff and clients: the people every dialect names differently (docs/fields.md maps them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class Staff(Timestamped, SoftDeleted, Base):
    __tablename__ = "staff"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("staff_id_seq")
    branch_id: Mapped[int | None] = mapped_column(BigInteger)
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
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        Index(None, "business_id", "email_normalized"),
        Index(None, "business_id", "mobile_phone"),
        Index(None, "business_id", "last_name", "first_name"),
    )

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or f"staff {self.id}"


class Client(Timestamped, SoftDeleted, Base):
    __tablename__ = "clients"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("clients_id_seq")
    branch_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_id: Mapped[int | None] = mapped_column(BigInteger)
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
    customer_source_id: Mapped[int | None] = mapped_column(BigInteger)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    sms_opted_out_at: Mapped[datetime | None] = mapped_column()
    merged_into_id: Mapped[int | None] = mapped_column(BigInteger)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "staff_id"], ["staff.business_id", "staff.id"]),
        # (business_id, status, deleted_at) and the live-only partial indexes of migration 0005 serve the rest.
        Index(None, "business_id", "last_name", "first_name"),
        Index(None, "business_id", "external_user_name"),
        Index(None, "business_id", "staff_id"),
        Index(None, "business_id", "branch_id"),
        Index(None, "business_id", "customer_source_id"),
    )


class StaffAccount(Timestamped, SoftDeleted, Base):
    """A staff member's login to the web app (password hashed with argon2id)."""

    __tablename__ = "staff_accounts"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("staff_accounts_id_seq")
    staff_id: Mapped[int] = mapped_column(BigInteger)
    account_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "staff_id"], ["staff.business_id", "staff.id"]),
        UniqueConstraint("business_id", "account_name"),
    )
