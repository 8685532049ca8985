"""Customer statuses: the tiers of a business's loyalty programme (Basic, Silver, Gold) and what earns each.

A tier is earned one of three ways (`qualification`): `base` is every customer's starting tier, `manual` is only ever
set by hand, `turnover` is earned once the customer's purchases in the tier's currency over the last
`qualification_months` months (None: ever) reach `qualification_turnover`. Tiers compare by `rank`, higher is better.
The rule that applies them after each purchase is `status_records.recalculate`; an operator tunes it by changing the
tiers (`configure`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import get_territory_currencies
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.statuses import Status
from clientbook.store.repositories.statuses import StatusRepository

from . import events
from ._records import check_lengths, find, raise_if, save_changes
from .errors import FieldError, Reason, StatusNotFound, ValidationFailed
from .types import Tenant

BASE, MANUAL, TURNOVER = "base", "manual", "turnover"
QUALIFICATIONS = (BASE, MANUAL, TURNOVER)
CENTS = 100  # turnover thresholds are kept in hundredths of their currency
FALLBACK_CURRENCY = "EUR"


@dataclass(frozen=True)
class Tier:
    text_id: str
    name: str
    description: str
    rank: int
    qualification: str
    turnover: Decimal = Decimal(0)
    qualification_months: int | None = None
    validity_months: int | None = None
    discount: int = 0


# What a new business starts with: two turnover tiers over a rolling year, each held for a year once earned (and
# renewed by qualifying again). Thresholds are in the currency of the business's region.
DEFAULT_TIERS = (
    Tier("basic", "Basic", "Every customer's starting status.", 0, BASE),
    Tier("silver", "Silver", "Purchases of 500 within 12 months.", 1, TURNOVER, Decimal(500), 12, 12, 5),
    Tier("gold", "Gold", "Purchases of 2000 within 12 months.", 2, TURNOVER, Decimal(2000), 12, 12, 10),
)


def home_currency(region: str) -> str:
    """The currency of the business's region today (`CZ` → `CZK`), the one its default thresholds are in."""
    try:
        found = get_territory_currencies(region.upper(), date.today())
    except (KeyError, ValueError):
        found = []
    return str(found[0]) if found else FALLBACK_CURRENCY


def _status(tenant: Tenant, tier: Tier, currency: str) -> Status:
    return Status(
        business_id=tenant.business_id,
        name=tier.name,
        text_id=tier.text_id,
        description=tier.description,
        rank=tier.rank,
        qualification=tier.qualification,
        qualification_turnover=int(tier.turnover * CENTS),
        currency=currency,
        qualification_months=tier.qualification_months,
        validity_months=tier.validity_months,
        discount=tier.discount,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )


async def ensure_defaults(session: AsyncSession, tenant: Tenant) -> list[Status]:
    """The business's tiers in rank order; the default ones are created (with their events) at `tenant create`,
    and by the first statuses call of a business founded before migration 0015."""
    repository = StatusRepository(session)
    found = await repository.list(tenant.business_id)
    if found:
        return found
    currency = home_currency(tenant.default_region)
    try:
        async with session.begin_nested():
            for tier in DEFAULT_TIERS:
                status = _status(tenant, tier, currency)
                await repository.add(status)
                changes = {"name": status.name, "text_id": status.text_id, "qualification": status.qualification}
                await events.record(session, tenant, "status", status.id, "created", changes)
    except IntegrityError:  # a concurrent first call created them: read theirs
        pass
    return await repository.list(tenant.business_id)


async def list_all(session: AsyncSession, tenant: Tenant) -> list[Status]:
    return await ensure_defaults(session, tenant)


async def get(session: AsyncSession, tenant: Tenant, status_id: int, *, field: str = "status_id") -> Status:
    await ensure_defaults(session, tenant)
    return await find(StatusRepository(session), tenant, status_id, StatusNotFound, field=field)


def neighbours(tiers: list[Status], status: Status) -> tuple[Status | None, Status | None]:
    """The tiers ranked just below and just above `status` (the wire's previous and next status)."""
    lower = [t for t in tiers if t.rank < status.rank]
    higher = [t for t in tiers if t.rank > status.rank]
    below = max(lower, key=lambda t: (t.rank, t.id)) if lower else None
    above = min(higher, key=lambda t: (t.rank, t.id)) if higher else None
    return below, above


@dataclass(frozen=True)
class TierChanges:
    """An operator's change of a tier (the CLI); None leaves a value as it is."""

    name: str | None = None
    qualification: str | None = None
    turnover: Decimal | None = None
    currency: str | None = None
    qualification_months: int | None = None
    validity_months: int | None = None
    discount: int | None = None
    rank: int | None = None


def _checked(changes: TierChanges) -> dict[str, object]:
    values: dict[str, object] = {}
    if changes.name is not None:
        if not changes.name.strip():
            raise ValidationFailed.single("name", Reason.REQUIRED, "name is required")
        values["name"] = changes.name.strip()
    if changes.qualification is not None:
        if changes.qualification not in QUALIFICATIONS:
            message = f"qualification must be one of {', '.join(QUALIFICATIONS)}"
            raise ValidationFailed.single("qualification", Reason.NOT_ALLOWED, message, changes.qualification)
        values["qualification"] = changes.qualification
    if changes.turnover is not None:
        if changes.turnover < 0 or changes.turnover != round(changes.turnover, 2):
            message = "turnover must be 0 or more, with at most two decimals"
            raise ValidationFailed.single("turnover", Reason.NOT_ALLOWED, message, str(changes.turnover))
        values["qualification_turnover"] = int(changes.turnover * CENTS)
    if changes.currency is not None:
        if len(changes.currency) != 3 or not changes.currency.isalpha():
            message = "currency must be an ISO 4217 code"
            raise ValidationFailed.single("currency", Reason.INVALID_FORMAT, message, changes.currency)
        values["currency"] = changes.currency.upper()
    for name in ("qualification_months", "validity_months", "discount", "rank"):
        value = getattr(changes, name)
        if value is not None:
            if value < 0 or (name.endswith("months") and value == 0):
                raise ValidationFailed.single(name, Reason.NOT_ALLOWED, f"{name} must be more than 0", value)
            values[name] = value
    return values


async def configure(session: AsyncSession, tenant: Tenant, text_id: str, changes: TierChanges) -> Status:
    """Change what earns a tier and for how long it is held (an operator's tuning of the rule)."""
    values = _checked(changes)
    errors: list[FieldError] = []
    check_lengths(Status, values, errors)
    raise_if(errors)
    await ensure_defaults(session, tenant)
    repository = StatusRepository(session)
    status = await repository.by_text_id(tenant.business_id, text_id)
    if status is None:
        raise StatusNotFound(field="text_id", id=text_id)
    await save_changes(session, tenant, repository, status, "status", values)
    return status
