"""Merging duplicate clients: the survivor receives the merged clients' appointments, messages, notes and tags;
the merged clients are soft-deleted with `merged_into_id` pointing at the survivor (so a merge can be followed and
undone). All in the caller's one transaction; an event per merged client."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client, utcnow
from clientbook.store.repositories.merges import MergeRepository
from clientbook.store.repositories.people import ClientRepository

from . import clients, events
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant


async def merge(
    session: AsyncSession, tenant: Tenant, survivor_id: int, merged_ids: Sequence[int], *, field: str = "merged"
) -> Client:
    """Merge `merged_ids` into `survivor_id`; the survivor is returned. Refuses (naming `field.N`) unknown,
    deleted or repeated ids, and the survivor itself."""
    survivor = await clients.get(session, tenant, survivor_id)
    if not merged_ids:
        raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} must list at least one client")
    found = await ClientRepository(session).get_many(tenant.business_id, set(merged_ids))
    errors = []
    seen: set[int] = set()
    for index, client_id in enumerate(merged_ids):
        path = f"{field}.{index}"
        client = found.get(client_id)
        if client_id == survivor_id:
            errors.append(
                FieldError(path, Reason.NOT_ALLOWED, f"{path}: a client cannot be merged into itself", client_id)
            )
        elif client is None:
            errors.append(FieldError(path, Reason.NOT_FOUND, f"{path}: client {client_id} not found", client_id))
        elif client.deleted_at is not None:
            errors.append(FieldError(path, Reason.DELETED, f"{path}: client {client_id} is deleted", client_id))
        elif client_id in seen:
            errors.append(
                FieldError(path, Reason.NOT_ALLOWED, f"{path}: client {client_id} is listed twice", client_id)
            )
        seen.add(client_id)
    if errors:
        raise ValidationFailed(errors)
    repository = MergeRepository(session)
    moved = await repository.move_children(tenant.business_id, survivor_id, merged_ids)
    now = utcnow()
    await repository.mark_merged(tenant.business_id, survivor_id, found.values(), now, tenant.actor)
    for client_id in merged_ids:
        await events.record(session, tenant, "client", client_id, "merged", {"merged_into_id": survivor_id})
    await events.record(session, tenant, "client", survivor_id, "merged_from", {"ids": list(merged_ids), **moved})
    await ClientRepository(session).save(survivor, {"updated_at": now, "updated_by": tenant.actor})
    return survivor
