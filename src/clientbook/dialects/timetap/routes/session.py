"""`GET /sessionToken` (vendors.md §1 Authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth

router = APIRouter()


@router.get("/sessionToken")
async def session_token(
    context: ContextDep,
    session: SessionDep,
    apiKey: str | None = None,
    timestamp: str | None = None,
    signature: str | None = None,
) -> dict[str, str]:
    """A session token for the key pair: `signature` is the MD5 hex of apiKey + private key."""
    return {"sessionToken": await auth.open_session(session, context, apiKey, signature)}
