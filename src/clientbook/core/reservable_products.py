"""Reservable products: the services, rooms and practitioners' hours a practice lets clients book. Each has a length,
a capacity (how many bookings one time slot takes) and weekly opening hours in the business's time zone; its time
slots follow from those (core/time_slots.py). Created and changed by the operator (`clientbook reservable-products`);
CareCloud only reads them."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.reservable_products import ReservableProduct
from clientbook.store.repositories.reservable_products import ReservableProductRepository

from . import staff, tenants
from ._records import add_new, check_lengths, find, raise_if, save_changes, soft_delete
from .changes import UNSET, Changes, Unset
from .errors import FieldError, Reason, ReservableProductNotFound
from .types import Tenant

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")  # CareCloud's `day_id`s, in `date.weekday()` order
MAX_DURATION_MINUTES = 24 * 60
MAX_CAPACITY = 1000
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


@dataclass(frozen=True, slots=True)
class Opening:
    """One opening interval of a weekday (`day` as `date.weekday()`), local wall-clock time."""

    day: int
    opens: time
    closes: time


@dataclass(frozen=True, kw_only=True)
class ProductChanges(Changes):
    name: str | Unset = UNSET
    code: str | Unset | None = UNSET
    branch_id: int | Unset | None = UNSET
    staff_id: int | Unset | None = UNSET
    duration_minutes: int | Unset = UNSET
    capacity: int | Unset = UNSET
    opening_hours: builtins.list[dict[str, str]] | Unset = UNSET  # [{"day": "MON", "from": "09:00", "to": "17:00"}]


def _clock(raw: Any) -> time | None:
    match = _TIME.match(raw) if isinstance(raw, str) else None
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)) if match else None


def opening_of(product: ReservableProduct) -> builtins.list[Opening]:
    """The product's stored opening hours (validated when written)."""
    result = []
    for entry in product.opening_hours or []:
        opens, closes = _clock(entry.get("from")), _clock(entry.get("to"))
        if entry.get("day") in DAYS and opens is not None and closes is not None:
            result.append(Opening(DAYS.index(entry["day"]), opens, closes))
    return result


def _opening_errors(entries: Any) -> builtins.list[FieldError]:
    if not isinstance(entries, builtins.list):
        return [FieldError("opening_hours", Reason.INVALID_FORMAT, "opening_hours must be a list of intervals")]
    errors = []
    for index, entry in enumerate(entries):
        field = f"opening_hours.{index}"
        if not isinstance(entry, dict) or entry.get("day") not in DAYS:
            errors.append(FieldError(f"{field}.day", Reason.NOT_ALLOWED, f"day is one of {', '.join(DAYS)}"))
            continue
        opens, closes = _clock(entry.get("from")), _clock(entry.get("to"))
        if opens is None or closes is None:
            errors.append(FieldError(field, Reason.INVALID_FORMAT, "from and to are times as HH:MM[:SS]"))
        elif opens >= closes:
            errors.append(FieldError(f"{field}.to", Reason.NOT_ALLOWED, "an interval closes after it opens"))
    return errors


def _value_errors(values: dict[str, Any], current: ReservableProduct | None) -> builtins.list[FieldError]:
    errors: builtins.list[FieldError] = []
    if not (values["name"] if "name" in values else getattr(current, "name", None)):
        errors.append(FieldError("name", Reason.REQUIRED, "name is required"))
    duration = values.get("duration_minutes", getattr(current, "duration_minutes", None))
    if not isinstance(duration, int) or not 0 < duration <= MAX_DURATION_MINUTES:
        errors.append(
            FieldError(
                "duration_minutes", Reason.NOT_ALLOWED, "duration is 1 to 1440 minutes", values.get("duration_minutes")
            )
        )
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or not 0 < capacity <= MAX_CAPACITY):
        errors.append(FieldError("capacity", Reason.NOT_ALLOWED, "capacity is 1 to 1000 bookings", capacity))
    if "opening_hours" in values:
        errors += _opening_errors(values["opening_hours"])
    check_lengths(ReservableProduct, values, errors)
    return errors


async def _validate(
    session: AsyncSession, tenant: Tenant, values: dict[str, Any], current: ReservableProduct | None
) -> None:
    for key in ("name", "code"):
        if isinstance(values.get(key), str):
            values[key] = values[key].strip() or None
    raise_if(_value_errors(values, current))
    if values.get("branch_id") is not None:
        await tenants.get_branch(session, tenant, values["branch_id"], field="branch_id")
    if values.get("staff_id") is not None:
        await staff.get(session, tenant, values["staff_id"], field="staff_id")


async def create(session: AsyncSession, tenant: Tenant, changes: ProductChanges) -> ReservableProduct:
    values = changes.given()
    await _validate(session, tenant, values, None)
    product = ReservableProduct(
        business_id=tenant.business_id,
        capacity=1,
        opening_hours=[],
        extra={},
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await add_new(session, tenant, ReservableProductRepository(session), product, "reservable_product", values)
    return product


async def update(session: AsyncSession, tenant: Tenant, product_id: int, changes: ProductChanges) -> ReservableProduct:
    product = await get(session, tenant, product_id)
    values = changes.given()
    await _validate(session, tenant, values, product)
    await save_changes(session, tenant, ReservableProductRepository(session), product, "reservable_product", values)
    return product


async def delete(session: AsyncSession, tenant: Tenant, product_id: int) -> None:
    product = await get(session, tenant, product_id)
    await soft_delete(session, tenant, ReservableProductRepository(session), product, "reservable_product")


async def get(
    session: AsyncSession, tenant: Tenant, product_id: int, *, field: str = "reservable_product_id"
) -> ReservableProduct:
    return await find(ReservableProductRepository(session), tenant, product_id, ReservableProductNotFound, field=field)


async def matching(
    session: AsyncSession,
    tenant: Tenant,
    *,
    name_contains: str | None = None,
    code: str | None = None,
    branch_id: int | None = None,
) -> builtins.list[ReservableProduct]:
    """The business's live products whose name holds `name_contains` (case-insensitive), with that code, at that
    store: a short list (a practice offers tens of products), so callers sort and page it themselves."""
    return await ReservableProductRepository(session).matching(
        tenant.business_id, name_contains=name_contains, code=code, branch_id=branch_id
    )
