"""What a client view shows beyond the client row, for a set of clients at once: at most two statements (the field
definitions, and one for every related row of every client), so a get and a page cost the same round trips."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import fields
from clientbook.core.types import Tenant
from clientbook.store.models import FieldDefinition
from clientbook.store.repositories.client_relations import ClientRelationsRepository


@dataclass(frozen=True)
class ClientViews:
    definitions: Sequence[FieldDefinition]
    tags: Mapping[int, list[str]]
    custom: Mapping[int, Mapping[int, str | None]]
    viewers: Mapping[int, list[int]]
    viewable: Mapping[int, list[int]]
    notes: Mapping[int, str | None]


async def views(
    session: AsyncSession, tenant: Tenant, client_ids: Collection[int], *, bare: bool = False
) -> ClientViews:
    """`bare`: the clients were created in this transaction with nothing beside their rows
    (`ClientProfile.beside_row` false), so there is nothing related to read (one statement less per create)."""
    related = await ClientRelationsRepository(session).related(tenant.business_id, () if bare else client_ids)
    return ClientViews(
        definitions=await fields.definitions(session, tenant),
        tags=related.tags,
        custom=related.custom,
        viewers=related.viewers,
        viewable=related.viewable,
        # the same text notes.text_of gives: live notes oldest first, joined by newlines
        notes={client_id: "\n".join(bodies) or None for client_id, bodies in related.notes.items()},
    )
