"""Customer-interface-only resources: device tokens and the customer login and logout on them (vendors.md §2)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import customer_sessions, secrets
from clientbook.core.errors import Forbidden
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.store.models import ApiToken

from .. import wire
from ..auth import CallerDep, open_device_token
from ..conventions import Interface, ResourceNotFound, created, no_content, only
from ._common import body

router = APIRouter(dependencies=[Depends(only(Interface.CUSTOMER, resource="tokens"))])


@router.post("/tokens", summary="postToken", status_code=201)
async def create_token(request: Request, context: ContextDep, session: SessionDep) -> JSONResponse:
    """No Authorization needed (or the deprecated `Basic base64("customer_interface:")`)."""
    given = await body(request, context, wire.NewToken)
    data = {
        "device": given.device.model_dump(),
        "setup": given.setup.model_dump(),
        "push_token": given.push_token,
    }
    token = await open_device_token(
        request, session, context, given.external_application_id, given.device.model_dump(), data
    )
    return created("token_id", token)


def _is_callers(token: ApiToken | None, path_token: str, server_key: str) -> bool:
    """The token in the path is the one the request authenticated with (a customer acts on their own token only)."""
    return token is not None and hmac.compare_digest(secrets.keyed_hash(server_key, path_token), token.token_hash)


@router.post("/tokens/{token_id}/actions/login", summary="postTokenLogin")
async def login(token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    token = caller.token
    if token is None or not _is_callers(token, token_id, context.secret_key):
        raise ResourceNotFound("tokens", token_id)
    given = await body(request, context, wire.TokenLogin)
    client = await customer_sessions.login(
        session, caller.tenant, token, given.login_type, given.login_value, given.password
    )
    return {"data": {"customer_id": str(client.id)}}


@router.post("/tokens/{token_id}/actions/logout", summary="postTokenLogout", status_code=204)
async def logout(token_id: str, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    token = caller.token
    if token is None or not _is_callers(token, token_id, context.secret_key):
        raise ResourceNotFound("tokens", token_id)
    if token.subject_id is None:
        raise Forbidden("No customer is logged in to this token")
    await customer_sessions.logout(session, token)
    return no_content()
