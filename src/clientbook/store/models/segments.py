"""Segments: named groups of clients (CareCloud segments, their groups and their members)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, SoftDeleted, Timestamped, business_id_column, id_column, utcnow


class SegmentGroup(Timestamped, Base):
    __tablename__ = "segment_groups"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("segment_groups_id_seq")
    name: Mapped[str] = mapped_column(String(200))
    text_id: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(2000))
    parent_group_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        UniqueConstraint("business_id", "text_id"),
    )


class Segment(Timestamped, SoftDeleted, Base):
    __tablename__ = "segments"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("segments_id_seq")
    segment_group_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(2000))
    priority: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        ForeignKeyConstraint(["business_id"], ["businesses.id"]),
        ForeignKeyConstraint(["business_id", "segment_group_id"], ["segment_groups.business_id", "segment_groups.id"]),
        Index(None, "business_id", "segment_group_id"),
    )


class SegmentMember(Base):
    """A client's membership of a segment (CareCloud "segment record")."""

    __tablename__ = "segment_members"

    business_id: Mapped[int] = business_id_column()
    segment_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    client_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "segment_id"], ["segments.business_id", "segments.id"]),
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        Index(None, "business_id", "client_id"),
    )
