"""Customer properties: the business's custom client fields (core/fields.py, the ones TimeTap lists as UDF scheduler
fields) seen as typed properties, and a customer's values of them as property records.

A property record is the pair (customer, property): a customer holds at most one value per property, written
through `fields.set_values` (the one write path, with its `client.fields_set` event). The core checks each value
against its property's type before anything is written, so a batch with one bad value writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import FieldDefinition

from . import clients, fields
from .errors import CustomerPropertyNotFound, FieldError, NotFound, Reason, ValidationFailed
from .types import Tenant

Value = str | bool | int | float | None
T = TypeVar("T")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def choices(definition: FieldDefinition) -> list[str]:
    """The values a LIST property may take (`options["choices"]`)."""
    found = (definition.options or {}).get("choices") or []
    return [str(c) for c in found] if isinstance(found, list) else []


async def list_properties(session: AsyncSession, tenant: Tenant) -> list[FieldDefinition]:
    """The business's active custom client fields, in its field order."""
    return [d for d in await fields.definitions(session, tenant) if d.code == fields.CUSTOM and d.active]


async def get_property(
    session: AsyncSession, tenant: Tenant, property_id: int, *, field: str = "property_id"
) -> FieldDefinition:
    found = await list_properties(session, tenant)
    return one_of(found, lambda d: d.id, property_id, CustomerPropertyNotFound, field)


def one_of(items: Iterable[T], key: Callable[[T], int], property_id: int, missing: type[NotFound], field: str) -> T:
    """The property (or property record) of `items` whose property is `property_id`; `missing` otherwise."""
    found = next((item for item in items if key(item) == property_id), None)
    if found is None:
        raise missing(field=field, id=property_id)
    return found


def _refused(path: str, reason: Reason, message: str, value: Any) -> FieldError:
    return FieldError(path, reason, f"{path} {message}", value)


Checked = tuple[str | None, FieldError | None]


def _number(value: Any, path: str) -> Checked:
    number = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        return None, _refused(path, Reason.INVALID_FORMAT, "must be a number", value)
    return str(int(number) if number == number.to_integral_value() else number), None


def _date(value: str, path: str) -> Checked:
    text = value.strip()
    try:
        day = date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        return None, _refused(path, Reason.INVALID_FORMAT, "must be a date as YYYY-MM-DD", value)
    return day.isoformat(), None


def stored(definition: FieldDefinition, value: Any, path: str) -> Checked:
    """`value` as the text kept for a property of this type, or the error naming `path`."""
    kind = definition.data_type
    if value is None:
        return None, None
    if kind == "CHECKBOX":
        if isinstance(value, bool):
            return ("true" if value else "false"), None
        return None, _refused(path, Reason.INVALID_FORMAT, "must be true or false", value)
    if kind == "NUMBER":
        return _number(value, path)
    if not isinstance(value, str):
        return None, _refused(path, Reason.INVALID_FORMAT, "must be text", value)
    if kind == "DATE":
        return _date(value, path)
    if kind == "LIST" and value not in choices(definition):
        return None, _refused(path, Reason.NOT_ALLOWED, f"must be one of {', '.join(choices(definition))}", value)
    if len(value) > fields.MAX_VALUE_LENGTH:
        return None, _refused(path, Reason.TOO_LONG, f"is longer than {fields.MAX_VALUE_LENGTH} characters", value)
    return value, None


def typed(definition: FieldDefinition, text: str | None) -> Value:
    """The kept text as its property's type reads it (a CHECKBOX is a boolean, a NUMBER a number)."""
    if text is None:
        return None
    if definition.data_type == "CHECKBOX":
        return text.strip().lower() in ("true", "1", "yes", "on")
    if definition.data_type == "NUMBER":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text  # written elsewhere before it was typed: read as given
        return int(number) if number == number.to_integral_value() else float(number)
    return text


@dataclass(frozen=True)
class PropertyRecord:
    client_id: int
    definition: FieldDefinition
    value: Value


