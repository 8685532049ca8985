"""Per-business field definitions (TimeTap scheduler fields). Built-in codes name client columns; custom fields
(code `UDF`) keep their values in `client_field_values`, which the client search reads too.

Built-in definitions are created on demand, the first time a business's definitions are read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import FieldDefinition
from clientbook.store.repositories.client_records import FieldRepository
from clientbook.store.repositories.client_relations import FieldDefinitionRow

from . import events
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant

CUSTOM = "UDF"
MAX_VALUE_LENGTH = 4000
DATA_TYPES = ("TEXT", "TEXTAREA", "EMAIL", "PHONE", "DATE", "LIST", "CHECKBOX", "NUMBER")


@dataclass(frozen=True)
class Builtin:
    code: str
    label: str
    data_type: str
    column: str
    required: bool = False


BUILTINS: tuple[Builtin, ...] = (
    Builtin("firstName", "First Name", "TEXT", "first_name", True),
    Builtin("lastName", "Last Name", "TEXT", "last_name", True),
    Builtin("fullName", "Full Name", "TEXT", "full_name"),
    Builtin("emailAddress", "Email Address", "EMAIL", "email", True),
    Builtin("cellPhone", "Cell Phone", "PHONE", "mobile_phone"),
    Builtin("homePhone", "Home Phone", "PHONE", "home_phone"),
    Builtin("dateOfBirth", "Date of Birth", "DATE", "birth_date"),
    Builtin("sex", "Sex", "LIST", "gender"),
    Builtin("companyName", "Company Name", "TEXT", "company_name"),
    Builtin("externalUserName", "External User Name", "TEXT", "external_user_name"),
    Builtin("address1", "Address", "TEXT", "street"),
    Builtin("address2", "Address 2", "TEXT", "street2"),
    Builtin("city", "City", "TEXT", "city"),
    Builtin("state", "State", "TEXT", "region"),
    Builtin("zip", "Zip", "TEXT", "postal_code"),
    Builtin("country", "Country", "TEXT", "country"),
)
BUILTIN_COLUMNS: Mapping[str, str] = {b.code: b.column for b in BUILTINS}


@dataclass(frozen=True, kw_only=True)
class NewField:
    label: str
    data_type: str = "TEXT"
    required: bool = False
    sort_order: int = 100
    options: dict[str, object] | None = None


# A definition as read for showing: the ORM row, or the plain row a client view reads beside the clients' relations.
FieldShape = FieldDefinition | FieldDefinitionRow
Shape = TypeVar("Shape", FieldDefinition, FieldDefinitionRow)


def is_builtin(definition: FieldShape) -> bool:
    return definition.code in BUILTIN_COLUMNS


# Where a transaction keeps the definitions it read (session.info): a TimeTap write reads them to map the body and
# again to render the client it wrote. Only `create` (and the built-ins made below) add definitions; changes to a
# definition are made on the same objects, which the session's identity map shares with this list.
_READ = "field_definitions"


def read_in(session: AsyncSession, tenant: Tenant, entity: str = "client") -> list[FieldDefinition] | None:
    """The definitions this transaction has read (and may have changed, unflushed: sessions don't autoflush), or
    None."""
    found: list[FieldDefinition] | None = session.info.get(_READ, {}).get((tenant.business_id, entity))
    return None if found is None else list(found)


async def definitions(session: AsyncSession, tenant: Tenant, entity: str = "client") -> list[FieldDefinition]:
    """The business's field definitions of `entity`, built-in ones first (created here on first use); read once per
    transaction."""
    read: dict[tuple[int, str], list[FieldDefinition]] = session.info.setdefault(_READ, {})
    key = (tenant.business_id, entity)
    if key not in read:
        read[key] = await _definitions(session, tenant, entity)
    return list(read[key])


async def _definitions(session: AsyncSession, tenant: Tenant, entity: str) -> list[FieldDefinition]:
    repository = FieldRepository(session)
    found = await repository.definitions(tenant.business_id, entity)
    codes = {d.code for d in found}
    if entity == "client" and any(b.code not in codes for b in BUILTINS):
        for order, builtin in enumerate(BUILTINS):
            if builtin.code in codes:
                continue
            await repository.add(
                FieldDefinition(
                    business_id=tenant.business_id,
                    entity=entity,
                    code=builtin.code,
                    label=builtin.label,
                    data_type=builtin.data_type,
                    required=builtin.required,
                    active=True,
                    sort_order=order,
                    options={},
                    created_by=tenant.actor,
                )
            )
        found = await repository.definitions(tenant.business_id, entity)
    return _unique(found)


def usable(found: Sequence[Shape]) -> list[Shape] | None:
    """Client definitions read elsewhere (a client view reads them beside the clients' relations) as `definitions`
    gives them, or None while a built-in is missing: `definitions` creates them."""
    codes = {d.code for d in found}
    return None if any(b.code not in codes for b in BUILTINS) else _unique(found)


def _unique(found: Sequence[Shape]) -> list[Shape]:
    seen: set[str] = set()
    unique = []
    for definition in found:  # two first requests racing may both create the built-ins: the first wins
        if is_builtin(definition) and definition.code in seen:
            continue
        seen.add(definition.code)
        unique.append(definition)
    return unique


async def create(session: AsyncSession, tenant: Tenant, new: NewField, entity: str = "client") -> FieldDefinition:
    """A custom (UDF) field of the business."""
    errors = []
    if not new.label.strip():
        errors.append(FieldError("label", Reason.REQUIRED, "label is required"))
    if new.data_type not in DATA_TYPES:
        errors.append(FieldError("data_type", Reason.NOT_ALLOWED, "data_type is not a known type", new.data_type))
    if errors:
        raise ValidationFailed(errors)
    definition = FieldDefinition(
        business_id=tenant.business_id,
        entity=entity,
        code=CUSTOM,
        label=new.label.strip(),
        data_type=new.data_type,
        required=new.required,
        active=True,
        sort_order=new.sort_order,
        options=dict(new.options or {}),
        created_by=tenant.actor,
    )
    await FieldRepository(session).add(definition)
    session.info.get(_READ, {}).pop((tenant.business_id, entity), None)
    await events.record(session, tenant, "field", definition.id, "created", {"label": definition.label})
    return definition


async def values_for(
    session: AsyncSession, tenant: Tenant, client_ids: Collection[int]
) -> dict[int, dict[int, str | None]]:
    """Custom field values of each client (field id → value), in one query."""
    return await FieldRepository(session).values_for(tenant.business_id, client_ids)


async def set_values(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    values: Mapping[int, str | None],
    *,
    paths: Mapping[int, str] | None = None,
) -> None:
    """Set custom field values of a client (None clears one). `paths` names each field id in errors."""
    if not values:
        return
    known = {d.id: d for d in await definitions(session, tenant)}
    errors = []
    for field_id, value in values.items():
        path = (paths or {}).get(field_id, f"fields.{field_id}")
        definition = known.get(field_id)
        if definition is None or is_builtin(definition) or not definition.active:
            errors.append(FieldError(path, Reason.NOT_FOUND, f"field {field_id} is not a custom field", field_id))
        elif value is not None and len(value) > MAX_VALUE_LENGTH:
            errors.append(FieldError(path, Reason.TOO_LONG, f"{path} is too long", value))
    if errors:
        raise ValidationFailed(errors)
    repository = FieldRepository(session)
    current = (await repository.values_for(tenant.business_id, [client_id])).get(client_id, {})
    changed = {}
    for field_id, value in values.items():
        value = value if value not in ("",) else None
        if current.get(field_id) != value:
            await repository.set_value(tenant.business_id, client_id, field_id, value)
            changed[str(field_id)] = value
    if changed:
        await events.record(session, tenant, "client", client_id, "fields_set", changed)


async def custom_values(session: AsyncSession, tenant: Tenant, client_id: int) -> list[tuple[str, str]]:
    """The client's custom field values as (label, value), in the business's field order; a read only (unlike
    `definitions`, it creates no built-in definitions)."""
    repository = FieldRepository(session)
    values = (await repository.values_for(tenant.business_id, [client_id])).get(client_id, {})
    if not values:
        return []
    found = []
    for definition in await repository.definitions(tenant.business_id, "client"):
        value = values.get(definition.id)
        if definition.code == CUSTOM and value not in (None, ""):
            found.append((definition.label, str(value)))
    return found
