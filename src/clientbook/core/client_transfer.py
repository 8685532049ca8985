"""Clients to and from files (`clientbook export clients`, `import clients`): the columns, and the export.

One record per client with the columns below, the same for export and import, so an export imports back
identically. Values are JSON-safe: text, integers, `true`/`false`, ISO dates, and `extra` as a JSON object. The
stored password hash of a CareCloud customer login is never exported; deleted clients are left out.

The export reads keyset batches (`id > last`), each in a short transaction of its own: memory stays flat however
many clients there are, and on SQLite no batch holds the write lock for long. A client written while an export runs
appears in it or not, but no client appears twice.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import fields
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.repositories.client_transfer import ClientTransferRepository

from .clients import ClientChanges
from .errors import FieldError, Reason, ValidationFailed
from .types import ClientStatus, ClientType, ContactMethod, Gender, Tenant, Transaction

_NOT_EXPORTED = frozenset({"password"})  # a password is only ever given, never read back
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ClientChanges) if f.name not in _NOT_EXPORTED)
COLUMNS: tuple[str, ...] = ("id", *FIELDS)

_DATES = frozenset({"birth_date", "start_date", "end_date", "last_visit_date", "opted_in_date", "last_cancelled_date"})
_INTEGERS = frozenset({"branch_id", "staff_id", "number_of_visits", "customer_source_id"})
_BOOLEANS = frozenset({"guardian"})
_ENUMS: dict[str, type[StrEnum]] = {
    "gender": Gender,
    "status": ClientStatus,
    "client_type": ClientType,
    "contact_method": ContactMethod,
}
# Columns that hold a value on every client: empty in a file means "leave as it is" (or the default, on create).
_NEVER_EMPTY = frozenset({"status", "client_type", "contact_method", "guardian", "extra"})
_TRUE, _FALSE = frozenset({"true", "1", "yes"}), frozenset({"false", "0", "no"})

EXPORT_BATCH = 2000


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def count(session: AsyncSession, tenant: Tenant) -> int:
    """How many clients an export of the tenant's business writes."""
    return await ClientTransferRepository(session).count_live(tenant.business_id)


async def export(
    transaction: Transaction, tenant: Tenant, *, batch: int = EXPORT_BATCH
) -> AsyncIterator[list[dict[str, Any]]]:
    """The business's live clients by id, in batches of `batch` records (dicts keyed by COLUMNS)."""
    after = 0
    while True:
        async with transaction() as session:
            rows = await ClientTransferRepository(session).live_after(tenant.business_id, after, batch, COLUMNS)
        if not rows:
            return
        yield [{name: _plain(value) for name, value in zip(COLUMNS, row, strict=True)} for row in rows]
        after = rows[-1][0]


def check_columns(names: list[str]) -> None:
    """Refuse a file with a column no client has (a typo would otherwise be ignored row after row)."""
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        message = f"unknown column {unknown[0]} (the columns are those of `clientbook export clients`)"
        raise ValidationFailed.single(unknown[0], Reason.NOT_ALLOWED, message, unknown[0])


def _convert(name: str, value: Any) -> Any:
    """One column's value from a file (text from CSV, or a JSON value from JSONL) as the core's type."""
    if name in _DATES:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if name in _INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(value)
        return int(value)
    if name in _BOOLEANS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in _TRUE | _FALSE:
            raise ValueError(value)
        return text in _TRUE
    if name in _ENUMS:
        return _ENUMS[name](str(value).strip().lower())
    if name == "extra":
        parsed = json.loads(value) if isinstance(value, str) else value
        if not isinstance(parsed, dict):
            raise ValueError(value)
        return parsed
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError(value)
    return str(value)


def _expected(name: str) -> str:
    if name in _DATES:
        return "a date (YYYY-MM-DD)"
    if name in _INTEGERS:
        return "an integer"
    if name in _BOOLEANS:
        return "true or false"
    if name in _ENUMS:
        return "one of " + ", ".join(member.value for member in _ENUMS[name])
    if name == "extra":
        return "a JSON object"
    return "text"


def given_of(record: Mapping[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """The record's id (None when empty) and the fields its other columns set, as `ClientChanges.given()` has them
    (in field order): a column the file lacks is left untouched, an empty one is cleared. ValidationFailed names
    every column whose value has the wrong type."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in record.items():
        if name not in COLUMNS:
            errors.append(FieldError(name, Reason.NOT_ALLOWED, f"unknown column {name}", name))
        elif value is None or value == "":
            if name not in _NEVER_EMPTY:
                values[name] = None
            continue
        try:
            values[name] = _convert(name, value)
        except (ValueError, TypeError):
            errors.append(FieldError(name, Reason.INVALID_FORMAT, f"{name} must be {_expected(name)}", value))
    if errors:
        raise ValidationFailed(errors)
    client_id = values.pop("id", None)
    if client_id is not None:
        try:
            client_id = int(client_id)
        except ValueError:
            raise ValidationFailed.single("id", Reason.INVALID_FORMAT, "id must be an integer", client_id) from None
    return client_id, {name: values[name] for name in FIELDS if name in values}
