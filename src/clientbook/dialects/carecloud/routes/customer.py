"""Customer-interface-only resources: device tokens and the customer login and logout on them (vendors.md §2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from clientbook.core import customer_sessions
from clientbook.core.errors import Forbidden
from clientbook.edge.deps import ContextDep, SessionDep

from .. import wire
from ..auth import CallerDep, open_device_token
from ..conventions import Interface, created, no_content, only
from ._common import body
from .tokens import own_token

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


@router.post("/tokens/{token_id}/actions/login", summary="postTokenLogin")
async def login(token_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> Any:
    token = own_token(caller, token_id, context.secret_key)
    given = await body(request, context, wire.TokenLogin)
    client = await customer_sessions.login(
        session, caller.tenant, token, given.login_type, given.login_value, given.password
    )
    return {"data": {"customer_id": str(client.id)}}


@router.post("/tokens/{token_id}/actions/logout", summary="postTokenLogout", status_code=204)
async def logout(token_id: str, caller: CallerDep, context: ContextDep, session: SessionDep) -> Response:
    token = own_token(caller, token_id, context.secret_key)
    if token.subject_id is None:
        raise Forbidden("No customer is logged in to this token")
    await customer_sessions.logout(session, token)
    return no_content()
