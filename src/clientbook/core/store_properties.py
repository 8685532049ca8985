"""Store properties: the business's custom fields of its branches (field definitions of entity `branch`, typed like
customer properties), and a store's values of them as property records, one per (store, property).

Values are checked against their property's type by the customer properties' own rules (`customer_properties.stored`)
before anything is written; each write records a `branch` `properties_set` event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import FieldDefinition
from clientbook.store.repositories.stores import BranchFieldValueRepository

from . import events, fields, tenants
from .customer_properties import Given, Holding, Value, checked, one_of, stored, typed
from .errors import StorePropertyNotFound
from .types import Tenant

ENTITY = "branch"


async def list_properties(session: AsyncSession, tenant: Tenant) -> list[FieldDefinition]:
    """The business's active store properties, in its field order."""
    return [d for d in await fields.definitions(session, tenant, ENTITY) if d.active]


async def create_property(session: AsyncSession, tenant: Tenant, new: fields.NewField) -> FieldDefinition:
    """A new store property (the operator's; CareCloud only reads them)."""
    return await fields.create(session, tenant, new, ENTITY)


async def get_property(
    session: AsyncSession, tenant: Tenant, property_id: int, *, field: str = "property_id"
) -> FieldDefinition:
    found = await list_properties(session, tenant)
    return one_of(found, lambda d: d.id, property_id, StorePropertyNotFound, field)


@dataclass(frozen=True)
class StorePropertyRecord:
    branch_id: int
    definition: FieldDefinition
    value: Value


async def records(session: AsyncSession, tenant: Tenant, branch_id: int) -> list[StorePropertyRecord]:
    """The store's property values, in the business's field order."""
    await tenants.get_branch(session, tenant, branch_id, field="store_id")
    values = (await BranchFieldValueRepository(session).values_for(tenant.business_id, [branch_id])).get(branch_id, {})
    return [
        StorePropertyRecord(branch_id, d, typed(d, values[d.id]))
        for d in await list_properties(session, tenant)
        if d.id in values
    ]


async def get_record(session: AsyncSession, tenant: Tenant, branch_id: int, property_id: int) -> StorePropertyRecord:
    found = await records(session, tenant, branch_id)
    return one_of(found, lambda r: r.definition.id, property_id, StorePropertyNotFound, "property_id")


async def write(session: AsyncSession, tenant: Tenant, branch_id: int, given: Sequence[Given], *, new: bool) -> None:
    """Write the store's values, all or none. `new` refuses a property the store has a value of already
    (`already_exists`: change it with an update); an update of one it has none of is StorePropertyNotFound."""
    current = {r.definition.id for r in await records(session, tenant, branch_id)}
    values = checked(
        given, await list_properties(session, tenant), current, Holding("store", StorePropertyNotFound, new)
    )
    await _set(session, tenant, branch_id, dict(values))


async def clear(session: AsyncSession, tenant: Tenant, branch_id: int, property_id: int) -> None:
    """Remove the store's value of the property (StorePropertyNotFound when it holds none)."""
    await get_record(session, tenant, branch_id, property_id)
    await _set(session, tenant, branch_id, {property_id: None})


async def _set(session: AsyncSession, tenant: Tenant, branch_id: int, values: dict[int, str | None]) -> None:
    repository = BranchFieldValueRepository(session)
    for field_id, value in values.items():
        await repository.set_value(tenant.business_id, branch_id, field_id, value, tenant.actor)
    changes = {str(field_id): value for field_id, value in values.items()}
    await events.record(session, tenant, "branch", branch_id, "properties_set", changes)


async def stores_with(session: AsyncSession, tenant: Tenant, property_id: int, value: str) -> set[int]:
    """The stores whose value of the property is `value` (as its type keeps it: `true`, `2026-01-31`, `12.5`); a
    property the business does not have, or a value its type cannot hold, matches none."""
    known = {d.id: d for d in await list_properties(session, tenant)}
    definition = known.get(property_id)
    if definition is None:
        return set()
    raw: object = value
    if definition.data_type == "CHECKBOX":
        raw = value.strip().lower() in ("true", "1")
    text, error = stored(definition, raw, "property_value")
    if error is not None or text is None:
        return set()
    return await BranchFieldValueRepository(session).branches_with(tenant.business_id, property_id, text)
