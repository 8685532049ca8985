"""What hangs off a client: tags, notes, custom field values, and who may view whom."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, KeyPart, SoftDeleted, TenantKeyed, TenantRecord, Timestamped
from ._keys import business_fk, links, tenant_fk, tenant_index, tenant_unique


class Tag(TenantRecord, Timestamped, Base):
    __tablename__ = "tags"

    name: Mapped[str] = mapped_column(String(100))
    name_normalized: Mapped[str] = mapped_column(String(100))

    __table_args__ = (business_fk(), tenant_unique("name_normalized"))


class ClientTag(TenantKeyed, Base):
    __tablename__ = "client_tags"

    client_id: Mapped[KeyPart]
    tag_id: Mapped[KeyPart]

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("tag_id", "tags"),
        tenant_index("tag_id", "client_id"),
    )


class Note(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "notes"

    client_id: Mapped[BigInt]
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (tenant_fk("client_id", "clients"), tenant_index("client_id"))


class FieldDefinition(TenantRecord, Timestamped, Base):
    """A per-business custom field (TimeTap scheduler field). Built-in codes map onto client columns."""

    __tablename__ = "field_definitions"

    entity: Mapped[str] = mapped_column(String(16), default="client")
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    data_type: Mapped[str] = mapped_column(String(16), default="TEXT")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (business_fk(), tenant_index("entity", "code"))


class ClientFieldValue(TenantKeyed, Base):
    __tablename__ = "client_field_values"

    client_id: Mapped[KeyPart]
    field_id: Mapped[KeyPart]
    value: Mapped[str | None] = mapped_column(Text)

    __table_args__ = links(client_id="clients", field_id="field_definitions")


class ClientAccess(TenantKeyed, Base):
    """`viewer_client_id` may view and book for `client_id` (TimeTap viewClientAccountIds)."""

    __tablename__ = "client_access"

    viewer_client_id: Mapped[KeyPart]
    client_id: Mapped[KeyPart]

    __table_args__ = links(viewer_client_id="clients", client_id="clients")
