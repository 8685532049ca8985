"""Purchases: the vocabularies a bill names, earning rules, purchases and their items."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select, tuple_
from sqlalchemy.exc import IntegrityError

from clientbook.store.models import utcnow
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.products import Product, ProductCode
from clientbook.store.models.purchases import (
    EarningRule,
    PaymentType,
    Purchase,
    PurchaseItem,
    PurchaseItemType,
    PurchaseType,
)

from ._base import PageQuery, RecordRepository, in_range, matching, sort_keys


class PurchaseTypeRepository(RecordRepository[PurchaseType]):
    model = PurchaseType


class PurchaseItemTypeRepository(RecordRepository[PurchaseItemType]):
    model = PurchaseItemType


class PaymentTypeRepository(RecordRepository[PaymentType]):
    model = PaymentType


class EarningRuleRepository(RecordRepository[EarningRule]):
    model = EarningRule

    async def any(self, business_id: int) -> bool:
        query = select(EarningRule.id).where(EarningRule.business_id == business_id).limit(1)
        return await self.session.scalar(query) is not None


@dataclass(frozen=True)
class PurchaseQuery(PageQuery):
    """Sorted by a key of PURCHASE_SORT."""

    client_id: int | None = None
    branch_id: int | None = None
    purchase_type_id: int | None = None
    external_id: str | None = None
    paid_from: datetime | None = None
    paid_to: datetime | None = None
    ids: Collection[int] | None = None


PURCHASE_SORT = sort_keys(
    Purchase,
    "id client_id branch_id external_id paid_at items_count purchase_type_id total_price currency card_number "
    "cashdesk_number updated_at",
)

ITEM_SORT = sort_keys(PurchaseItem, "id position product_code name bill_item_id item_type_id price quantity vat_rate")


class PurchaseRepository(RecordRepository[Purchase]):
    model = Purchase

    async def by_external_id(self, business_id: int, external_id: str) -> Purchase | None:
        query = select(Purchase).where(Purchase.business_id == business_id, Purchase.external_id == external_id)
        return await self.session.scalar(query)

    async def add_once(self, purchase: Purchase) -> Purchase:
        """Insert the purchase, or find the one stored under its `external_id` already, also when a concurrent
        transaction stored it a moment ago: the unique index decides, not the read before it."""
        try:
            async with self.session.begin_nested():
                await self.add(purchase)
        except IntegrityError:
            stored = await self.by_external_id(purchase.business_id, purchase.external_id)
            if stored is None:
                raise
            return stored
        return purchase

    async def claim(
        self, business_id: int, purchase_id: int, client_id: int, card: str | None, actor: str | None
    ) -> bool:
        """Give the anonymous purchase its customer: one UPDATE guarded by `client_id IS NULL`, whose row count says
        whether this transaction did (a concurrent one that did first leaves it none)."""
        values = {"client_id": client_id, "card_number": card, "updated_at": utcnow(), "updated_by": actor}
        where = (Purchase.business_id == business_id, Purchase.id == purchase_id, Purchase.client_id.is_(None))
        return bool(await self.update_where(Purchase, values, *where, synchronize=False))

    async def fresh(self, business_id: int, purchase_id: int) -> Purchase:
        """The purchase as the database has it now (after a guarded UPDATE this session did not track)."""
        query = select(Purchase).where(Purchase.business_id == business_id, Purchase.id == purchase_id)
        found = await self.session.scalar(query.execution_options(populate_existing=True))
        assert found is not None
        return found

    def _where(self, business_id: int, q: PurchaseQuery) -> builtins.list[ColumnElement[bool]]:
        where = [Purchase.business_id == business_id]
        where.extend(matching(Purchase, q, "client_id branch_id purchase_type_id external_id"))
        where.extend(in_range(Purchase.paid_at, q.paid_from, q.paid_to))
        if q.ids is not None:
            where.append(Purchase.id.in_(q.ids))
        return where

    async def page(self, business_id: int, q: PurchaseQuery) -> tuple[builtins.list[Purchase], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching purchases."""
        return await self.page_where(self._where(business_id, q), PURCHASE_SORT[q.sort], q)

    async def turnover(self, business_id: int, client_id: int, currency: str, since: datetime | None) -> int:
        """What the customer's purchases in `currency` paid on or after `since` add up to, in hundredths: a
        cancellation bill repeats its original's figures, so it counts negatively and the two cancel out."""
        signed = case((Purchase.canceled.is_(True), -Purchase.total_price), else_=Purchase.total_price)
        where = [Purchase.business_id == business_id, Purchase.client_id == client_id, Purchase.currency == currency]
        if since is not None:
            where.append(Purchase.paid_at >= since)
        return int(await self.session.scalar(select(func.coalesce(func.sum(signed), 0)).where(*where)) or 0)


