"""The vocabularies a bill names (purchase types, purchase item types, payment types) and the business's default
earning rule, created at `tenant create` and, for a business created before they existed, on first use.

They are read-only on the CareCloud wire; `earns_points` of an item type and the earning rules are what an operator
tunes (core/earning.py applies them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base
from clientbook.store.models.purchases import (
    EarningRule,
    PaymentType,
    PurchaseItemType,
    PurchaseType,
)
from clientbook.store.repositories._base import RecordRepository
from clientbook.store.repositories.purchases import (
    EarningRuleRepository,
    PaymentTypeRepository,
    PurchaseItemTypeRepository,
    PurchaseTypeRepository,
)

from . import _records, point_types
from .errors import NotFound, PaymentTypeNotFound, PurchaseTypeNotFound
from .types import Tenant

V = TypeVar("V", bound=Base)


@dataclass(frozen=True)
class Default:
    text_id: str
    name: str
    earns_points: bool = True


# The vendor's own names (its purchase-item-types description lists these); an operator may rename them.
PURCHASE_TYPES = (
    Default("store", "Purchase in a store"),
    Default("eshop", "E-shop purchase"),
    Default("mobile_app", "Mobile application purchase"),
)
PURCHASE_ITEM_TYPES = (
    Default("store", "Transaction in a store"),
    Default("eshop", "E-commerce transaction"),
    Default("without_rewards", "Item without reward application"),
    Default("otc_without_loyalty", "OTC without loyalty", earns_points=False),
    Default("point_payments_only", "Point payments only", earns_points=False),
    Default("cancel", "Cancel", earns_points=False),
)
PAYMENT_TYPES = (
    Default("cash", "Cash"),
    Default("card", "Payment card"),
    Default("voucher", "Voucher"),
    Default("points", "Loyalty points"),
    Default("credits", "Credits"),
)
# One point for every whole unit of the bill's currency, in hundredths of a point (the ledger's scale).
DEFAULT_POINTS_PER_UNIT = 100


async def _add(
    session: AsyncSession, tenant: Tenant, repository: RecordRepository[V], record: V, entity: str, **values: object
) -> None:
    new = cast(Any, record)  # every record here is Timestamped and keyed (business_id, id)
    new.business_id, new.created_by, new.updated_by = tenant.business_id, tenant.actor, tenant.actor
    await _records.add_new(session, tenant, repository, record, entity, values)


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> None:
    """The vocabularies and the earning rule every business starts with; nothing when it has them already."""
    purchase_types = PurchaseTypeRepository(session)
    if await purchase_types.any(tenant.business_id):
        return
    for default in PURCHASE_TYPES:
        await _add(
            session, tenant, purchase_types, PurchaseType(), "purchase_type", name=default.name, text_id=default.text_id
        )
    item_types = PurchaseItemTypeRepository(session)
    for default in PURCHASE_ITEM_TYPES:
        values = {"name": default.name, "text_id": default.text_id, "earns_points": default.earns_points}
        await _add(session, tenant, item_types, PurchaseItemType(), "purchase_item_type", **values)
    payment_types = PaymentTypeRepository(session)
    for default in PAYMENT_TYPES:
        await _add(
            session, tenant, payment_types, PaymentType(), "payment_type", name=default.name, text_id=default.text_id
        )
    point_type = await point_types.ensure_defaults(session, tenant)
    values = {"point_type_id": point_type.id, "purchase_type_id": None, "points_per_unit": DEFAULT_POINTS_PER_UNIT}
    await _add(session, tenant, EarningRuleRepository(session), EarningRule(), "earning_rule", **values)


async def _list(session: AsyncSession, tenant: Tenant, repository: RecordRepository[V]) -> list[V]:
    await ensure_defaults(session, tenant)
    return await repository.list(tenant.business_id)


async def _get(
    tenant: Tenant, repository: RecordRepository[V], record_id: int, missing: type[NotFound], field: str
) -> V:
    return await _records.find(repository, tenant, record_id, missing, field=field)


async def list_purchase_types(session: AsyncSession, tenant: Tenant) -> list[PurchaseType]:
    return await _list(session, tenant, PurchaseTypeRepository(session))


async def list_item_types(session: AsyncSession, tenant: Tenant) -> list[PurchaseItemType]:
    return await _list(session, tenant, PurchaseItemTypeRepository(session))


async def list_payment_types(session: AsyncSession, tenant: Tenant) -> list[PaymentType]:
    return await _list(session, tenant, PaymentTypeRepository(session))


async def get_purchase_type(
    session: AsyncSession, tenant: Tenant, type_id: int, field: str = "purchase_type_id"
) -> PurchaseType:
    return await _get(tenant, PurchaseTypeRepository(session), type_id, PurchaseTypeNotFound, field)


async def item_types(session: AsyncSession, tenant: Tenant, ids: set[int]) -> dict[int, PurchaseItemType]:
    """The business's item types among `ids` (another business's are left out)."""
    return await PurchaseItemTypeRepository(session).get_many(tenant.business_id, ids)


async def get_payment_type(session: AsyncSession, tenant: Tenant, type_id: int) -> PaymentType:
    return await _get(tenant, PaymentTypeRepository(session), type_id, PaymentTypeNotFound, "id")


async def earning_rules(session: AsyncSession, tenant: Tenant) -> list[EarningRule]:
    return await EarningRuleRepository(session).list(tenant.business_id)
