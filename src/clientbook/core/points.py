"""Loyalty points as a ledger.

Every assign, reduce, transfer and reservation writes point records (the ledger) with their reason; a customer's
point records, history and balances derive from it. The balance row per (business, customer, point type) is the
guard: a spend is one `UPDATE … SET available = available - :n WHERE available >= :n` whose row count decides, so
concurrent spends through separate transactions never take the balance below zero (the row lock orders them and the
second re-checks the WHERE against the first's committed result). Reserved points leave `available` for `reserved`
until freed or lapsed. Points lapse at their lot's `valid_to`; lapsed lots and reservations are settled (ledger
entries `expire`, `reservation_lapsed`) by the next write on that balance, before it is checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.loyalty import PointRecord, PointReservation, PointType
from clientbook.store.repositories.loyalty import (
    PointBalanceRepository,
    PointRecordRepository,
    PointReservationRepository,
    RecordQuery,
)

from . import clients, partners, point_types

# Re-exported: amounts in hundredths are the points' unit everywhere (vouchers, purchases, the dialects).
from ._ledger import SCALE as SCALE
from ._ledger import beyond_balance, transfer_checked, use_lots, write_entry
from ._ledger import from_units as from_units
from ._ledger import note as ledger_note
from ._ledger import to_units as to_units
from .errors import PointRecordNotFound, PointReservationNotFound, Reason, ValidationFailed
from .types import Tenant

MAX_EXTERNAL_ID = 200

# The ledger's reasons. Point records are the entries that move points; reservations show in the history only.
ASSIGN, REDUCE, TRANSFER_IN, TRANSFER_OUT, EXPIRE = "assign", "reduce", "transfer_in", "transfer_out", "expire"
RESERVE, FREE, RESERVATION_LAPSED = "reserve", "free", "reservation_lapsed"
PURCHASE_OPERATIONS = PURCHASE, PURCHASE_PAYMENT, PURCHASE_CANCEL = ("purchase", "purchase_payment", "purchase_cancel")
POINT_RECORD_OPERATIONS = (ASSIGN, REDUCE, TRANSFER_IN, TRANSFER_OUT, EXPIRE, *PURCHASE_OPERATIONS)


def _valid_to(point_type: PointType, now: datetime) -> datetime | None:
    return None if point_type.validity_days is None else now + timedelta(days=point_type.validity_days)


async def _write(session: AsyncSession, tenant: Tenant, record: PointRecord) -> PointRecord:
    records = PointRecordRepository(session)
    return await write_entry(
        session, tenant, records, record, "point_type_id", note=record.note, purchase_id=record.purchase_id
    )


async def _settle(session: AsyncSession, tenant: Tenant, client_id: int, point_type_id: int, now: datetime) -> None:
    """Lock the balance row, then give back lapsed reservations and write off lapsed lots (never below zero: points
    a live reservation holds stay held)."""
    balances = PointBalanceRepository(session)
    await balances.lock(tenant.business_id, client_id, point_type_id)
    for reservation in await PointReservationRepository(session).lapsed(
        tenant.business_id, client_id, point_type_id, now
    ):
        await _release(session, tenant, reservation, state=2, operation=RESERVATION_LAPSED)
    for lot in await PointRecordRepository(session).lots(tenant.business_id, client_id, point_type_id):
        if lot.valid_to is None or lot.valid_to > now:
            break  # lots come lapsing-first
        balance = await balances.lock(tenant.business_id, client_id, point_type_id)
        lapsed = min(lot.remaining, balance.available)
        await PointRecordRepository(session).save(lot, {"remaining": 0})
        if lapsed and await balances.take(tenant.business_id, client_id, point_type_id, lapsed, hold=False):
            entry = PointRecord(client_id=client_id, point_type_id=point_type_id, operation=EXPIRE, amount=-lapsed)
            entry.note = f"points of record {lot.id} lapsed"
            await _write(session, tenant, entry)


async def _spend(
    session: AsyncSession, tenant: Tenant, client_id: int, point_type: PointType, units: int, *, hold: bool = False
) -> None:
    """Take `units` off the customer's available points (into reserved when `hold`), or refuse naming `amount`."""
    now = utcnow()
    await _settle(session, tenant, client_id, point_type.id, now)
    balances = PointBalanceRepository(session)
    if not await balances.take(tenant.business_id, client_id, point_type.id, units, hold=hold):
        balance = await balances.lock(tenant.business_id, client_id, point_type.id)
        raise beyond_balance(units, balance.available, "points")
    if hold:
        return  # reserved points stay in their lots until spent
    records = PointRecordRepository(session)
    await use_lots(records, await records.lots(tenant.business_id, client_id, point_type.id), units)


