"""FastAPI dependencies: the shared context and one transaction per request (DESIGN rule 2)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context

from . import idempotency


async def get_context(request: Request) -> Context:
    context: Context = request.app.state.context
    return context


ContextDep = Annotated[Context, Depends(get_context)]


async def transaction(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """Open the request's transaction; commit when the endpoint returns, roll back when it raises.

    `scope="function"` makes the commit happen before the response is sent, so a 200 means it is stored. A write
    sent with an `Idempotency-Key` commits a moment later, together with its answer (edge/idempotency.py).
    """
    async with idempotency.request_transaction(context) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(transaction, scope="function")]
