"""What hangs off a client: tags, notes, custom field values, and who may view whom."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column


class Tag(Timestamped, Base):
    __tablename__ = "tags"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("tags_id_seq")
    name: Mapped[str] = mapped_column(String(100))
    name_normalized: Mapped[str] = mapped_column(String(100))

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "name_normalized"),
    )


class ClientTag(Base):
    __tablename__ = "client_tags"

    business_id: Mapped[int] = business_id_column()
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tag_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "tag_id"], ["tags.business_id", "tags.id"]),
        Index(None, "business_id", "tag_id", "client_id"),
    )


class Note(Timestamped, SoftDeleted, Base):
    __tablename__ = "notes"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("notes_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        Index(None, "business_id", "client_id"),
    )


class FieldDefinition(Timestamped, Base):
    """A per-business custom field (TimeTap scheduler field). Built-in codes map onto client columns."""

    __tablename__ = "field_definitions"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("field_definitions_id_seq")
    entity: Mapped[str] = mapped_column(String(16), default="client")
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    data_type: Mapped[str] = mapped_column(String(16), default="TEXT")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        Index(None, "business_id", "entity", "code"),
    )


class ClientFieldValue(Base):
    __tablename__ = "client_field_values"

    business_id: Mapped[int] = business_id_column()
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    field_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "field_id"], ["field_definitions.business_id", "field_definitions.id"]),
        Index(None, "business_id", "field_id"),
    )


class ClientAccess(Base):
    """`viewer_client_id` may view and book for `client_id` (TimeTap viewClientAccountIds)."""

    __tablename__ = "client_access"

    business_id: Mapped[int] = business_id_column()
    viewer_client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "viewer_client_id"], ["clients.business_id", "clients.id"]),
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        Index(None, "business_id", "client_id"),
    )