async def earn(session: AsyncSession, tenant: Tenant, record: PointRecord, point_type: PointType) -> PointRecord:
    """Write the lot `record` (its operation and reason set by the caller), valid per the point type."""
    now = utcnow()
    await _settle(session, tenant, record.client_id, point_type.id, now)
    record.remaining = record.amount
    record.valid_to = _valid_to(point_type, now)
    await PointBalanceRepository(session).give(
        tenant.business_id, record.client_id, point_type.id, record.amount, release=False
    )
    return await _write(session, tenant, record)


async def spend(session: AsyncSession, tenant: Tenant, record: PointRecord, point_type: PointType) -> PointRecord:
    """Write the spend `record` (negative `amount`, its operation and reason the caller's); refused like `reduce`."""
    await _spend(session, tenant, record.client_id, point_type, -record.amount)
    return await _write(session, tenant, record)


async def _entry(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    amount: Decimal | float | str | None,
    point_type_id: int | None,
    partner_id: int | None,
    note: str | None,
    operation: str,
) -> tuple[PointRecord, PointType]:
    """What an assign or a reduce refuses before it writes (the amount, the note, the customer, the point type and
    the partner, one of the business's when named); the entry it would write, negative for a reduce."""
    units = to_units(amount)
    text = ledger_note(note)
    await clients.get(session, tenant, client_id, field="client_id")
    point_type = await point_types.resolve(session, tenant, point_type_id)
    if partner_id is not None:
        await partners.get(session, tenant, partner_id)
    signed = -units if operation == REDUCE else units
    record = PointRecord(client_id=client_id, point_type_id=point_type.id, operation=operation, amount=signed)
    record.partner_id = None if partner_id is None else str(partner_id)
    record.note = text
    return record, point_type


async def assign(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    amount: Decimal | float | str | None,
    *,
    point_type_id: int | None = None,
    partner_id: int | None = None,
    note: str | None = None,
) -> PointRecord:
    """Credit the customer with `amount` points of the type (the default one when none), valid per the type."""
    record, point_type = await _entry(session, tenant, client_id, amount, point_type_id, partner_id, note, ASSIGN)
    return await earn(session, tenant, record, point_type)


async def reduce(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    amount: Decimal | float | str | None,
    *,
    point_type_id: int | None = None,
    partner_id: int | None = None,
    note: str | None = None,
) -> PointRecord:
    """Redeem `amount` of the customer's available points; refused (amount) beyond them, writing nothing."""
    record, point_type = await _entry(session, tenant, client_id, amount, point_type_id, partner_id, note, REDUCE)
    return await spend(session, tenant, record, point_type)


async def transfer(
    session: AsyncSession,
    tenant: Tenant,
    from_client_id: int,
    to_client_id: int,
    amount: Decimal | float | str | None,
    *,
    point_type_id: int | None,
    note: str | None = None,
) -> tuple[PointRecord, PointRecord]:
    """Move points from one customer to another: an outgoing and an incoming entry, valid anew for the receiver."""
    units, text = await transfer_checked(session, tenant, from_client_id, to_client_id, amount, note)
    point_type = await point_types.resolve(session, tenant, point_type_id)
    await PointBalanceRepository(session).lock_all(tenant.business_id, (from_client_id, to_client_id), point_type.id)
    await _spend(session, tenant, from_client_id, point_type, units)
    out = PointRecord(client_id=from_client_id, point_type_id=point_type.id, operation=TRANSFER_OUT, amount=-units)
    out.counterpart_client_id, out.note = to_client_id, text
    await _write(session, tenant, out)
    received = PointRecord(client_id=to_client_id, point_type_id=point_type.id, operation=TRANSFER_IN, amount=units)
    received.counterpart_client_id, received.note = from_client_id, text
    return out, await earn(session, tenant, received, point_type)


