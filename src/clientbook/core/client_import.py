"""`clientbook import clients`: many clients from a file, each row checked by the core's client rules.

Rows are taken in batches. Each row is parsed and checked on its own (`clients.check_given`, the rules of
`clients.check_values`: required fields, contact formats, lengths, values); the staff, branch and customer-source
ids a batch names are checked in one query each. A refused row is reported with its line and reason and writes
nothing; the others are written:

- new clients by the bulk path (one block of reserved ids, COPY on PostgreSQL, one executemany on SQLite, their
  search documents and one `created` event each), since an import is mostly new clients;
- matched clients (`match`: by `id`, by e-mail address, or by mobile number) through `clients.update`, the path
  every dialect takes, one row at a time.

The caller runs the whole import in one transaction: committed at the end, or rolled back for a dry run, which so
reports exactly what the import would do.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client, utcnow
from clientbook.store.repositories.client_bulk import BulkRepository
from clientbook.store.repositories.client_transfer import ClientTransferRepository

from . import clients, events
from .client_transfer import given_of
from .errors import ClientbookError, ValidationFailed
from .types import ClientStatus, ClientType, ContactMethod, Tenant

IMPORT_BATCH = 5000
_CHECK_SLICE = 250  # rows checked between two turns of the event loop (a few milliseconds)
_CLIENT_COLUMNS = [c.key for c in cast(Table, Client.__table__).columns if c.key != "business_id"]
_DEFAULTS: dict[str, Any] = {
    "status": ClientStatus.ACTIVE.value,
    "client_type": ClientType.ACTIVE.value,
    "contact_method": ContactMethod.NONE.value,
    "guardian": False,
    "extra": {},
}
_NEW_ROW = dict.fromkeys(_CLIENT_COLUMNS) | _DEFAULTS  # copied for each new client, then given its values
# A new client as `clients.create` builds it before setting its values: its event lists the values that differ.
_UNSET = _NEW_ROW | {"full_name": ""}


class Match(StrEnum):
    """How a row finds the client it updates; without one, every row is a new client (ids in the file ignored)."""

    ID = "id"
    EMAIL = "email"
    PHONE = "phone"


# The stored column each match compares (both indexed with business_id), and what the report calls it.
_KEYS = {Match.EMAIL: ("email_normalized", "e-mail address"), Match.PHONE: ("mobile_phone", "mobile number")}


@dataclass(frozen=True)
class Refused:
    line: int
    field: str | None
    reason: str


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    refused: list[Refused] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + len(self.refused)


@dataclass
class _Row:
    line: int
    client_id: int | None
    changes: clients.ClientChanges | None  # only when the import matches: what `clients.update` is given
    values: dict[str, Any]


@dataclass
class _Run:
    """What one import has seen so far: the match keys of earlier rows (a file naming one client twice is refused
    on the second line, since both rows cannot be applied in an order the file makes clear)."""

    session: AsyncSession
    tenant: Tenant
    match: Match | None
    report: Report
    seen: dict[Any, int] = field(default_factory=dict)


def _refuse(run: _Run, line: int, error: ClientbookError) -> None:
    if isinstance(error, ValidationFailed):
        for item in error.errors:
            run.report.refused.append(Refused(line, item.field, item.message))
    else:
        run.report.refused.append(Refused(line, error.field, error.message))


def _parse(run: _Run, line: int, record: Mapping[str, Any]) -> _Row | None:
    try:
        client_id, given = given_of(record)
        # A row may update a client only when the import matches; else it is new and needs no ClientChanges.
        changes = clients.ClientChanges(**given) if run.match is not None else None
        values = clients.check_given(run.tenant, None, given)
    except ClientbookError as error:
        _refuse(run, line, error)
        return None
    return _Row(line, client_id, changes, values)


async def _check_references(run: _Run, rows: list[_Row]) -> list[_Row]:
    """Refuse rows naming a staff member, branch or customer source the business does not have (live)."""
    repository = ClientTransferRepository(run.session)
    business_id = run.tenant.business_id
    checks = (
        ("staff_id", "staff member", repository.live_staff_ids),
        ("branch_id", "branch", repository.live_branch_ids),
        ("customer_source_id", "customer source", repository.customer_source_ids),
    )
    bad: dict[int, tuple[str, str]] = {}
    for name, what, lookup in checks:
        wanted = {row.values[name] for row in rows if row.values.get(name) is not None}
        known = await lookup(business_id, wanted) if wanted else set()
        for row in rows:
            value = row.values.get(name)
            if value is not None and value not in known and row.line not in bad:
                bad[row.line] = (name, f"{name} {value}: the business has no such {what}")
    for line, (name, reason) in bad.items():
        run.report.refused.append(Refused(line, name, reason))
    return [row for row in rows if row.line not in bad]


def _first(run: _Run, row: _Row, key: Any, what: str) -> bool:
    """True when no earlier row of the file named the same client; else the row is refused."""
    earlier = run.seen.setdefault(key, row.line)
    if earlier != row.line:
        run.report.refused.append(Refused(row.line, None, f"{what} is also on line {earlier}"))
        return False
    return True


async def _targets(run: _Run, rows: list[_Row]) -> list[tuple[_Row, int | None]]:
    """Each row with the id of the client it updates (None: a new client); unmatchable rows are refused."""
    repository = ClientTransferRepository(run.session)
    business_id = run.tenant.business_id
    if run.match is None:
        return [(row, None) for row in rows]
    if run.match is Match.ID:
        live = await repository.live_client_ids(business_id, {r.client_id for r in rows if r.client_id})
        targets: list[tuple[_Row, int | None]] = []
        for row in rows:
            if row.client_id and row.client_id not in live:
                message = f"id {row.client_id}: the business has no such client (leave id empty to create one)"
                run.report.refused.append(Refused(row.line, "id", message))
            elif not row.client_id or _first(run, row, ("id", row.client_id), f"client {row.client_id}"):
                targets.append((row, row.client_id or None))
        return targets
    column, what = _KEYS[run.match]
    found = await repository.live_ids_by(business_id, column, {k for r in rows if (k := r.values.get(column))})
    targets = []
    for row in rows:
        key = row.values.get(column)
        if key and not _first(run, row, (column, key), f"{what} {key}"):
            continue
        owners = found.get(key, []) if key else []
        if len(owners) > 1:
            listed = ", ".join(map(str, owners))
            run.report.refused.append(Refused(row.line, run.match.value, f"{what} {key} is shared by clients {listed}"))
            continue
        targets.append((row, owners[0] if owners else None))
    return targets


def _new_row(tenant: Tenant, values: dict[str, Any], client_id: int, now: Any) -> dict[str, Any]:
    """Every `clients` column of a new client (what `clients.create` would store), for the bulk load."""
    row = _NEW_ROW.copy()
    for key, value in values.items():
        if value is not None:
            row[key] = value
    if not row.get("full_name"):
        row["full_name"] = clients.full_name_of(values.get("first_name"), values.get("last_name"))
    if row.get("branch_id") is None and tenant.branch_id is not None:
        row["branch_id"] = tenant.branch_id
    row |= {"id": client_id, "created_at": now, "updated_at": now, "created_by": tenant.actor}
    row["updated_by"] = tenant.actor
    return row


def _changes(values: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The changes of the client's `created` event, as `clients.create` records them (`_records.apply`): the values
    given, then the default branch and the derived full name, each where it differs from a new client's."""
    return {key: row[key] for key in dict.fromkeys([*values, "branch_id", "full_name"]) if row[key] != _UNSET[key]}


