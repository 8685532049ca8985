"""Businesses, their branches, and the credentials and tokens that resolve a request to one of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Identified, SoftDeleted, Stamp, TenantRecord, Timestamped
from ._keys import business_fk, tenant_index


class Business(Identified, Timestamped, Base):
    __tablename__ = "businesses"

    name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(36), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    default_region: Mapped[str] = mapped_column(String(2), default="US")
    language: Mapped[str] = mapped_column(String(8), default="en")
    sms_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    # A short name staff type at the login page instead of the account number (issue 17); global, like it.
    handle: Mapped[str | None] = mapped_column(String(40))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (Index(None, "handle", unique=True),)


class Branch(TenantRecord, Timestamped, SoftDeleted, Base):
    """A location of a business (Wired Client branch, TimeTap location, CareCloud store)."""

    __tablename__ = "branches"

    name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(36), unique=True)
    location_group_id: Mapped[BigInt | None]
    time_zone: Mapped[str | None] = mapped_column(String(64))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (business_fk(), tenant_index("location_group_id"))


class Credential(TenantRecord, Base):
    """An API key pair of one dialect's realm. Secrets are stored as keyed hashes only (DESIGN rule 7).

    Looked up by (realm, key_id) before the business is known, so this is one of the few global indexes.
    """

    __tablename__ = "credentials"

    realm: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str] = mapped_column(String(128))
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    # After `credentials rotate`: the old secret's hash, accepted until `previous_expires_at` (the grace period).
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_expires_at: Mapped[datetime | None] = mapped_column()
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[Stamp]
    revoked_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (business_fk(), UniqueConstraint("realm", "key_id"))


class ApiToken(Base):
    """A bearer or session token (stored as its keyed hash), e.g. a TimeTap session or a CareCloud bearer token."""

    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    business_id: Mapped[BigInt] = mapped_column(ForeignKey("businesses.id"))
    realm: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str | None] = mapped_column(String(16))
    subject_id: Mapped[BigInt | None]
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[Stamp]
    expires_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (tenant_index("realm", "kind"),)