async def reserve(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    external_id: str | None,
    amount: Decimal | float | str | None,
    *,
    expires_at: datetime | None = None,
    point_type_id: int | None = None,
) -> PointReservation:
    """Hold `amount` of the customer's available points under the caller's `external_id` (unique per business)."""
    units = to_units(amount)
    key = (external_id or "").strip()
    if not key:
        raise ValidationFailed.single("external_id", Reason.REQUIRED, "external_id is required")
    if len(key) > MAX_EXTERNAL_ID:
        message = f"external_id is longer than {MAX_EXTERNAL_ID} characters"
        raise ValidationFailed.single("external_id", Reason.TOO_LONG, message, external_id)
    now = utcnow()
    if expires_at is not None and expires_at <= now:
        message = "expires_at must be in the future"
        raise ValidationFailed.single("expires_at", Reason.NOT_ALLOWED, message, expires_at.isoformat())
    await clients.get(session, tenant, client_id, field="client_id")
    point_type = await point_types.resolve(session, tenant, point_type_id)
    reservations = PointReservationRepository(session)
    if await reservations.by_external_id(tenant.business_id, key) is not None:
        message = f"a point reservation with external_id {key} exists already"
        raise ValidationFailed.single("external_id", Reason.ALREADY_EXISTS, message, key)
    await _spend(session, tenant, client_id, point_type, units, hold=True)
    reservation = PointReservation(
        business_id=tenant.business_id,
        client_id=client_id,
        point_type_id=point_type.id,
        external_id=key,
        amount=units,
        state=1,
        expires_at=expires_at,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    await reservations.add(reservation)
    entry = PointRecord(client_id=client_id, point_type_id=point_type.id, operation=RESERVE, amount=0)
    entry.reservation_id, entry.note = reservation.id, f"{from_units(units):g} points reserved as {key}"
    await _write(session, tenant, entry)
    return reservation


async def _release(
    session: AsyncSession, tenant: Tenant, reservation: PointReservation, *, state: int, operation: str
) -> None:
    await PointBalanceRepository(session).give(
        tenant.business_id, reservation.client_id, reservation.point_type_id, reservation.amount, release=True
    )
    await PointReservationRepository(session).save(reservation, {"state": state, "updated_by": tenant.actor})
    entry = PointRecord(
        client_id=reservation.client_id, point_type_id=reservation.point_type_id, operation=operation, amount=0
    )
    entry.reservation_id = reservation.id
    entry.note = f"{from_units(reservation.amount):g} points of reservation {reservation.external_id} released"
    await _write(session, tenant, entry)


async def free(session: AsyncSession, tenant: Tenant, external_id: str | None) -> PointReservation:
    """Give the reserved points back; a reservation freed or lapsed already is refused (external_id)."""
    key = (external_id or "").strip()
    if not key:
        raise ValidationFailed.single("external_id", Reason.REQUIRED, "external_id is required")
    reservations = PointReservationRepository(session)
    found = await reservations.by_external_id(tenant.business_id, key)
    if found is None:
        raise PointReservationNotFound(field="external_id", id=key)
    await PointBalanceRepository(session).lock(tenant.business_id, found.client_id, found.point_type_id)
    reservation = await reservations.by_external_id(tenant.business_id, key, lock=True)
    assert reservation is not None
    if reservation.state != 1 or (reservation.expires_at is not None and reservation.expires_at <= utcnow()):
        message = f"point reservation {key} is not active"
        raise ValidationFailed.single("external_id", Reason.NOT_ALLOWED, message, key)
    await _release(session, tenant, reservation, state=0, operation=FREE)
    return reservation


# ---- reading -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    client_id: int | None = None
    point_type_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    partner_id: str | None = None
    operation_contains: str | None = None
    note_contains: str | None = None
    branch_id: int | None = None  # entries of purchases in this store
    sort: str = "id"
    descending: bool = False
    offset: int = 0
    count: int = 100


async def _query(
    session: AsyncSession, tenant: Tenant, given: Listing, operations: Sequence[str] | None
) -> tuple[list[PointRecord], int]:
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    if given.point_type_id is not None:
        await point_types.get(session, tenant, given.point_type_id)
    query = RecordQuery(operations=operations, **given.__dict__)
    return await PointRecordRepository(session).page(tenant.business_id, query)


async def list_records(session: AsyncSession, tenant: Tenant, given: Listing) -> tuple[list[PointRecord], int]:
    """Point records (entries that moved points), one page and the exact total."""
    return await _query(session, tenant, given, POINT_RECORD_OPERATIONS)


async def history(session: AsyncSession, tenant: Tenant, given: Listing) -> tuple[list[PointRecord], int]:
    """Every ledger entry, reservations included, one page and the exact total."""
    return await _query(session, tenant, given, None)


async def get_record(session: AsyncSession, tenant: Tenant, record_id: int) -> PointRecord:
    found = await PointRecordRepository(session).get(tenant.business_id, record_id)
    if found is None or found.operation not in POINT_RECORD_OPERATIONS:
        raise PointRecordNotFound(field="id", id=record_id)
    return found


async def available(session: AsyncSession, tenant: Tenant, client_id: int) -> dict[int, tuple[float, float]]:
    """Per point type: (available, reserved) points of the customer, as the balance rows keep them."""
    rows = await PointBalanceRepository(session).of_client(tenant.business_id, client_id)
    return {row.point_type_id: (from_units(row.available), from_units(row.reserved)) for row in rows}


async def list_reservations(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None = None,
    external_id: str | None = None,
    sort: str = "id",
    descending: bool = False,
    offset: int = 0,
    count: int = 100,
) -> tuple[list[PointReservation], int]:
    return await PointReservationRepository(session).page(
        tenant.business_id,
        client_id=client_id,
        external_id=external_id,
        sort=sort,
        descending=descending,
        offset=offset,
        count=count,
    )


async def get_reservation(session: AsyncSession, tenant: Tenant, reservation_id: int) -> PointReservation:
    found = await PointReservationRepository(session).get(tenant.business_id, reservation_id)
    if found is None:
        raise PointReservationNotFound(field="id", id=reservation_id)
    return found
