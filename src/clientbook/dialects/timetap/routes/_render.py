"""Client objects for a page of clients: the related rows are loaded once per page (no query per client)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import client_views
from clientbook.core.types import Tenant
from clientbook.store.models import Client

from ..rendering import ClientView, to_wire_client


async def view_for(
    session: AsyncSession, tenant: Tenant, clients: Sequence[Client], *, show_forms: bool = False, bare: bool = False
) -> ClientView:
    found = await client_views.views(session, tenant, [c.id for c in clients], bare=bare)
    return ClientView(
        definitions=found.definitions,
        time_zone=tenant.time_zone,
        tags=found.tags,
        custom=found.custom,
        viewers=found.viewers,
        viewable=found.viewable,
        notes=found.notes,
        show_forms=show_forms,
    )


async def render(
    session: AsyncSession, tenant: Tenant, clients: Sequence[Client], *, show_forms: bool = False, bare: bool = False
) -> list[dict[str, Any]]:
    if not clients:
        return []
    view = await view_for(session, tenant, clients, show_forms=show_forms, bare=bare)
    return [to_wire_client(c, view) for c in clients]


async def render_one(session: AsyncSession, tenant: Tenant, client: Client, *, bare: bool = False) -> dict[str, Any]:
    """`bare`: created just now with nothing beside its row (client_views.views)."""
    return (await render(session, tenant, [client], bare=bare))[0]
