"""Reference records: the vocabularies a vendor's API only reads (point types, credit types, partners, and card,
reward and purchase types as they come), one set of rules for all of them.

Each kind is a `ReferenceKind`: its table, its event entity, its error, and the default record every business gets
at `tenant create` (`reference_kinds.ensure_defaults`). A business that existed before a kind did gets its default
the first time anything reads the kind (`ensure_default`: listing it, or an action falling back to the default), so
no migration has to write domain rows and their events. Operators add and rename records with
`clientbook loyalty <kind> list|add|rename` (cli/loyalty.py), which calls `add` and `rename` here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Base
from clientbook.store.repositories.reference import ReferenceRepository

from . import _records, events
from .errors import Duplicate, FieldError, NotFound, Reason, ValidationFailed
from .types import Tenant

R = TypeVar("R", bound=Base)
TEXT_ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
MAX_TEXT_ID = 100


def _no_values(_tenant: Tenant) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ReferenceKind(Generic[R]):
    name: str  # the CLI's and the operator's word for the kind: "point-types"
    entity: str  # its events' entity: "point_type"
    model: type[R]
    missing: type[NotFound]
    default_name: str
    default_text_id: str
    # Columns a new record of the kind needs besides name and text_id (a credit type's currency), per business.
    values: Callable[[Tenant], Mapping[str, Any]] = field(default=_no_values)

    def repository(self, session: AsyncSession) -> ReferenceRepository[R]:
        return ReferenceRepository(session, self.model)


def text_id_of(name: str) -> str:
    """The stable key an operator's name gets when none is given: "Gift cards (EUR)" → "gift_cards_eur"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", plain.lower()))[:MAX_TEXT_ID].strip("_")


def _new(kind: ReferenceKind[R], tenant: Tenant, name: str, text_id: str, *, is_default: bool) -> R:
    values = {**kind.values(tenant), "name": name, "text_id": text_id, "is_default": is_default}
    return kind.model(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor, **values)


async def ensure_default(session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R]) -> R:
    """The business's default record of the kind, created (with its event) when it has none yet. Two first uses at
    once create it once: the loser's insert meets the unique text_id and reads the winner's."""
    repository = kind.repository(session)
    found = await repository.default(tenant.business_id)
    if found is not None:
        return found
    record = _new(kind, tenant, kind.default_name, kind.default_text_id, is_default=True)
    if await repository.add_unless_taken(record):
        changes = {"name": kind.default_name, "text_id": kind.default_text_id, "is_default": True}
        await events.record(session, tenant, kind.entity, cast(Any, record).id, "created", changes)
        return record
    found = await repository.by_text_id(tenant.business_id, kind.default_text_id)
    assert found is not None
    return found


async def list_all(session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R]) -> list[R]:
    """Every record of the kind, oldest first (a few per business: callers sort and page them in memory)."""
    await ensure_default(session, tenant, kind)
    return await kind.repository(session).list(tenant.business_id)


async def get(session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R], record_id: int, *, field: str) -> R:
    return await _records.find(kind.repository(session), tenant, record_id, kind.missing, field=field)


async def resolve(
    session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R], record_id: int | None, *, field: str
) -> R:
    """The record named, or the business's default when none is."""
    if record_id is None:
        return await ensure_default(session, tenant, kind)
    return await get(session, tenant, kind, record_id, field=field)


def _checked_name(model: type[Base], name: str) -> str:
    text = name.strip()
    if not text:
        raise ValidationFailed.single("name", Reason.REQUIRED, "name is required")
    errors: list[FieldError] = []
    _records.check_lengths(model, {"name": text}, errors)
    _records.raise_if(errors)
    return text


async def add(
    session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R], name: str, *, text_id: str | None = None
) -> R:
    """A new record of the kind; its text_id (given, or made from the name) must be free in the business."""
    text = _checked_name(kind.model, name)
    key = (text_id or "").strip().lower() or text_id_of(text)
    if not TEXT_ID.fullmatch(key) or len(key) > MAX_TEXT_ID:
        message = f"text_id must be lowercase letters and digits joined by single underscores, at most {MAX_TEXT_ID}"
        raise ValidationFailed.single("text_id", Reason.INVALID_FORMAT, message, text_id or text)
    await ensure_default(session, tenant, kind)  # an older business's default keeps its place as the first record
    repository = kind.repository(session)
    if await repository.by_text_id(tenant.business_id, key) is not None:
        raise Duplicate(f"the business has a {kind.entity.replace('_', ' ')} with text_id {key}", field="text_id")
    values = {**kind.values(tenant), "name": text, "text_id": key, "is_default": False}
    record = kind.model(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    await _records.add_new(session, tenant, repository, record, kind.entity, values)
    return record


async def rename(session: AsyncSession, tenant: Tenant, kind: ReferenceKind[R], record_id: int, name: str) -> R:
    """Give a record a new name (its id and text_id, which integrations keep, stay)."""
    record = await get(session, tenant, kind, record_id, field="id")
    text = _checked_name(kind.model, name)
    await _records.save_changes(session, tenant, kind.repository(session), record, kind.entity, {"name": text})
    return record
