"""One client: read, create, replace (PUT), change (PATCH), soft delete, merge (seed 001; T2, T4, T10)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import client_profiles, clients, fields, merges
from clientbook.core.clients import ClientRules
from clientbook.core.errors import MalformedRequest, Reason, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.edge.body import openapi_body, read_json, read_json_object
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.rendered import json_answer
from clientbook.edge.validation import validate

from .. import mapping, wire
from ..auth import TenantDep
from ..params import MAX_ID, ClientIdPath
from ._render import render_one

router = APIRouter()

# T10: required for POST (fullName is derived when missing; `fields` is not insisted on).
RULES = ClientRules(required=("first_name", "last_name", "email"))


async def _write(
    request: Request, context: Any, session: AsyncSession, tenant: Tenant, client_id: int | None, *, replace: bool
) -> Response:
    """Create (no id) or update a client and everything the body sets beside its columns, in one transaction, and
    answer with the client written."""
    body = validate(wire.ClientRequest, await read_json_object(request, context.settings.max_body_bytes))
    if client_id is not None and body.clientId is not None and body.clientId != client_id:
        raise ValidationFailed.single("id", Reason.NOT_ALLOWED, "id in the body differs from the path", body.clientId)
    current = await clients.get(session, tenant, client_id) if client_id is not None else None
    definitions = await fields.definitions(session, tenant)
    extra = current.extra if current is not None else None
    profile = mapping.to_core_client(body, definitions, replace=replace, current_extra=extra)
    client = await client_profiles.write(session, tenant, client_id, profile, rules=RULES)
    return json_answer(await render_one(session, tenant, client, bare=client_id is None and not profile.beside_row))


@router.get("/clients/{clientId}", response_model=dict[str, Any])
async def get_client(clientId: ClientIdPath, tenant: TenantDep, session: SessionDep) -> Response:
    """The client, also once deleted (`deleted: true`)."""
    client = await clients.get(session, tenant, clientId, include_deleted=True)
    return json_answer(await render_one(session, tenant, client))


@router.post("/clients", openapi_extra=openapi_body(wire.ClientRequest))
async def create_client(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """A new client; firstName, lastName and emailAddress are required (T10)."""
    return await _write(request, context, session, tenant, None, replace=False)


@router.put("/clients/{clientId}", openapi_extra=openapi_body(wire.ClientRequest))
async def replace_client(
    clientId: ClientIdPath, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Replace the client: optional properties left out are cleared."""
    return await _write(request, context, session, tenant, clientId, replace=True)


@router.patch("/clients/{clientId}", openapi_extra=openapi_body(wire.ClientRequest))
async def change_client(
    clientId: ClientIdPath, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Change only the properties the body names (T2: the seed's `{clientIid}` is `{clientId}`)."""
    return await _write(request, context, session, tenant, clientId, replace=False)


@router.delete("/clients/{clientId}")
async def delete_client(clientId: ClientIdPath, tenant: TenantDep, session: SessionDep) -> Any:
    """Soft delete (T4): the client reads back with `deleted: true` and leaves every list."""
    await clients.delete(session, tenant, clientId)
    return json_answer(
        await render_one(session, tenant, await clients.get(session, tenant, clientId, include_deleted=True))
    )


def _merged_ids(data: Any) -> list[int]:
    """The body: an array of clients (objects with clientId) or of client ids."""
    if not isinstance(data, list):
        raise MalformedRequest("Request body must be a JSON array of clients", field="body")
    found = []
    for index, item in enumerate(data):
        value = item.get("clientId") if isinstance(item, dict) else item
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID:
            raise ValidationFailed.single(
                f"body.{index}.clientId", Reason.INVALID_FORMAT, f"body.{index}.clientId must be a client id", value
            )
        found.append(value)
    return found


# The merge body is read by `_merged_ids`, not a model: documented by hand so the served document names it.
MERGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "description": "the clients to merge into this one: client ids, or clients with their clientId",
                    "items": {
                        "anyOf": [
                            {"type": "integer"},
                            {
                                "type": "object",
                                "required": ["clientId"],
                                "properties": {"clientId": {"type": "integer"}},
                            },
                        ]
                    },
                }
            }
        },
    }
}


@router.post("/clients/merge/{clientId}", openapi_extra=MERGE_BODY)
async def merge_clients(
    clientId: ClientIdPath, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Merge the body's clients into this one: their appointments, messages, notes and tags move here, and they
    are soft-deleted with a pointer to this client."""
    merged = _merged_ids(await read_json(request, context.settings.max_body_bytes))
    survivor = await merges.merge(session, tenant, clientId, merged, field="body")
    return json_answer(await render_one(session, tenant, survivor))
