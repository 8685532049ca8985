"""Purchases: the vocabularies a bill names, earning rules, purchases and their items."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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

from ._base import RecordRepository


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
class PurchaseQuery:
    client_id: int | None = None
    branch_id: int | None = None
    purchase_type_id: int | None = None
    external_id: str | None = None
    paid_from: datetime | None = None
    paid_to: datetime | None = None
    ids: Collection[int] | None = None
    sort: str = "id"  # a key of PURCHASE_SORT
    descending: bool = False
    offset: int = 0
    count: int = 100


PURCHASE_SORT: dict[str, Any] = {
    "id": Purchase.id,
    "client_id": Purchase.client_id,
    "branch_id": Purchase.branch_id,
    "external_id": Purchase.external_id,
    "paid_at": Purchase.paid_at,
    "items_count": Purchase.items_count,
    "purchase_type_id": Purchase.purchase_type_id,
    "total_price": Purchase.total_price,
    "currency": Purchase.currency,
    "card_number": Purchase.card_number,
    "cashdesk_number": Purchase.cashdesk_number,
    "updated_at": Purchase.updated_at,
}

ITEM_SORT: dict[str, Any] = {
    "id": PurchaseItem.id,
    "position": PurchaseItem.position,
    "product_code": PurchaseItem.product_code,
    "name": PurchaseItem.name,
    "bill_item_id": PurchaseItem.bill_item_id,
    "item_type_id": PurchaseItem.item_type_id,
    "price": PurchaseItem.price,
    "quantity": PurchaseItem.quantity,
    "vat_rate": PurchaseItem.vat_rate,
}


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
        if q.client_id is not None:
            where.append(Purchase.client_id == q.client_id)
        if q.branch_id is not None:
            where.append(Purchase.branch_id == q.branch_id)
        if q.purchase_type_id is not None:
            where.append(Purchase.purchase_type_id == q.purchase_type_id)
        if q.external_id is not None:
            where.append(Purchase.external_id == q.external_id)
        if q.paid_from is not None:
            where.append(Purchase.paid_at >= q.paid_from)
        if q.paid_to is not None:
            where.append(Purchase.paid_at <= q.paid_to)
        if q.ids is not None:
            where.append(Purchase.id.in_(q.ids))
        return where

    async def page(self, business_id: int, q: PurchaseQuery) -> tuple[builtins.list[Purchase], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching purchases."""
        where = self._where(business_id, q)
        column = PURCHASE_SORT[q.sort]
        order = [column.desc(), Purchase.id.desc()] if q.descending else [column.asc(), Purchase.id.asc()]
        query = select(Purchase).where(*where).order_by(*order).offset(q.offset).limit(q.count)
        total = await self.session.scalar(select(func.count()).select_from(Purchase).where(*where))
        return builtins.list(await self.session.scalars(query)), int(total or 0)

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
        column = ITEM_SORT[sort]
        order = [column.desc(), PurchaseItem.id.desc()] if descending else [column.asc(), PurchaseItem.id.asc()]
        query = select(PurchaseItem).where(*where).order_by(*order).offset(offset).limit(count)
        total = await self.session.scalar(select(func.count()).select_from(PurchaseItem).where(*where))
        return builtins.list(await self.session.scalars(query)), int(total or 0)

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
