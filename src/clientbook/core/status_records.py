"""Status records: which tier a customer holds, from when to when, and the rule that moves them up after a purchase.

A customer holds at most one record in force. Setting a status (by hand, or by the rule) ends the one in force now:
it reads state 2 with `valid_to` cut to the moment it was replaced, so the records are the customer's history.

The rule (`recalculate`, run by a purchase in its own transaction): the customer earns the highest-ranked tier whose
condition their purchases meet (`base`: always; `turnover`: purchases in the tier's currency over its qualification
period reach its threshold; `manual` tiers are never earned). A higher tier than the one held replaces it, valid
for the tier's `validity_months` from now; earning the tier held renews it for as long again; a lower one changes
nothing: a status never drops on a purchase, it lapses at its `valid_to`."""

from __future__ import annotations

import calendar
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.statuses import Status, StatusRecord
from clientbook.store.repositories.statuses import HistoryQuery, StatusRecordRepository

from . import clients, events, statuses
from .errors import Reason, ValidationFailed
from .types import Tenant

MANUAL, PURCHASES = "manual", "purchases"  # who set a record (`reason`)

# The customer's purchase total in `currency` since a moment (None: every purchase ever); the purchases core passes
# one reading its own ledger, so this module never needs to know how purchases are stored.
Turnover = Callable[[str, datetime | None], Awaitable[Decimal]]


def plus_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by whole calendar months, the day clamped to the month's length (Jan 31 + 1 = Feb 28)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _held_until(status: Status, start: datetime) -> datetime | None:
    return None if status.validity_months is None else plus_months(start, status.validity_months)


async def _write(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    status: Status,
    valid_from: datetime,
    valid_to: datetime | None,
    reason: str,
) -> StatusRecord:
    """End the customer's record in force and add the new one (the caller holds the customer's lock)."""
    now = utcnow()
    repository = StatusRecordRepository(session)
    for current in await repository.in_force(tenant.business_id, client_id, now):
        ended = max(current.valid_from, now)
        await repository.save(current, {"state": 2, "valid_to": ended, "updated_by": tenant.actor})
        await events.record(session, tenant, "status_record", current.id, "updated", {"state": 2, "valid_to": ended})
    record = StatusRecord(
        business_id=tenant.business_id,
        client_id=client_id,
        status_id=status.id,
        valid_from=valid_from,
        valid_to=valid_to,
        state=1,
        reason=reason,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await repository.add(record)
    changes = {"client_id": client_id, "status_id": status.id, "valid_from": valid_from, "valid_to": valid_to}
    await events.record(session, tenant, "status_record", record.id, "created", {**changes, "reason": reason})
    return record


async def set_status(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    status_id: int,
    *,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
) -> StatusRecord:
    """Give the customer a status by hand, from `valid_from` (now) to `valid_to` (the tier's validity from then),
    ending the one in force. Any tier may be set this way, `manual` ones included."""
    now = utcnow()
    start = valid_from or now
    if valid_to is not None and (valid_to <= start or valid_to <= now):
        message = "valid_to must be later than valid_from and than now"
        raise ValidationFailed.single("valid_to", Reason.NOT_ALLOWED, message, valid_to.isoformat())
    await clients.get(session, tenant, client_id, field="client_id")
    status = await statuses.get(session, tenant, status_id)
    await StatusRecordRepository(session).lock_customer(tenant.business_id, client_id)
    end = valid_to if valid_to is not None else _held_until(status, start)
    return await _write(session, tenant, client_id, status, start, end, MANUAL)


async def earned_tier(tiers: list[Status], turnover: Turnover, now: datetime) -> Status | None:
    """The highest-ranked tier the customer's purchases earn (None when no tier is earned automatically)."""
    totals: dict[tuple[str, datetime | None], Decimal] = {}
    for tier in sorted(tiers, key=lambda t: (t.rank, t.id), reverse=True):
        if tier.qualification == statuses.BASE:
            return tier
        if tier.qualification != statuses.TURNOVER:
            continue
        since = None if tier.qualification_months is None else plus_months(now, -tier.qualification_months)
        key = (tier.currency, since)
        if key not in totals:
            totals[key] = await turnover(tier.currency, since)
        if totals[key] * statuses.CENTS >= tier.qualification_turnover:
            return tier
    return None


async def recalculate(session: AsyncSession, tenant: Tenant, client_id: int, turnover: Turnover) -> StatusRecord | None:
    """Apply the rule after a purchase of the customer (module docstring); the record in force afterwards, or None
    when the customer holds no status and earns none."""
    now = utcnow()
    tiers = await statuses.ensure_defaults(session, tenant)
    repository = StatusRecordRepository(session)
    await repository.lock_customer(tenant.business_id, client_id)
    current = await in_force(session, tenant, client_id)
    held = next((t for t in tiers if current is not None and t.id == current.status_id), None)
    earned = await earned_tier(tiers, turnover, now)
    if earned is None or (held is not None and earned.rank < held.rank):
        return current
    if current is not None and held is not None and earned.id == held.id:
        renewed = _held_until(earned, now)
        if current.valid_to is not None and (renewed is None or renewed > current.valid_to):
            await repository.save(current, {"valid_to": renewed, "updated_by": tenant.actor})
            await events.record(session, tenant, "status_record", current.id, "updated", {"valid_to": renewed})
        return current
    if held is not None and earned.rank == held.rank:
        return current  # another tier of the same rank is no step up
    return await _write(session, tenant, client_id, earned, now, _held_until(earned, now), PURCHASES)


# ---- reading -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    client_id: int
    valid_now: bool | None = None
    sort: str = "id"
    descending: bool = False
    offset: int = 0
    count: int = 100


async def history(session: AsyncSession, tenant: Tenant, given: History) -> tuple[list[StatusRecord], int]:
    """One page of the customer's status records, replaced and lapsed ones included, and the exact total."""
    await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    query = HistoryQuery(now=utcnow(), **given.__dict__)
    return await StatusRecordRepository(session).page(tenant.business_id, query)


async def in_force(session: AsyncSession, tenant: Tenant, client_id: int) -> StatusRecord | None:
    """The customer's status record valid now, if any."""
    now = utcnow()
    found = await StatusRecordRepository(session).in_force(tenant.business_id, client_id, now)
    return next((r for r in found if r.valid_from <= now), None)
