"""Product brands and product groups: the catalogue's structure, loaded in batches by the integrations that own it
(a POS, an e-shop) and found again by their `external_id`, unique per business.

A batch writes every item or none: every item is checked first, and a refusal names `<field>.<n>.<attribute>`.
An item naming a record (its id, or an external id the business has) updates it with the attributes it gives;
others are created. Attributes a batch leaves out stay as they are (the vendor's rule: a batch never erases)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.products import ProductBrand, ProductGroup
from clientbook.store.repositories.products import (
    CatalogueQuery,
    ProductBrandRepository,
    ProductGroupRepository,
    lock_catalogue,
)

from . import _records, partners, tenants
from .errors import FieldError, NotFound, ProductBrandNotFound, ProductGroupNotFound, Reason, ValidationFailed
from .types import Tenant

# A catalogue list's filters, paging and order: the repository's query as it is (the core adds no rule to reading).
Listing = CatalogueQuery
MAX_BATCH = 1000
STATES = (0, 1, 2)


class Batch:
    """The refusals of one batch, named `<field>.<n>.<attribute>`, raised together before anything is written."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.errors: list[FieldError] = []
        self.keys: set[str] = set()

    def refuse(self, index: int, attribute: str, reason: Reason, message: str, value: object = None) -> None:
        self.errors.append(FieldError(f"{self.field}.{index}.{attribute}", reason, message, value))

    def text(self, index: int, attribute: str, value: str | None, *, required: bool, limit: int = 100) -> str | None:
        """A stripped text attribute; None when absent (refused when `required`)."""
        text = (value or "").strip() or None
        if text is None and required:
            self.refuse(index, attribute, Reason.REQUIRED, f"{attribute} is required")
        elif text is not None and len(text) > limit:
            self.refuse(index, attribute, Reason.TOO_LONG, f"{attribute} is longer than {limit} characters", value)
        return text

    def key(self, index: int, key: str | None, record_id: int | None, holder: Any) -> None:
        """An item's external_id: once per batch, and not another record's when the item names its record by id."""
        if key is None:
            return
        if key in self.keys:
            self.refuse(index, "external_id", Reason.ALREADY_EXISTS, "external_id is given twice in the batch", key)
        elif record_id is not None and holder is not None and holder.id != record_id:
            self.refuse(index, "external_id", Reason.ALREADY_EXISTS, "another record has this external_id", key)
        self.keys.add(key)

    def done(self) -> None:
        _records.raise_if(self.errors)


