"""Customer-interface-only resources: device tokens and the customer login and logout on them (vendors.md §2)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import customer_sessions, secrets
from clientbook.core.errors import Forbidden
from clientbook.dialects._kit.deps import ContextDep, SessionDep

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
    token = await open_device_token(session, context, given.external_application_id, given.device.model_dump(), data)
    return created("token_id", token)


def _same_token(caller_token: str, path_token: str, server_key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secrets.keyed_hash(server_key, path_token), stored_hash) and bool(caller_token)


@router.post("/tokens/{token_id}/actions/login", summary="postTokenLogin")
async def login(token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    token = caller.token
    if token is None or not _same_token(token_id, token_id, context.secret_key, token.token_hash):
        raise ResourceNotFound("tokens", token_id)
    given = await body(request, context, wire.TokenLogin)
    client = await customer_sessions.login(
        session, caller.tenant, token, given.login_type, given.login_value, given.password
    )
    return {"data": {"customer_id": str(client.id)}}


@router.post("/tokens/{token_id}/actions/logout", summary="postTokenLogout", status_code=204)
async def logout(token_id: str, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    token = caller.token
    if token is None or not _same_token(token_id, token_id, context.secret_key, token.token_hash):
        raise ResourceNotFound("tokens", token_id)
    if token.subject_id is None:
        raise Forbidden("No customer is logged in to this token")
    await customer_sessions.logout(session, token)
    return no_content()