async def _create(run: _Run, rows: list[_Row]) -> None:
    if not rows:
        return
    bulk = BulkRepository(run.session)
    first = await bulk.reserve_ids("clients", len(rows))
    now = utcnow()
    loaded = [_new_row(run.tenant, row.values, first + i, now) for i, row in enumerate(rows)]
    await bulk.load_clients(run.tenant.business_id, loaded)
    created = [(client["id"], _changes(row.values, client)) for row, client in zip(rows, loaded, strict=True)]
    await events.record_bulk(run.session, run.tenant, "client", "created", created)
    run.report.created += len(rows)


async def _update(run: _Run, updates: list[tuple[_Row, int]]) -> None:
    for row, client_id in updates:
        assert row.changes is not None  # a row has a target only when the import matches
        try:
            await clients.update(run.session, run.tenant, client_id, row.changes)
        except ClientbookError as error:
            _refuse(run, row.line, error)
        else:
            run.report.updated += 1
    # The updated clients were loaded as objects: let them go, so memory stays flat over a long file.
    run.session.expunge_all()


async def _checked(run: _Run, records: list[tuple[int, Mapping[str, Any]]]) -> list[_Row]:
    """The batch's rows that pass the per-row checks, checked a slice at a time with the event loop let run between
    slices, so the previous batch's write goes on meanwhile."""
    rows: list[_Row] = []
    for start in range(0, len(records), _CHECK_SLICE):
        for line, record in records[start : start + _CHECK_SLICE]:
            row = _parse(run, line, record)
            if row is not None:
                rows.append(row)
        await asyncio.sleep(0)
    return rows


async def _write(run: _Run, rows: list[_Row], progress: Callable[[], None]) -> None:
    targets = await _targets(run, await _check_references(run, rows))
    await _create(run, [row for row, target in targets if target is None])
    await _update(run, [(row, target) for row, target in targets if target is not None])
    progress()


async def import_clients(
    session: AsyncSession,
    tenant: Tenant,
    records: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    match: Match | None = None,
    batch: int = IMPORT_BATCH,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import `records` ((line number, column → value) pairs) into the tenant's business; what happened to each.

    The session's transaction holds the whole import: the caller commits it, or rolls it back for a dry run.

    Checking a batch (Python) and writing one (the database: PostgreSQL's server process, SQLite's own thread) cost
    about the same, so they overlap: batch N+1 is checked while batch N is written. Batches are still written one
    after another, in file order, and only the write touches the session."""
    run = _Run(session, tenant, match, Report())
    with _rare_collections():
        await _batches(run, iter(records), batch, progress)
    run.report.refused.sort(key=lambda refused: refused.line)
    return run.report


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Collect cyclic garbage seldom while the import runs: its batches are thousands of new dicts and lists that
    live until their write, so at the default threshold (700 allocations) the collector ran every few rows and walked
    them again each time, ~10 µs a row of the import's Python CPU (measured with the database faked, 20,000 rows:
    33 µs a row to build and load the rows, 19 µs with this). Nothing is left uncollected: cycles are still found,
    every 50,000 allocations, and the threshold is restored after."""
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


async def _batches(
    run: _Run, iterator: Iterator[tuple[int, Mapping[str, Any]]], batch: int, progress: Callable[[int], None] | None
) -> None:
    session = run.session
    writing: asyncio.Task[None] | None = None
    try:
        while chunk := list(islice(iterator, batch)):
            rows = await _checked(run, chunk)
            if writing is not None:
                await writing
            done = partial(progress, len(chunk)) if progress is not None else lambda: None
            writing = asyncio.create_task(_write(run, rows, done))
        if writing is not None:
            await writing
        if run.report.created:
            await BulkRepository(session).analyze_clients()
    finally:
        if writing is not None and not writing.done():
            await asyncio.wait([writing])  # never leave a write running on the session the caller ends
