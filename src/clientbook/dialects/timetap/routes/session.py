"""`GET /sessionToken` (vendors.md §1 Authentication)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from clientbook.edge.deps import ContextDep, SessionDep

from .. import auth

router = APIRouter()


def _required(name: str, description: str) -> dict[str, object]:
    return {"name": name, "in": "query", "required": True, "schema": {"type": "string"}, "description": description}


# The three parameters are required (vendors.md §1); the route reads them itself, so that a missing one is refused in
# TimeTap's own 400 form instead of FastAPI's.
SESSION_PARAMETERS = [
    _required("apiKey", "the business's API key"),
    _required("timestamp", "Unix time in seconds (UTC)"),
    _required("signature", "MD5 hex of apiKey + private key"),
]


@router.get("/sessionToken", tags=["session"], openapi_extra={"parameters": SESSION_PARAMETERS})
async def session_token(request: Request, context: ContextDep, session: SessionDep) -> dict[str, str]:
    """A session token for the key pair: `signature` is the MD5 hex of apiKey + private key."""
    query = request.query_params
    return {
        "sessionToken": await auth.open_session(request, session, context, query.get("apiKey"), query.get("signature"))
    }
