"""What the two balance ledgers share (points: core/points.py, credits: core/credits.py): amounts in hundredths, the
entry's note, the spend refused beyond the balance, lots used in order, and a transfer's checks. The balance rows,
their lock order and their guarded UPDATE are store/repositories/_ledger.py."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.credits import CreditRecord
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.repositories._base import Repository

from . import clients, events
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant

SCALE = 100  # amounts are stored in hundredths of a point (or of the credit type's currency)
MAX_AMOUNT = Decimal("1000000000")
MAX_NOTE = 2000

Amount = Decimal | float | int | str | None


def to_units(amount: Amount, field: str = "amount") -> int:
    """A positive amount of at most two decimals, in hundredths; refused naming `field` otherwise."""
    if amount is None:
        raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} is required")
    try:
        value = Decimal(str(amount))
    except InvalidOperation as error:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} must be a number", amount) from error
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT:
        message = f"{field} must be more than 0 and at most {MAX_AMOUNT}"
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, message, amount)
    units = value * SCALE
    if units != units.to_integral_value():
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} has more than two decimals", amount)
    return int(units)


def from_units(units: int) -> float:
    return units / SCALE


def note(given: str | None) -> str | None:
    """An entry's note, trimmed (blank is none); refused beyond MAX_NOTE characters."""
    text = (given or "").strip() or None
    if text is not None and len(text) > MAX_NOTE:
        raise ValidationFailed.single("note", Reason.TOO_LONG, f"note is longer than {MAX_NOTE} characters", given)
    return text


def beyond_balance(units: int, available: int, noun: str) -> ValidationFailed:
    """The refusal of a spend the balance does not cover (the guarded UPDATE changed no row)."""
    message = f"amount is more than the customer's available {noun} ({from_units(available):g})"
    return ValidationFailed([FieldError("amount", Reason.NOT_ALLOWED, message, from_units(units))])


Lot = TypeVar("Lot", PointRecord, CreditRecord)


async def use_lots(records: Repository, lots: Sequence[Lot], units: int) -> None:
    """Take `units` out of the lots in the order given (the balance row has already covered them)."""
    left = units
    for lot in lots:
        used = min(left, lot.remaining)
        await records.save(lot, {"remaining": lot.remaining - used})
        left -= used
        if not left:
            break


async def write_entry(
    session: AsyncSession, tenant: Tenant, records: Repository, record: Lot, type_field: str, **more: object
) -> Lot:
    """Add the ledger entry `record` with its event: the customer, the point or credit type (`type_field`), the
    operation, the amount and `more`."""
    record.business_id = tenant.business_id
    record.created_by = tenant.actor
    await records.add(record)
    changes = {
        "client_id": record.client_id,
        type_field: getattr(record, type_field),
        "operation": record.operation,
        "amount": from_units(record.amount),
        **more,
    }
    entity = "point_record" if isinstance(record, PointRecord) else "credit_record"
    await events.record(session, tenant, entity, record.id, record.operation, changes)
    return record


async def transfer_checked(
    session: AsyncSession,
    tenant: Tenant,
    from_client_id: int,
    to_client_id: int,
    amount: Amount,
    given_note: str | None,
) -> tuple[int, str | None]:
    """What every transfer refuses before it writes: the amount, the note, one customer on both sides, either
    customer unknown. The amount in units and the note."""
    units = to_units(amount)
    checked = note(given_note)
    if from_client_id == to_client_id:
        message = "to_client_id must be another customer than from_client_id"
        raise ValidationFailed.single("to_client_id", Reason.NOT_ALLOWED, message, to_client_id)
    await clients.get(session, tenant, from_client_id, field="from_client_id")
    await clients.get(session, tenant, to_client_id, field="to_client_id")
    return units, checked
