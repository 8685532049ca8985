"""Branches' values of store properties, and location (store) groups."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import ColumnElement, func, select

from clientbook.store.models import BranchFieldValue, LocationGroup

from ._base import RecordRepository, Repository


class BranchFieldValueRepository(Repository):
    async def values_for(self, business_id: int, branch_ids: Collection[int]) -> dict[int, dict[int, str]]:
        """Each branch's values (field id → text), in one query."""
        found: dict[int, dict[int, str]] = defaultdict(dict)
        if branch_ids:
            rows = await self.session.scalars(
                select(BranchFieldValue).where(
                    BranchFieldValue.business_id == business_id, BranchFieldValue.branch_id.in_(branch_ids)
                )
            )
            for row in rows:
                found[row.branch_id][row.field_id] = row.value
        return found

    async def branches_with(self, business_id: int, field_id: int, value: str) -> set[int]:
        """The branches holding `value` for the field (through the (business_id, field_id) index)."""
        rows = await self.session.scalars(
            select(BranchFieldValue.branch_id).where(
                BranchFieldValue.business_id == business_id,
                BranchFieldValue.field_id == field_id,
                BranchFieldValue.value == value,
            )
        )
        return set(rows)

    async def set_value(
        self, business_id: int, branch_id: int, field_id: int, value: str | None, actor: str | None
    ) -> None:
        record = await self.session.get(BranchFieldValue, (business_id, branch_id, field_id))
        if record is None:
            if value is not None:
                new = BranchFieldValue(
                    business_id=business_id, branch_id=branch_id, field_id=field_id, value=value, created_by=actor
                )
                await self.add(new)
        elif value is None:
            await self.delete_row(record)
        else:
            await self.save(record, {"value": value, "updated_by": actor})


class LocationGroupRepository(RecordRepository[LocationGroup]):
    model = LocationGroup

    async def named(self, business_id: int, name_contains: str | None) -> builtins.list[LocationGroup]:
        where: builtins.list[ColumnElement[bool]] = [LocationGroup.business_id == business_id]
        if name_contains:
            where.append(func.lower(LocationGroup.name).contains(name_contains.lower(), autoescape=True))
        return builtins.list(await self.session.scalars(select(LocationGroup).where(*where).order_by(LocationGroup.id)))
