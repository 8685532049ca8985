"""What CareCloud says about stores (branches) beyond the branch itself: their values of the business's store
properties, and the store groups (location groups) branches belong to."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, KeyPart, TenantKeyed, TenantRecord, Timestamped
from ._keys import business_fk, links


class BranchFieldValue(TenantKeyed, Timestamped, Base):
    """A branch's value of one store property (a field definition of entity `branch`): at most one per property."""

    __tablename__ = "branch_field_values"

    branch_id: Mapped[KeyPart]
    field_id: Mapped[KeyPart]
    value: Mapped[str] = mapped_column(Text)

    __table_args__ = links(branch_id="branches", field_id="field_definitions")  # the store list's property filter


class LocationGroup(TenantRecord, Timestamped, Base):
    """A named group of branches (CareCloud store group, TimeTap location group): `Branch.location_group_id`."""

    __tablename__ = "location_groups"

    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (business_fk(),)
