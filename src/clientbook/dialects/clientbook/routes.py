"""Native API routes: parse → mapping → one core call → mapping."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from clientbook.core import feed
from clientbook.edge import longpoll
from clientbook.edge.deps import ContextDep

from . import mapping, wire
from .auth import ReaderDep

router = APIRouter()

AFTER = "the `next_cursor` (or a change's `cursor`) read last; empty: from the first change"
TYPES = "comma-separated entities (`client`) or entity.action (`client.deleted`); empty: every change"
WAIT = f"seconds to wait for a change when none is ready (long poll, at most {feed.MAX_WAIT:g})"


@router.get("/changes", response_model=wire.ChangesPage, summary="Every change of the business, in commit order")
async def list_changes(
    tenant: ReaderDep,
    context: ContextDep,
    after: Annotated[str | None, Query(description=AFTER)] = None,
    limit: Annotated[int, Query(description=f"at most {feed.MAX_LIMIT}")] = 100,
    types: Annotated[str | None, Query(description=TYPES)] = None,
    wait: Annotated[float, Query(description=WAIT)] = 0,
) -> wire.ChangesPage:
    """Creates, updates (with the changed fields), deletes as tombstones, merges (with `merged_into`) and restores
    of clients, staff, appointments, messages (with their delivery states) and every other record, oldest first.
    A change is listed once and never skipped, however the writers' transactions interleave."""
    wanted = mapping.to_core_types(types)
    feed.check_wait(wait)
    page = await longpoll.poll(
        context,
        lambda session: feed.read(session, tenant, after=after, limit=limit, types=wanted),
        ready=lambda page: bool(page.changes),
        wait=wait,
    )
    return mapping.to_wire_page(page)
