"""Products: what rewards and purchase items point at, loaded in batches by the POS or e-shop that owns the
catalogue (core/product_catalogue.py has the batch rules: all or nothing, refusals named `<field>.<n>.<attribute>`,
an update never erases).

A product is found again by its id or by any of its codes: a code is a (list, code) pair (the spec's `plu_ids`:
`list_code` names one of the POS's product lists), unique in the business. An item whose codes match an existing
product updates it and adds the codes it did not have; codes of two different products in one item are refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.products import Product
from clientbook.store.repositories.products import (
    CatalogueQuery,
    ProductBrandRepository,
    ProductGroupRepository,
    ProductRepository,
)

from . import _records, product_catalogue, reference_data
from .errors import ProductNotFound, Reason
from .product_catalogue import Batch, refers
from .types import Tenant

MAX_PRICE = Decimal("1000000000")
Code = tuple[str, str]  # (list_code, code)


@dataclass(frozen=True)
class ProductItem:
    id: int | None = None
    name: str | None = None
    code: str | None = None
    codes: Sequence[Code] = ()
    group_id: int | None = None
    group_external_id: str | None = None
    brand_id: int | None = None
    brand_external_id: str | None = None
    branch_id: int | None = None
    partner_id: int | None = None
    prices: Sequence[tuple[str, Decimal | float | int | str]] = ()
    state: int | None = None
    # What the catalogue does not keep: refused rather than dropped, so an integration learns it at once.
    property_ids: Sequence[str] = field(default_factory=tuple)
    tags: int = 0


def _prices(batch: Batch, index: int, given: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """{currency: value as text}: known currencies, values from 0 with at most two decimals."""
    found: dict[str, str] = {}
    for n, (currency, value) in enumerate(given):
        code = (currency or "").strip().upper()
        if code not in reference_data.currency_codes():
            batch.refuse(index, f"prices.{n}.currency_id", Reason.NOT_FOUND, f"unknown currency {currency}", currency)
            continue
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or not 0 <= amount <= MAX_PRICE or amount != amount.quantize(Decimal("0.01")):
            message = f"value must be a price from 0 to {MAX_PRICE} with at most two decimals"
            batch.refuse(index, f"prices.{n}.value", Reason.NOT_ALLOWED, message, value)
            continue
        found[code] = str(amount.quantize(Decimal("0.01")))
    return found


def _codes(batch: Batch, index: int, given: Sequence[Code], *, required: bool) -> list[Code]:
    if not given and required:
        batch.refuse(index, "plu_ids", Reason.REQUIRED, "plu_ids is required (at least one code)")
    codes = []
    for n, (list_code, code) in enumerate(given):
        pair = (
            batch.text(index, f"plu_ids.{n}.list_code", list_code, required=True),
            batch.text(index, f"plu_ids.{n}.code", code, required=True),
        )
        if pair[0] is not None and pair[1] is not None:
            codes.append((pair[0], pair[1]))
    return list(dict.fromkeys(codes))


def _values(batch: Batch, index: int, item: ProductItem) -> dict[str, Any]:
    values: dict[str, Any] = {"name": batch.text(index, "name", item.name, required=True, limit=200)}
    code = batch.text(index, "code", item.code, required=False)
    if code is not None:
        values["code"] = code
    for attribute in ("branch_id", "partner_id", "state"):
        if getattr(item, attribute) is not None:
            values[attribute] = getattr(item, attribute)
    if item.state is not None and item.state not in (0, 1):
        batch.refuse(index, "state", Reason.NOT_ALLOWED, "state must be 0 or 1", item.state)
    for n, property_id in enumerate(item.property_ids):
        message = f"product property {property_id} not found: products carry no properties"
        batch.refuse(index, f"property_records.{n}.property_id", Reason.NOT_FOUND, message, property_id)
    if item.tags:
        batch.refuse(index, "tags", Reason.NOT_ALLOWED, "products carry no tags")
    return values


async def _links(session: AsyncSession, tenant: Tenant, batch: Batch, index: int, item: ProductItem) -> dict[str, Any]:
    """The group and brand the item names (by id or external id), and its store and partner, all the business's."""
    values: dict[str, Any] = {}
    groups, brands = ProductGroupRepository(session), ProductBrandRepository(session)
    for attribute, record_id, key, repository in (
        ("group", item.group_id, item.group_external_id, groups),
        ("brand", item.brand_id, item.brand_external_id, brands),
    ):
        found: Any = None
        if record_id is not None:
            found = await repository.get(tenant.business_id, record_id)
            if found is None:
                batch.refuse(index, f"{attribute}_id", Reason.NOT_FOUND, f"product {attribute} {record_id} not found")
        elif key:
            found = (await repository.by_external_ids(tenant.business_id, {key})).get(key)
            if found is None:
                batch.refuse(index, f"{attribute}_external_id", Reason.NOT_FOUND, f"no product {attribute} {key}")
        if found is not None:
            values[f"product_{attribute}_id"] = found.id
    await refers(session, tenant, batch, index, "branch_id", product_catalogue.find_branch, item.branch_id)
    await refers(session, tenant, batch, index, "partner_id", product_catalogue.find_partner, item.partner_id)
    return values


