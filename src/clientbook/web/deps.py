"""The web app's dependencies: the shared context and one transaction per request (DESIGN rule 2)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context


async def get_context(request: Request) -> Context:
    context: Context = request.app.state.context
    return context


ContextDep = Annotated[Context, Depends(get_context)]


async def transaction(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """Committed before the response is sent (`scope="function"`), rolled back when the page raises."""
    async with context.db.transaction() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(transaction, scope="function")]