class PurchaseItemRepository(RecordRepository[PurchaseItem]):
    model = PurchaseItem

    async def of_purchases(
        self, business_id: int, purchase_ids: Collection[int]
    ) -> dict[int, builtins.list[PurchaseItem]]:
        """The items of each purchase, in bill order."""
        found: dict[int, builtins.list[PurchaseItem]] = {i: [] for i in purchase_ids}
        if not purchase_ids:
            return found
        query = select(PurchaseItem).where(
            PurchaseItem.business_id == business_id, PurchaseItem.purchase_id.in_(purchase_ids)
        )
        for item in await self.session.scalars(query.order_by(PurchaseItem.purchase_id, PurchaseItem.position)):
            found[item.purchase_id].append(item)
        return found

    async def page(
        self, business_id: int, purchase_id: int, *, sort: str, descending: bool, offset: int, count: int
    ) -> tuple[builtins.list[PurchaseItem], int]:
        where = [PurchaseItem.business_id == business_id, PurchaseItem.purchase_id == purchase_id]
        q = PageQuery(sort=sort, descending=descending, offset=offset, count=count)
        return await self.page_where(where, ITEM_SORT[sort], q)

    async def catalogue(self, business_id: int, items: Collection[PurchaseItem]) -> dict[int, Product]:
        """The catalogue product each item names by one of its (list_code, code) pairs, by item id (one query; an
        item naming none of the business's products is left out)."""
        pairs = {(p["list_code"], p["code"]) for i in items for p in (i.extra or {}).get("plu_ids", [])}
        if not pairs:
            return {}
        query = (
            select(ProductCode.list_code, ProductCode.code, Product)
            .join(Product, (Product.business_id == ProductCode.business_id) & (Product.id == ProductCode.product_id))
            .where(ProductCode.business_id == business_id, tuple_(ProductCode.list_code, ProductCode.code).in_(pairs))
        )
        products = {(row.list_code, row.code): row.Product for row in await self.session.execute(query)}
        found: dict[int, Product] = {}
        for item in items:
            for pair in (item.extra or {}).get("plu_ids", []):
                product = products.get((pair["list_code"], pair["code"]))
                if product is not None:
                    found[item.id] = product
                    break
        return found


class PurchasePointRepository(RecordRepository[PointRecord]):
    """The ledger entries a purchase wrote (what it earned and what paid for it)."""

    model = PointRecord

    async def of_purchase(
        self, business_id: int, purchase_id: int, *, operations: Sequence[str], offset: int = 0, count: int = 100
    ) -> tuple[builtins.list[PointRecord], int]:
        where = [
            PointRecord.business_id == business_id,
            PointRecord.purchase_id == purchase_id,
            PointRecord.operation.in_(operations),
        ]
        query = select(PointRecord).where(*where).order_by(PointRecord.id).offset(offset).limit(count)
        total = await self.session.scalar(select(func.count()).select_from(PointRecord).where(*where))
        return builtins.list(await self.session.scalars(query)), int(total or 0)
