"""Client objects for a page of clients: the related rows are loaded once per page (no query per client)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import client_access, fields, notes, tags
from clientbook.core.types import Tenant
from clientbook.store.models import Client

from ..mapping import ClientView, to_wire_client


async def view_for(
    session: AsyncSession, tenant: Tenant, clients: Sequence[Client], *, show_forms: bool = False
) -> ClientView:
    ids = [c.id for c in clients]
    all_notes = await notes.for_clients(session, tenant, ids)
    return ClientView(
        definitions=await fields.definitions(session, tenant),
        time_zone=tenant.time_zone,
        tags=await tags.for_clients(session, tenant, ids),
        custom=await fields.values_for(session, tenant, ids),
        viewers=await client_access.viewers_of(session, tenant, ids),
        viewable=await client_access.viewable_by(session, tenant, ids),
        notes={client_id: notes.text_of(found) for client_id, found in all_notes.items()},
        show_forms=show_forms,
    )


async def render(
    session: AsyncSession, tenant: Tenant, clients: Sequence[Client], *, show_forms: bool = False
) -> list[dict[str, Any]]:
    if not clients:
        return []
    view = await view_for(session, tenant, clients, show_forms=show_forms)
    return [to_wire_client(c, view) for c in clients]


async def render_one(session: AsyncSession, tenant: Tenant, client: Client) -> dict[str, Any]:
    return (await render(session, tenant, [client]))[0]
