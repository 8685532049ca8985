"""Who may view whom: a client with a scheduler login may view (and book for) other clients of the business.

A client's account id is their client id once they have a login (a password); `viewer` ids are client ids.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client
from clientbook.store.repositories.client_records import AccessRepository
from clientbook.store.repositories.people import ClientRepository

from . import events
from .errors import FieldError, Reason, ValidationFailed
from .types import Tenant


def account_id(client: Client) -> int | None:
    """The scheduler login's id: set once the client has a password."""
    return client.id if client.password_hash else None


async def viewers_of(session: AsyncSession, tenant: Tenant, client_ids: Collection[int]) -> dict[int, list[int]]:
    """For each client, the ids of the clients who may view them."""
    return await AccessRepository(session).viewers_of(tenant.business_id, client_ids)


async def viewable_by(session: AsyncSession, tenant: Tenant, viewer_ids: Collection[int]) -> dict[int, list[int]]:
    """For each viewer, the ids of the clients they may view."""
    return await AccessRepository(session).viewable_by(tenant.business_id, viewer_ids)


async def _check_clients(session: AsyncSession, tenant: Tenant, ids: Sequence[int], field: str) -> None:
    found = await ClientRepository(session).get_many(tenant.business_id, set(ids))
    errors = [
        FieldError(f"{field}.{index}", Reason.NOT_FOUND, f"{field}.{index}: client {value} not found", value)
        for index, value in enumerate(ids)
        if value not in found or found[value].deleted_at is not None
    ]
    if errors:
        raise ValidationFailed(errors)


async def set_viewers(
    session: AsyncSession, tenant: Tenant, client_id: int, viewer_ids: Sequence[int], *, field: str = "viewers"
) -> None:
    """Exactly these clients may view `client_id`."""
    await _replace(session, tenant, client_id, viewer_ids, field, "viewers")


async def set_viewable(
    session: AsyncSession, tenant: Tenant, viewer_id: int, client_ids: Sequence[int], *, field: str = "viewable"
) -> None:
    """`viewer_id` may view exactly these clients."""
    await _replace(session, tenant, viewer_id, client_ids, field, "viewable")


async def _replace(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    ids: Sequence[int],
    field: str,
    side: Literal["viewers", "viewable"],
) -> None:
    """Make `ids` exactly the client's viewers (or the clients they may view), with a `<side>_set` event when that
    changes anything."""
    await _check_clients(session, tenant, ids, field)
    repository = AccessRepository(session)
    read, replace = (
        (repository.viewers_of, repository.replace_viewers)
        if side == "viewers"
        else (repository.viewable_by, repository.replace_viewable)
    )
    current = (await read(tenant.business_id, [client_id])).get(client_id, [])
    if set(current) != set(ids):
        await replace(tenant.business_id, client_id, ids)
        await events.record(session, tenant, "client", client_id, f"{side}_set", {side: list(ids)})
