"""Notes on a client. Their text is searchable (the search document includes every live note)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Note, utcnow
from clientbook.store.repositories.client_records import NoteRepository

from . import events
from .types import Tenant


async def for_clients(session: AsyncSession, tenant: Tenant, client_ids: Collection[int]) -> dict[int, list[Note]]:
    """The live notes of each client, oldest first, in one query."""
    return await NoteRepository(session).for_clients(tenant.business_id, client_ids)


def text_of(notes: list[Note]) -> str | None:
    return "\n".join(n.body for n in notes) or None


async def add(session: AsyncSession, tenant: Tenant, client_id: int, body: str) -> Note:
    note = Note(business_id=tenant.business_id, client_id=client_id, body=body, created_by=tenant.actor)
    await NoteRepository(session).add(note)
    await events.record(session, tenant, "note", note.id, "created", {"client_id": client_id})
    return note


async def replace_text(session: AsyncSession, tenant: Tenant, client_id: int, text: str | None) -> None:
    """Make the client's notes read `text`: unchanged text writes nothing; otherwise the old notes are soft-deleted
    and `text` (when not empty) becomes the one live note."""
    text = (text or "").strip() or None
    current = await for_clients(session, tenant, [client_id])
    if text_of(current.get(client_id, [])) == text:
        return
    await NoteRepository(session).delete_for_client(tenant.business_id, client_id, utcnow())
    if text is not None:
        await add(session, tenant, client_id, text)
