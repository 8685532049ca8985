"""The product catalogue: brands, groups, products and their codes in the POS's product lists."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base, Business
from clientbook.store.models.products import Product, ProductBrand, ProductCode, ProductGroup

from ._base import PageQuery, RecordRepository, matching

M = TypeVar("M", bound=Base)


@dataclass(frozen=True)
class CatalogueQuery(PageQuery):
    """Filters of a catalogue list (each one its resource offers); text filters match exactly but `name`, which
    matches a part, case-insensitively."""

    name: str | None = None
    code: str | None = None
    external_id: str | None = None
    list_code: str | None = None  # products: the product list `external_id` is a code in
    branch_id: int | None = None
    partner_id: int | None = None


def _name_contains(column: Any, q: CatalogueQuery) -> list[ColumnElement[bool]]:
    return [] if q.name is None else [func.lower(column).contains(q.name.lower(), autoescape=True)]


async def lock_catalogue(session: AsyncSession, business_id: int) -> None:
    """Make the business's catalogue loads take turns until the transaction ends (PostgreSQL; SQLite has one
    writer): a load reads which keys exist, then inserts the new ones, so two loads of one new key must not
    interleave. `FOR NO KEY UPDATE` on the business row leaves every other write of the business free (inserts
    referring to it take only a key-share lock)."""
    await session.execute(select(Business.id).where(Business.id == business_id).with_for_update(key_share=True))


class _ExternallyKeyed(RecordRepository[M]):
    """A catalogue table whose `external_id` (the POS's key) is unique per business: what a load looks up first."""

    async def by_external_ids(self, business_id: int, keys: Collection[str]) -> dict[str, M]:
        if not keys:
            return {}
        table = self._table
        query = select(self.model).where(table.c.business_id == business_id, table.c.external_id.in_(keys))
        return {cast(Any, record).external_id: record for record in await self.session.scalars(query)}


class ProductBrandRepository(_ExternallyKeyed[ProductBrand]):
    model = ProductBrand

    async def page(self, business_id: int, q: CatalogueQuery) -> tuple[list[ProductBrand], int]:
        where = [ProductBrand.business_id == business_id, *_name_contains(ProductBrand.name, q)]
        return await self.page_where(where, self._table.c[q.sort], q)


class ProductGroupRepository(_ExternallyKeyed[ProductGroup]):
    model = ProductGroup

    async def page(self, business_id: int, q: CatalogueQuery) -> tuple[list[ProductGroup], int]:
        where = [ProductGroup.business_id == business_id, *_name_contains(ProductGroup.name, q)]
        where.extend(matching(ProductGroup, q, "code external_id branch_id partner_id"))
        return await self.page_where(where, self._table.c[q.sort], q)


class ProductRepository(RecordRepository[Product]):
    model = Product

    async def page(self, business_id: int, q: CatalogueQuery) -> tuple[list[Product], int]:
        where = [Product.business_id == business_id, *_name_contains(Product.name, q)]
        where.extend(matching(Product, q, "code partner_id"))
        if q.external_id is not None or q.list_code is not None:
            codes = select(ProductCode.product_id).where(ProductCode.business_id == business_id)
            if q.external_id is not None:
                codes = codes.where(ProductCode.code == q.external_id)
            if q.list_code is not None:
                codes = codes.where(ProductCode.list_code == q.list_code)
            where.append(Product.id.in_(codes))
        return await self.page_where(where, self._table.c[q.sort], q)

    async def codes_of(self, business_id: int, product_ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        """Each product's (list_code, code) pairs, in list order."""
        found: dict[int, list[tuple[str, str]]] = {product_id: [] for product_id in product_ids}
        if not product_ids:
            return found
        query = select(ProductCode).where(
            ProductCode.business_id == business_id, ProductCode.product_id.in_(product_ids)
        )
        for row in await self.session.scalars(query.order_by(ProductCode.list_code, ProductCode.code)):
            found[row.product_id].append((row.list_code, row.code))
        return found

    async def owners(self, business_id: int, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The product holding each (list_code, code) pair the business has."""
        wanted = list(set(pairs))
        if not wanted:
            return {}
        query = select(ProductCode).where(
            ProductCode.business_id == business_id, tuple_(ProductCode.list_code, ProductCode.code).in_(wanted)
        )
        return {(row.list_code, row.code): row.product_id for row in await self.session.scalars(query)}

    async def add_codes(self, business_id: int, product_id: int, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [{"business_id": business_id, "list_code": lc, "code": c, "product_id": product_id} for lc, c in pairs]
        await self.add_rows(ProductCode.__table__, rows)  # type: ignore[arg-type]
