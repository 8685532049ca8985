"""Credits as a ledger: the points ledger's rules (core/points.py) for money in a customer's wallet.

Every deposit, reduce and transfer writes credit records with their reason; a customer's credits, history and
balances derive from them. The balance row per (business, customer, credit type) is the guard: a spend is one
`UPDATE … SET available = available - :n WHERE available >= :n` whose row count decides, so concurrent spends
through separate transactions never take the balance below zero. Credits are in their credit type's currency and
do not lapse; a deposit or reduce may name one of the business's partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.credits import CreditRecord, CreditType
from clientbook.store.repositories.credits import CreditBalanceRepository, CreditQuery, CreditRecordRepository

from . import clients, credit_types, partners
from ._ledger import Amount, beyond_balance, from_units, to_units, transfer_checked, use_lots, write_entry
from ._ledger import note as ledger_note
from .errors import CreditRecordNotFound, Reason, ValidationFailed
from .types import Tenant

# The ledger's reasons, as `credit_operation_type` shows them.
DEPOSIT, REDUCE, TRANSFER_IN, TRANSFER_OUT = "deposit", "reduce", "transfer_in", "transfer_out"


def _currency(credit_type: CreditType, given: str | None) -> str:
    """The credit type's currency; a caller naming another is refused (a wallet never mixes money)."""
    if given is None or not given.strip():
        return credit_type.currency
    if given.strip().upper() != credit_type.currency:
        message = f"currency_id must be {credit_type.currency}, the currency of credit type {credit_type.id}"
        raise ValidationFailed.single("currency", Reason.NOT_ALLOWED, message, given)
    return credit_type.currency


async def _write(session: AsyncSession, tenant: Tenant, record: CreditRecord) -> CreditRecord:
    more = {"currency": record.currency, "partner_id": record.partner_id, "note": record.note}
    return await write_entry(session, tenant, CreditRecordRepository(session), record, "credit_type_id", **more)


async def _spend(session: AsyncSession, tenant: Tenant, client_id: int, credit_type_id: int, units: int) -> None:
    """Take `units` off the customer's balance (oldest lots first), or refuse naming `amount`, writing nothing."""
    balances = CreditBalanceRepository(session)
    balance = await balances.lock(tenant.business_id, client_id, credit_type_id)
    if not await balances.take(tenant.business_id, client_id, credit_type_id, units):
        raise beyond_balance(units, balance.available, "credits")
    records = CreditRecordRepository(session)
    await use_lots(records, await records.lots(tenant.business_id, client_id, credit_type_id), units)


async def _earn(session: AsyncSession, tenant: Tenant, record: CreditRecord) -> CreditRecord:
    balances = CreditBalanceRepository(session)
    await balances.lock(tenant.business_id, record.client_id, record.credit_type_id)
    record.remaining = record.amount
    await balances.give(tenant.business_id, record.client_id, record.credit_type_id, record.amount)
    return await _write(session, tenant, record)


@dataclass(frozen=True)
class Change:
    """A deposit or a reduce, as a caller gives it: ids left None take the business's defaults."""

    client_id: int
    amount: Amount
    credit_type_id: int | None = None
    partner_id: int | None = None
    currency: str | None = None
    note: str | None = None


async def _checked(session: AsyncSession, tenant: Tenant, given: Change, operation: str, sign: int) -> CreditRecord:
    """What a deposit or a reduce refuses before it writes; the record it would write."""
    units = to_units(given.amount)
    text = ledger_note(given.note)
    await clients.get(session, tenant, given.client_id, field="client_id")
    credit_type = await credit_types.resolve(session, tenant, given.credit_type_id)
    currency = _currency(credit_type, given.currency)
    if given.partner_id is not None:
        await partners.get(session, tenant, given.partner_id)
    return CreditRecord(
        client_id=given.client_id,
        credit_type_id=credit_type.id,
        operation=operation,
        amount=sign * units,
        currency=currency,
        partner_id=given.partner_id,
        note=text,
    )


async def deposit(session: AsyncSession, tenant: Tenant, given: Change) -> CreditRecord:
    """Credit the customer's wallet of the type (the default one when none) with `amount`."""
    return await _earn(session, tenant, await _checked(session, tenant, given, DEPOSIT, 1))


