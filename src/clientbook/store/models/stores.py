"""What CareCloud says about stores (branches) beyond the branch itself: their values of the business's store
properties, and the store groups (location groups) branches belong to."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, Timestamped, business_id_column, id_column


class BranchFieldValue(Timestamped, Base):
    """A branch's value of one store property (a field definition of entity `branch`): at most one per property."""

    __tablename__ = "branch_field_values"

    business_id: Mapped[int] = business_id_column()
    branch_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    field_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    value: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "branch_id"], ["branches.business_id", "branches.id"]),
        ForeignKeyConstraint(["business_id", "field_id"], ["field_definitions.business_id", "field_definitions.id"]),
        Index(None, "business_id", "field_id"),  # the store list's property filter
    )


class LocationGroup(Timestamped, Base):
    """A named group of branches (CareCloud store group, TimeTap location group): `Branch.location_group_id`."""

    __tablename__ = "location_groups"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("location_groups_id_seq")
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (ForeignKeyConstraint(["business_id"], ["businesses.id"]),)
