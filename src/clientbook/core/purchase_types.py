"""The vocabularies a bill names (purchase types, purchase item types, payment types): reference records
(core/reference.py) that operators manage with `clientbook loyalty <kind>`, read-only on the CareCloud wire.

Every business gets the vendor's usual set of each, and the default earning rule (core/earning_rules.py), at
`tenant create`; a business created before them gets them on its first purchases call. `earns_points` of an item
type is what core/earning.py reads to leave an item out of the eligible amount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base
from clientbook.store.models.purchases import PaymentType, PurchaseItemType, PurchaseType
from clientbook.store.repositories.purchases import EarningRuleRepository

from . import _records, earning_rules, reference
from .errors import NotFound, PaymentTypeNotFound, PurchaseItemTypeNotFound, PurchaseTypeNotFound
from .types import Tenant

R = TypeVar("R", bound=Base)


@dataclass(frozen=True)
class Default:
    text_id: str
    name: str
    earns_points: bool = True


# The vendor's own names (its purchase-item-types description lists these); the first of each is the kind's default.
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


def _kind(
    name: str, model: type[R], missing: type[NotFound], defaults: tuple[Default, ...]
) -> reference.ReferenceKind[R]:
    """The reference kind `name` ("purchase-types", events of entity "purchase_type"), its default the first of
    `defaults`."""
    entity = name.removesuffix("s").replace("-", "_")
    first = defaults[0]
    return reference.ReferenceKind(
        name=name, entity=entity, model=model, missing=missing, default_name=first.name, default_text_id=first.text_id
    )


PURCHASE_TYPE = _kind("purchase-types", PurchaseType, PurchaseTypeNotFound, PURCHASE_TYPES)
PURCHASE_ITEM_TYPE = _kind("purchase-item-types", PurchaseItemType, PurchaseItemTypeNotFound, PURCHASE_ITEM_TYPES)
PAYMENT_TYPE = _kind("payment-types", PaymentType, PaymentTypeNotFound, PAYMENT_TYPES)
VOCABULARIES: tuple[tuple[reference.ReferenceKind[Any], tuple[Default, ...]], ...] = (
    (PURCHASE_TYPE, PURCHASE_TYPES),
    (PURCHASE_ITEM_TYPE, PURCHASE_ITEM_TYPES),
    (PAYMENT_TYPE, PAYMENT_TYPES),
)


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> None:
    """The vocabularies and the earning rule every business starts with, made once: a business with an earning
    rule has had them (operators stop earning by setting a rule to 0, never by leaving a business without one)."""
    if await EarningRuleRepository(session).any(tenant.business_id):
        return
    for kind, defaults in VOCABULARIES:
        repository = kind.repository(session)
        for position, default in enumerate(defaults):
            if await repository.by_text_id(tenant.business_id, default.text_id) is not None:
                continue  # the kind's default, made by reference_kinds at tenant create
            values: dict[str, Any] = {"name": default.name, "text_id": default.text_id, "is_default": position == 0}
            if kind is PURCHASE_ITEM_TYPE:
                values["earns_points"] = default.earns_points
            record = kind.model(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
            await _records.add_new(session, tenant, repository, record, kind.entity, values)
    await earning_rules.ensure_default(session, tenant)


async def list_purchase_types(session: AsyncSession, tenant: Tenant) -> list[PurchaseType]:
    await ensure_defaults(session, tenant)
    return await reference.list_all(session, tenant, PURCHASE_TYPE)


async def list_item_types(session: AsyncSession, tenant: Tenant) -> list[PurchaseItemType]:
    await ensure_defaults(session, tenant)
    return await reference.list_all(session, tenant, PURCHASE_ITEM_TYPE)


async def list_payment_types(session: AsyncSession, tenant: Tenant) -> list[PaymentType]:
    await ensure_defaults(session, tenant)
    return await reference.list_all(session, tenant, PAYMENT_TYPE)


async def get_purchase_type(
    session: AsyncSession, tenant: Tenant, type_id: int, field: str = "purchase_type_id"
) -> PurchaseType:
    return await reference.get(session, tenant, PURCHASE_TYPE, type_id, field=field)


async def item_types(session: AsyncSession, tenant: Tenant, ids: set[int]) -> dict[int, PurchaseItemType]:
    """The business's item types among `ids` (another business's are left out)."""
    return await PURCHASE_ITEM_TYPE.repository(session).get_many(tenant.business_id, ids)


async def get_item_type(session: AsyncSession, tenant: Tenant, type_id: int, field: str = "id") -> PurchaseItemType:
    return await reference.get(session, tenant, PURCHASE_ITEM_TYPE, type_id, field=field)


async def get_payment_type(session: AsyncSession, tenant: Tenant, type_id: int) -> PaymentType:
    return await reference.get(session, tenant, PAYMENT_TYPE, type_id, field="id")


async def set_earns_points(session: AsyncSession, tenant: Tenant, type_id: int, earns: bool) -> PurchaseItemType:
    """Whether items of the type count towards what a purchase earns (the operator's `earns` command)."""
    item_type = await get_item_type(session, tenant, type_id)
    repository = PURCHASE_ITEM_TYPE.repository(session)
    await _records.save_changes(session, tenant, repository, item_type, "purchase_item_type", {"earns_points": earns})
    return item_type
