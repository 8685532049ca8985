"""Client tags: names are per business and compared case-insensitively; a tag is created the first time it is used."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Tag
from clientbook.store.repositories.client_records import TagRepository

from . import events
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant

MAX_TAG_LENGTH = 100


def tag_key(name: str) -> str:
    return name.strip().lower()


async def names(session: AsyncSession, tenant: Tenant, *, contains: str | None = None) -> list[str]:
    """Every tag of the business (optionally those whose name contains `contains`), alphabetically."""
    return await TagRepository(session).names(tenant.business_id, contains=contains)


async def for_clients(session: AsyncSession, tenant: Tenant, client_ids: Collection[int]) -> dict[int, list[str]]:
    return await TagRepository(session).for_clients(tenant.business_id, client_ids)


def _clean(names: Sequence[str], field: str) -> dict[str, str]:
    """Key → name as first given; refuses blank or too long names, naming `field.N`."""
    errors = []
    found: dict[str, str] = {}
    for index, name in enumerate(names):
        text = name.strip()
        if not text:
            errors.append(FieldError(f"{field}.{index}", Reason.EMPTY, f"{field}.{index} is empty", name))
        elif len(text) > MAX_TAG_LENGTH:
            errors.append(FieldError(f"{field}.{index}", Reason.TOO_LONG, f"{field}.{index} is too long", name))
        else:
            found.setdefault(tag_key(text), text)
    if errors:
        raise ValidationFailed(errors)
    return found


async def set_for_client(
    session: AsyncSession, tenant: Tenant, client_id: int, names: Sequence[str], *, field: str = "tags"
) -> None:
    """Give the client exactly these tags (creating the business's new ones)."""
    wanted = _clean(names, field)
    repository = TagRepository(session)
    existing = await repository.by_keys(tenant.business_id, wanted)
    for key, name in wanted.items():
        if key not in existing:
            tag = Tag(business_id=tenant.business_id, name=name, name_normalized=key, created_by=tenant.actor)
            await repository.add(tag)
            existing[key] = tag
    wanted_ids = {existing[key].id for key in wanted}
    current = await repository.tag_ids_of(tenant.business_id, client_id)
    if wanted_ids == current:
        return
    await repository.detach(tenant.business_id, client_id, current - wanted_ids)
    await repository.attach(tenant.business_id, client_id, wanted_ids - current)
    await events.record(session, tenant, "client", client_id, "tagged", {"tags": sorted(wanted.values())})