async def reduce(session: AsyncSession, tenant: Tenant, given: Change) -> CreditRecord:
    """Spend `amount` of the customer's credits; refused (amount) beyond the balance, writing nothing."""
    record = await _checked(session, tenant, given, REDUCE, -1)
    await _spend(session, tenant, record.client_id, record.credit_type_id, -record.amount)
    return await _write(session, tenant, record)


async def transfer(
    session: AsyncSession,
    tenant: Tenant,
    from_client_id: int,
    to_client_id: int,
    amount: Amount,
    *,
    credit_type_id: int,
    currency: str | None = None,
    note: str | None = None,
) -> tuple[CreditRecord, CreditRecord]:
    """Move credits from one customer to another: an outgoing and an incoming entry of the same type."""
    units, text = await transfer_checked(session, tenant, from_client_id, to_client_id, amount, note)
    credit_type = await credit_types.get(session, tenant, credit_type_id)
    money = _currency(credit_type, currency)
    await CreditBalanceRepository(session).lock_all(tenant.business_id, (from_client_id, to_client_id), credit_type.id)
    await _spend(session, tenant, from_client_id, credit_type.id, units)
    common = {"credit_type_id": credit_type.id, "currency": money, "note": text}
    out = CreditRecord(
        client_id=from_client_id, operation=TRANSFER_OUT, amount=-units, counterpart_client_id=to_client_id, **common
    )
    await _write(session, tenant, out)
    received = CreditRecord(
        client_id=to_client_id, operation=TRANSFER_IN, amount=units, counterpart_client_id=from_client_id, **common
    )
    return out, await _earn(session, tenant, received)


# ---- reading -----------------------------------------------------------------------------------------------------


# The filters, sort and page of `list_records`: exactly the repository's query.
Listing = CreditQuery


async def list_records(session: AsyncSession, tenant: Tenant, given: Listing) -> tuple[list[CreditRecord], int]:
    """Credit records (every ledger entry), one page and the exact total; the filters' ids must be the business's."""
    if given.client_id is not None:
        await clients.get(session, tenant, given.client_id, field="client_id", include_deleted=True)
    if given.credit_type_id is not None:
        await credit_types.get(session, tenant, given.credit_type_id)
    if given.partner_id is not None:
        await partners.get(session, tenant, given.partner_id)
    return await CreditRecordRepository(session).page(tenant.business_id, given)


async def get_record(session: AsyncSession, tenant: Tenant, record_id: int) -> CreditRecord:
    found = await CreditRecordRepository(session).get(tenant.business_id, record_id)
    if found is None:
        raise CreditRecordNotFound(field="id", id=record_id)
    return found


async def balances(session: AsyncSession, tenant: Tenant, client_id: int) -> dict[int, float]:
    """Per credit type: the customer's available credits, as the balance rows keep them."""
    rows = await CreditBalanceRepository(session).of_client(tenant.business_id, client_id)
    return {row.credit_type_id: from_units(row.available) for row in rows}


@dataclass(frozen=True)
class Overview:
    """A customer's credits in one currency: earned and redeemed in an interval, available now."""

    currency: str
    earned: float
    redeemed: float
    available: float


async def overview(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    *,
    credit_type_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Overview]:
    """Per currency (a credit type holds one): the credits the customer earned and redeemed between `since` and
    `until` (either open), and what their balances hold now, of one credit type or all of them."""
    await clients.get(session, tenant, client_id, field="client_id", include_deleted=True)
    types = {t.id: t for t in await credit_types.list_all(session, tenant)}
    if credit_type_id is not None:
        await credit_types.get(session, tenant, credit_type_id)
    held: dict[str, int] = {}
    for row in await CreditBalanceRepository(session).of_client(tenant.business_id, client_id):
        if credit_type_id is None or row.credit_type_id == credit_type_id:
            currency = types[row.credit_type_id].currency
            held[currency] = held.get(currency, 0) + row.available
    moved = await CreditRecordRepository(session).totals(
        tenant.business_id, client_id, credit_type_id=credit_type_id, since=since, until=until
    )
    found = {currency: (earned, taken) for currency, earned, taken in moved}
    result = []
    for currency in sorted(set(found) | set(held)):
        earned, taken = found.get(currency, (0, 0))
        result.append(Overview(currency, from_units(earned), from_units(taken), from_units(held.get(currency, 0))))
    return result
