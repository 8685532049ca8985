"""Store groups: named groups of branches, the location groups TimeTap filters clients by (`locationGroupIdList`),
so a branch belongs to at most one (`Branch.location_group_id`). The operator creates them and places branches;
CareCloud reads them, and a store's store-group records are its one membership."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Branch, LocationGroup
from clientbook.store.repositories.stores import LocationGroupRepository
from clientbook.store.repositories.tenancy import BranchRepository

from . import tenants
from ._records import add_new, check_lengths, find, raise_if, save_changes
from .errors import FieldError, Reason, StoreGroupNotFound
from .types import Tenant


async def create(session: AsyncSession, tenant: Tenant, name: str) -> LocationGroup:
    values = {"name": name.strip()}
    errors = [] if values["name"] else [FieldError("name", Reason.REQUIRED, "name is required")]
    check_lengths(LocationGroup, values, errors)
    raise_if(errors)
    group = LocationGroup(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    await add_new(session, tenant, LocationGroupRepository(session), group, "location_group", values)
    return group


async def get(session: AsyncSession, tenant: Tenant, group_id: int, *, field: str = "store_group_id") -> LocationGroup:
    return await find(LocationGroupRepository(session), tenant, group_id, StoreGroupNotFound, field=field)


async def named(session: AsyncSession, tenant: Tenant, name_contains: str | None = None) -> list[LocationGroup]:
    """The business's groups whose name holds `name_contains` (case-insensitive), in id order."""
    return await LocationGroupRepository(session).named(tenant.business_id, name_contains)


async def place(session: AsyncSession, tenant: Tenant, branch_id: int, group_id: int | None) -> Branch:
    """Put the branch in the group (None: in none), with the branch's `updated` event."""
    branch = await tenants.get_branch(session, tenant, branch_id)
    if group_id is not None:
        await get(session, tenant, group_id)
    await save_changes(session, tenant, BranchRepository(session), branch, "branch", {"location_group_id": group_id})
    return branch