async def records(session: AsyncSession, tenant: Tenant, client_id: int) -> list[PropertyRecord]:
    """The customer's property values, in the business's field order."""
    await clients.get(session, tenant, client_id, field="client_id", include_deleted=True)
    values = (await fields.values_for(session, tenant, [client_id])).get(client_id, {})
    return [
        PropertyRecord(client_id, d, typed(d, values[d.id]))
        for d in await list_properties(session, tenant)
        if values.get(d.id) is not None
    ]


async def get_record(session: AsyncSession, tenant: Tenant, client_id: int, property_id: int) -> PropertyRecord:
    found = await records(session, tenant, client_id)
    return one_of(found, lambda r: r.definition.id, property_id, CustomerPropertyNotFound, "property_id")


@dataclass(frozen=True)
class Given:
    """One property value to write, and where it sat in the request (for errors)."""

    property_id: int
    value: Any
    path: str = "property_value"
    property_path: str = "property_id"


async def write(
    session: AsyncSession, tenant: Tenant, client_id: int, given: Sequence[Given], *, new: bool | None = None
) -> None:
    """Write the customer's values, all or none: every value is checked first. `new=True` refuses a property the
    customer has a value of already (`already_exists`), `new=False` one they have none of (`not_found`); None
    writes either way (the batch: create or update)."""
    await clients.get(session, tenant, client_id, field="client_id")
    known = await list_properties(session, tenant)
    current = (await fields.values_for(session, tenant, [client_id])).get(client_id, {})
    held = {property_id for property_id, value in current.items() if value is not None}
    rule = Holding("customer", CustomerPropertyNotFound, new, refuse_repeats=True)
    values: dict[int, str | None] = {**checked(given, known, held, rule)}
    await fields.set_values(session, tenant, client_id, values)


async def clear(session: AsyncSession, tenant: Tenant, client_id: int, property_id: int) -> None:
    """Remove the customer's value of the property (CustomerPropertyNotFound when they hold none)."""
    await get_record(session, tenant, client_id, property_id)
    await fields.set_values(session, tenant, client_id, {property_id: None})


@dataclass(frozen=True)
class Holding:
    """How a write treats the values an owner (a customer, a store) holds: `new=True` refuses a property it has a
    value of already (`already_exists`), `new=False` one it has none of (`missing`), None writes either way;
    `refuse_repeats` refuses a property given twice in one write."""

    owner: str
    missing: type[NotFound]
    new: bool | None
    refuse_repeats: bool = False


def checked(
    given: Sequence[Given], known: Iterable[FieldDefinition], held: Collection[int], rule: Holding
) -> dict[int, str]:
    """The values to write, property id → the text its type keeps, every one checked first: ValidationFailed
    naming each refused value (unknown property, repeated, held already, not of the property's type, empty)."""
    definitions = {d.id: d for d in known}
    errors: list[FieldError] = []
    values: dict[int, str] = {}
    seen: set[int] = set()
    for item in given:
        definition = definitions.get(item.property_id)
        if definition is None:
            message = f"{item.property_path} names no {rule.owner} property"
            errors.append(FieldError(item.property_path, Reason.NOT_FOUND, message, str(item.property_id)))
            continue
        if rule.refuse_repeats and item.property_id in seen:
            message = f"{item.property_path} is given twice"
            errors.append(FieldError(item.property_path, Reason.NOT_ALLOWED, message, str(item.property_id)))
            continue
        seen.add(item.property_id)
        has = item.property_id in held
        if rule.new is True and has:
            message = f"the {rule.owner} has a value of property {item.property_id} already"
            errors.append(FieldError(item.property_path, Reason.ALREADY_EXISTS, message, str(item.property_id)))
        elif rule.new is False and not has:
            raise rule.missing(field=item.property_path, id=item.property_id)
        text, error = stored(definition, item.value, item.path)
        if error is None and text is None:
            error = FieldError(item.path, Reason.REQUIRED, f"{item.path} is required")
        if error is not None:
            errors.append(error)
        elif text is not None:
            values[item.property_id] = text
    if errors:
        raise ValidationFailed(errors)
    return values