async def load(
    session: AsyncSession, tenant: Tenant, items: Sequence[ProductItem], *, field: str = "products"
) -> list[Product]:
    """Create or update every product of the batch, or none."""
    await product_catalogue.begin(session, tenant, field, items)
    batch, repository = Batch(field), ProductRepository(session)
    by_id = await repository.get_many(tenant.business_id, [i.id for i in items if i.id is not None])
    owners = await repository.owners(tenant.business_id, [c for i in items for c in i.codes])
    planned: list[tuple[ProductItem, dict[str, Any], dict[str, str], list[Code], int | None]] = []
    claimed: set[Code] = set()
    for index, item in enumerate(items):
        values = {**_values(batch, index, item), **await _links(session, tenant, batch, index, item)}
        prices = _prices(batch, index, item.prices)
        codes = _codes(batch, index, item.codes, required=item.id is None)
        if item.id is not None and item.id not in by_id:
            batch.refuse(index, "id", Reason.NOT_FOUND, f"product {item.id} not found", item.id)
        if any(c in claimed for c in codes):
            batch.refuse(index, "plu_ids", Reason.ALREADY_EXISTS, "a code of the item is given twice in the batch")
        claimed.update(codes)
        held = {owners[c] for c in codes if c in owners}
        target = item.id if item.id is not None else (min(held) if held else None)
        if held - {target}:
            batch.refuse(index, "plu_ids", Reason.ALREADY_EXISTS, "a code of the item belongs to another product")
        planned.append((item, values, prices, codes, target))
    batch.done()
    written: list[Product] = []
    for _item, values, prices, codes, target in planned:
        found = by_id.get(target) if target is not None else None
        if found is None and target is not None:
            found = await repository.get(tenant.business_id, target)
        if found is None:
            found = Product(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
            event = {"codes": [list(c) for c in codes]}
            await _records.add_new(
                session, tenant, repository, found, "product", {**values, "prices": prices}, event=event
            )
            new_codes = codes
        else:
            merged = {**(found.prices or {}), **prices}
            have = set((await repository.codes_of(tenant.business_id, [found.id]))[found.id])
            new_codes = [c for c in codes if c not in have]
            changes = {**values, "prices": merged}
            await _records.save_changes(session, tenant, repository, found, "product", changes)
        await repository.add_codes(tenant.business_id, found.id, new_codes)
        by_id[found.id] = found
        written.append(found)
    return written


async def get(session: AsyncSession, tenant: Tenant, product_id: int) -> Product:
    return await _records.find(ProductRepository(session), tenant, product_id, ProductNotFound, field="id")


async def listing(session: AsyncSession, tenant: Tenant, q: CatalogueQuery) -> tuple[list[Product], int]:
    return await ProductRepository(session).page(tenant.business_id, q)


async def codes_of(session: AsyncSession, tenant: Tenant, product_ids: Sequence[int]) -> dict[int, list[Code]]:
    return await ProductRepository(session).codes_of(tenant.business_id, product_ids)
