"""Segments: named groups of clients (CareCloud segments, their groups and their members)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Created, KeyPart, SoftDeleted, TenantKeyed, TenantRecord, Timestamped
from ._keys import business_fk, links, tenant_fk, tenant_index, tenant_unique


class SegmentGroup(TenantRecord, Timestamped, Base):
    __tablename__ = "segment_groups"

    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(2000))
    parent_group_id: Mapped[BigInt | None]

    __table_args__ = (business_fk(), tenant_unique("text_id"))


class Segment(TenantRecord, Timestamped, SoftDeleted, Base):
    __tablename__ = "segments"

    segment_group_id: Mapped[BigInt | None]
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(2000))
    priority: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (business_fk(), tenant_fk("segment_group_id", "segment_groups"), tenant_index("segment_group_id"))


class SegmentMember(TenantKeyed, Created, Base):
    """A client's membership of a segment (CareCloud "segment record")."""

    __tablename__ = "segment_members"

    segment_id: Mapped[KeyPart]
    client_id: Mapped[KeyPart]

    __table_args__ = links(segment_id="segments", client_id="clients")