async def begin(session: AsyncSession, tenant: Tenant, field: str, items: Sequence[object]) -> None:
    """Start a batch: at most MAX_BATCH items, and the business's other catalogue loads wait until it is done (each
    reads which keys exist before it inserts the new ones)."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, f"{field} holds at most {MAX_BATCH} items")
    await lock_catalogue(session, tenant.business_id)


async def refers(
    session: AsyncSession, tenant: Tenant, batch: Batch, index: int, attribute: str, found: Any, record_id: int | None
) -> None:
    """Refuse `record_id` (named by `attribute`) when `found` (a lookup coroutine) says the business has none."""
    if record_id is None:
        return
    try:
        await found(session, tenant, record_id)
    except NotFound:
        batch.refuse(index, attribute, Reason.NOT_FOUND, f"{attribute} {record_id} not found", record_id)


async def find_branch(session: AsyncSession, tenant: Tenant, branch_id: int) -> object:
    return await tenants.get_branch(session, tenant, branch_id)


async def find_partner(session: AsyncSession, tenant: Tenant, partner_id: int) -> object:
    return await partners.get(session, tenant, partner_id)


# ---- brands ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandItem:
    id: int | None = None
    name: str | None = None
    external_id: str | None = None


async def load_brands(
    session: AsyncSession, tenant: Tenant, items: Sequence[BrandItem], *, field: str = "product_brands"
) -> list[ProductBrand]:
    """Create or update every brand of the batch (found by id, else by external_id), or none."""
    await begin(session, tenant, field, items)
    batch, repository = Batch(field), ProductBrandRepository(session)
    checked = []
    for index, item in enumerate(items):
        name = batch.text(index, "name", item.name, required=True, limit=200)
        key = batch.text(index, "external_id", item.external_id, required=True)
        checked.append({"name": name, "external_id": key})
    by_id = await repository.get_many(tenant.business_id, [i.id for i in items if i.id is not None])
    by_key = await repository.by_external_ids(
        tenant.business_id, {c["external_id"] for c in checked if c["external_id"]}
    )
    for index, item in enumerate(items):
        if item.id is not None and item.id not in by_id:
            batch.refuse(index, "id", Reason.NOT_FOUND, f"product brand {item.id} not found", item.id)
        key = checked[index]["external_id"]
        batch.key(index, key, item.id, by_key.get(key or ""))
    batch.done()
    written = []
    for item, values in zip(items, checked, strict=True):
        found = by_id.get(item.id) if item.id is not None else by_key.get(str(values["external_id"]))
        found = await _records.add_or_save(session, tenant, repository, found, ProductBrand, "product_brand", values)
        by_key[found.external_id] = found
        written.append(found)
    return written


async def get_brand(session: AsyncSession, tenant: Tenant, brand_id: int) -> ProductBrand:
    return await _records.find(ProductBrandRepository(session), tenant, brand_id, ProductBrandNotFound, field="id")


async def list_brands(session: AsyncSession, tenant: Tenant, q: CatalogueQuery) -> tuple[list[ProductBrand], int]:
    return await ProductBrandRepository(session).page(tenant.business_id, q)


# ---- groups ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupItem:
    id: int | None = None
    name: str | None = None
    external_id: str | None = None
    parent_id: int | None = None
    parent_external_id: str | None = None
    code: str | None = None
    branch_id: int | None = None
    partner_id: int | None = None
    state: int | None = None


def _group_values(batch: Batch, index: int, item: GroupItem) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": batch.text(index, "name", item.name, required=True, limit=200),
        "external_id": batch.text(index, "external_id", item.external_id, required=True),
    }
    code = batch.text(index, "code", item.code, required=False)
    if code is not None:
        values["code"] = code
    for attribute in ("branch_id", "partner_id", "state"):
        if getattr(item, attribute) is not None:
            values[attribute] = getattr(item, attribute)
    if item.state is not None and item.state not in STATES:
        batch.refuse(index, "state", Reason.NOT_ALLOWED, "state must be 0, 1 or 2", item.state)
    return values


async def load_groups(
    session: AsyncSession, tenant: Tenant, items: Sequence[GroupItem], *, field: str = "product_groups"
) -> list[ProductGroup]:
    """Create or update every group of the batch, or none. A parent is named by id or external id, and may be a
    group given earlier in the same batch; a group is never its own ancestor."""
    await begin(session, tenant, field, items)
    batch, repository = Batch(field), ProductGroupRepository(session)
    checked = [_group_values(batch, index, item) for index, item in enumerate(items)]
    ids = {i.id for i in items if i.id is not None} | {i.parent_id for i in items if i.parent_id is not None}
    by_id = await repository.get_many(tenant.business_id, ids)
    keys = {v["external_id"] for v in checked if v["external_id"]}
    keys |= {i.parent_external_id for i in items if i.parent_external_id}
    by_key = await repository.by_external_ids(tenant.business_id, keys)
    for index, item in enumerate(items):
        if item.id is not None and item.id not in by_id:
            batch.refuse(index, "id", Reason.NOT_FOUND, f"product group {item.id} not found", item.id)
        if item.parent_id is not None and item.parent_id not in by_id:
            batch.refuse(index, "parent_id", Reason.NOT_FOUND, f"product group {item.parent_id} not found")
        parent_key = item.parent_external_id
        if parent_key and parent_key not in by_key and parent_key not in batch.keys:  # a parent given earlier
            batch.refuse(index, "parent_external_id", Reason.NOT_FOUND, f"no product group {parent_key} (yet)")
        await refers(session, tenant, batch, index, "branch_id", find_branch, item.branch_id)
        await refers(session, tenant, batch, index, "partner_id", find_partner, item.partner_id)
        key = checked[index]["external_id"]
        batch.key(index, key, item.id, by_key.get(key or ""))
    batch.done()
    written = []
    for index, (item, values) in enumerate(zip(items, checked, strict=True)):
        found = by_id.get(item.id) if item.id is not None else by_key.get(str(values["external_id"]))
        parent = by_id.get(item.parent_id) if item.parent_id is not None else by_key.get(item.parent_external_id or "")
        if parent is not None:
            values["parent_id"] = parent.id
            if found is not None and await _descends(repository, tenant, parent, found.id):
                batch.refuse(index, "parent_id", Reason.NOT_ALLOWED, "a group cannot be its own ancestor")
                batch.done()
        found = await _records.add_or_save(session, tenant, repository, found, ProductGroup, "product_group", values)
        by_key[found.external_id] = by_id[found.id] = found
        written.append(found)
    return written


async def _descends(repository: ProductGroupRepository, tenant: Tenant, group: ProductGroup, ancestor: int) -> bool:
    """Whether `group` is `ancestor` or lies below it (a short walk up the tree)."""
    seen: set[int] = set()
    current: ProductGroup | None = group
    while current is not None and current.id not in seen:
        if current.id == ancestor:
            return True
        seen.add(current.id)
        current = None if current.parent_id is None else await repository.get(tenant.business_id, current.parent_id)
    return False


async def get_group(session: AsyncSession, tenant: Tenant, group_id: int) -> ProductGroup:
    return await _records.find(ProductGroupRepository(session), tenant, group_id, ProductGroupNotFound, field="id")


async def list_groups(session: AsyncSession, tenant: Tenant, q: CatalogueQuery) -> tuple[list[ProductGroup], int]:
    return await ProductGroupRepository(session).page(tenant.business_id, q)


async def external_ids(session: AsyncSession, tenant: Tenant, group_ids: Sequence[int]) -> dict[int, str]:
    """The external id of each group (a group's answer names its parent's)."""
    found = await ProductGroupRepository(session).get_many(tenant.business_id, set(group_ids))
    return {group_id: group.external_id for group_id, group in found.items()}
