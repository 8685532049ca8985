"""Helpers every resource's service shares: finding a tenant's record, validating changes, and writing them with
their event (the one write path: `Repository.add`, `Repository.save`, `RecordRepository.soft_delete`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base
from clientbook.store.repositories._base import RecordRepository

from . import events
from .contact import email_key, normalize_email, normalize_phone
from .errors import Deleted, FieldError, NotFound, Reason, ValidationFailed
from .text import unstorable
from .types import Tenant, Transaction

M = TypeVar("M", bound=Base)
Values = dict[str, Any]
STREAM_BATCH = 500


async def stream(
    transaction: Transaction,
    repository: Callable[[AsyncSession], RecordRepository[M]],
    tenant: Tenant,
    *,
    batch: int = STREAM_BATCH,
) -> AsyncIterator[list[M]]:
    """Every live record of the tenant, in the repository's list order, as batches of `batch` records, each read
    by keyset in a short transaction of its own: memory stays flat however many there are, and no transaction stays
    open while the caller sends a batch on (on SQLite a long one would hold up every writer). A record written while
    a stream runs appears in it or not, but none appears twice."""
    last: tuple[Any, ...] | None = None
    while True:
        async with transaction() as session:
            reader = repository(session)
            records = await reader.list_after(tenant.business_id, last, batch)
        if not records:
            return
        yield records
        if len(records) < batch:
            return
        last = reader.order_of(records[-1])


def refusal(
    record: M | None,
    record_id: object,
    missing: type[NotFound],
    deleted: type[Deleted] | None = None,
    *,
    field: str = "id",
    about: Callable[[M], dict[str, object]] | None = None,
    message: str | None = None,
) -> NotFound | Deleted | None:
    """Why `record` (what the repository found for `record_id`) may not be used: `missing` (naming `field`) when
    there is none, `deleted` (with what `about` says of it) when it is deleted, or `missing` again without a
    `deleted` (`message`, when given, is the `missing` one's); None for a live record."""
    if record is None:
        return missing(message, field=field, id=record_id)
    if getattr(record, "deleted_at", None) is None:
        return None
    if deleted is None:
        return missing(message, field=field, id=record_id)
    return deleted(None, field=field, id=record_id, **(about(record) if about else {}))


async def find(
    repository: RecordRepository[M],
    tenant: Tenant,
    record_id: int,
    missing: type[NotFound],
    deleted: type[Deleted] | None = None,
    *,
    field: str = "id",
    include_deleted: bool = False,
    about: Callable[[M], dict[str, object]] | None = None,
    message: str | None = None,
) -> M:
    """The tenant's record `record_id`; `missing` (naming `field`) for another business's id, and unless
    `include_deleted`, `deleted` (or `missing` without one) for a deleted record: `refusal`."""
    record = await repository.get(tenant.business_id, record_id)
    if record is None or not include_deleted:
        problem = refusal(record, record_id, missing, deleted, field=field, about=about, message=message)
        if problem is not None:
            raise problem
    return cast(M, record)


async def add_new(
    session: AsyncSession,
    tenant: Tenant,
    repository: RecordRepository[M],
    record: M,
    entity: str,
    values: dict[str, Any],
    *,
    event: dict[str, Any] | None = None,
) -> None:
    """Set `values` on the new `record`, insert it, and record its `created` event (`event`, then what was set)."""
    changed = apply(record, values)
    await repository.add(record)
    await events.record(session, tenant, entity, cast(Any, record).id, "created", {**(event or {}), **changed})


async def save_changes(
    session: AsyncSession, tenant: Tenant, repository: RecordRepository[M], record: M, entity: str, values: Values
) -> Values:
    """Write what `values` change on the stored `record` (and who changed it) with its `updated` event; nothing when
    nothing changes. Returns the changes."""
    attributes, changed = diff(record, values)
    if changed:
        await repository.save(record, {**attributes, "updated_by": tenant.actor})
        await events.record(session, tenant, entity, cast(Any, record).id, "updated", changed)
    return changed


async def add_or_save(
    session: AsyncSession,
    tenant: Tenant,
    repository: RecordRepository[M],
    found: M | None,
    model: type[M],
    entity: str,
    values: Values,
) -> M:
    """A batch's create-or-update: `values` written to the stored record `found` (`save_changes`), or, when there is
    none, a new record of `model` of the tenant with them (`add_new`)."""
    if found is not None:
        await save_changes(session, tenant, repository, found, entity, values)
        return found
    record = model(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    await add_new(session, tenant, repository, record, entity, values)
    return record


async def soft_delete(
    session: AsyncSession, tenant: Tenant, repository: RecordRepository[M], record: M, entity: str
) -> None:
    """Mark the record deleted, with its `deleted` event."""
    await repository.soft_delete(record, tenant.actor)
    await events.record(session, tenant, entity, cast(Any, record).id, "deleted", {})


def check_required(values: dict[str, Any], current: Any, required: Collection[str]) -> list[FieldError]:
    """Every field of `required` must end up non-empty (given now, or already on the record)."""
    errors = []
    for name in required:
        value = values[name] if name in values else getattr(current, name, None)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append(FieldError(name, Reason.REQUIRED, f"{name} is required"))
    return errors


def normalize_contact(values: dict[str, Any], region: str, errors: list[FieldError]) -> None:
    """Validate e-mail and normalize the mobile number to E.164 in place, keeping what was given beside it."""
    if "email" in values:
        email, error = normalize_email(values["email"], "email") if values["email"] else (None, None)
        if error:
            errors.append(error)
        values["email"] = email
        values["email_normalized"] = email_key(email)
    if "mobile_phone" in values:
        raw = values["mobile_phone"]
        phone, error = normalize_phone(raw, region, "mobile_phone") if raw else (None, None)
        if error:
            errors.append(error)
        values["mobile_phone"] = phone
        values["mobile_phone_raw"] = raw or None


@cache
def _text_limits(model: Any) -> dict[str, int]:
    """The model's columns with a length limit and that limit (read once per model: bulk imports check every row)."""
    limits = ((column.key, getattr(column.type, "length", None)) for column in model.__table__.columns)
    return {key: limit for key, limit in limits if limit is not None}


def check_lengths(model: Any, values: dict[str, Any], errors: list[FieldError]) -> None:
    """Refuse text longer than its column holds (PostgreSQL would otherwise fail the whole request), and text no
    backend stores as given (NUL, lone surrogates): every way in (dialects, web forms, CLI) meets this check."""
    limits = _text_limits(model)
    for key, value in values.items():
        if not isinstance(value, str):
            continue
        problem = unstorable(value)
        if problem:
            errors.append(FieldError(key, Reason.INVALID_FORMAT, f"{key} {problem}"))
            continue
        limit = limits.get(key)
        if limit is not None and len(value) > limit:
            errors.append(FieldError(key, Reason.TOO_LONG, f"{key} is longer than {limit} characters", value))


def strip_strings(values: dict[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip() or None


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def diff(record: Any, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What writing `values` to `record` changes: the attributes' new values, and the changes for the event (for
    `extra`, the keys given rather than the merged whole). The record itself is left as it is."""
    attributes, changed = {}, {}
    for key, value in values.items():
        if key == "extra":
            merged = {**(record.extra or {}), **value}
            if merged != record.extra:
                attributes[key] = merged
                changed[key] = value
        elif getattr(record, key) != value:
            attributes[key] = changed[key] = value
    return attributes, changed


def apply(record: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on a new `record` (before `Repository.add`; a stored one is changed with `diff` and
    `Repository.save`); return the ones that changed (for the event)."""
    attributes, changed = diff(record, values)
    for key, value in attributes.items():
        setattr(record, key, value)
    return changed
