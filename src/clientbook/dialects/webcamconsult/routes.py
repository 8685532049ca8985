"""Webcamconsult HTTP routes: parse → map → one core call → map (seed 002). Every documented path, plus the other
number for member paths, a missing `.json` and the documented double slash (vendors.md K1, K2)."""

from __future__ import annotations

import builtins
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from clientbook.context import Context
from clientbook.core import appointments, clients, staff
from clientbook.core.clients import ClientRules
from clientbook.core.errors import (
    AppointmentNotFound,
    ClientNotFound,
    MalformedRequest,
    NotFound,
    Reason,
    StaffNotFound,
    ValidationFailed,
)
from clientbook.core.text import is_digits
from clientbook.core.types import Tenant, Transaction
from clientbook.dialects._kit.codecs import from_hex24
from clientbook.edge.body import openapi_body, parse_json, read_body
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.streaming import json_array
from clientbook.edge.validation import field_errors, validate
from clientbook.store.models import Appointment, Client

from . import mapping, wire
from .auth import TenantDep

router = APIRouter()

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
W = TypeVar("W", bound=BaseModel)

# Documented rules (seed 002, issue 5): users need a last name and a well-formed e-mail unique among the business's
# users; clients need a last name.
USER_REQUIRED = ("last_name", "email")
CLIENT_RULES = ClientRules(required=("last_name",))
RESOURCES = frozenset({"users", "user", "clients", "client", "appointments", "appointment"})
OK = wire.Status()


class PathForms:
    """Collapse repeated slashes (K1: `//users.json`) and add a missing `.json` (K2) before routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            root = scope.get("root_path", "")
            path: str = scope["path"]
            inner = path[len(root) :] if root and path.startswith(root) else path
            normal = normalize(inner)
            if normal != inner:  # in place: the root app reads the matched route from this scope after routing
                scope["path"] = root + normal if path.startswith(root) else normal
        await self.app(scope, receive, send)


def normalize(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path)
    segments = path.strip("/").split("/")
    if segments[0].removesuffix(".json") in RESOURCES and len(segments) <= 2:
        resource = "/" + "/".join(segments)
        return resource if resource.endswith(".json") else resource + ".json"
    return path


@asynccontextmanager
async def _record(request: Request, context: Context, root: str, model: type[M]) -> AsyncIterator[M]:
    """The record of a `{"<root>": {…}}` body, for the core call inside the block. An unwrapped record is taken as is,
    as Rails' `wrap_parameters` does.

    Malformed attributes are left out of the record and the core call runs all the same, so one 422 names every bad
    attribute (the core's refusals beside the wire's). Any refusal rolls the request's transaction back: nothing is
    kept."""
    raw = getattr(request.state, "raw_body", None)  # read already when the token came in the body
    if raw is None:
        raw = await read_body(request, context.settings.max_body_bytes)
    try:
        data = parse_json(raw)
    except ValidationFailed as error:  # a bad string: name the attribute inside the `{"<root>": …}` wrapper
        prefix = f"{root}."
        raise ValidationFailed([replace(e, field=e.field.removeprefix(prefix)) for e in error.errors]) from error
    if not isinstance(data, dict):
        raise MalformedRequest("Request body must be a JSON object")
    fields = data.get(root, data)
    if not isinstance(fields, dict):
        raise ValidationFailed.single(root, Reason.INVALID_FORMAT, f"{root} must be an object", fields)
    try:
        record, errors = model.model_validate(fields), []
    except ValidationError as error:
        errors = field_errors(error)
        bad = {e.field.split(".")[0] for e in errors}
        record = validate(model, {k: v for k, v in fields.items() if k not in bad})
    try:
        yield record
    except ValidationFailed as error:
        if not errors:
            raise
        named = {mapping.wire_field(e.field) for e in errors}
        more = [e for e in error.errors if mapping.wire_field(e.field) not in named]
        raise ValidationFailed(errors + more) from error
    if errors:
        raise ValidationFailed(errors)


class _Listed(Protocol[R]):
    """A core module's two ways of listing a business's records (staff, clients, appointments)."""

    async def list(
        self, session: AsyncSession, tenant: Tenant, *, limit: int | None = None, offset: int = 0
    ) -> builtins.list[R]: ...

    def stream(self, transaction: Transaction, tenant: Tenant) -> AsyncIterator[builtins.list[R]]: ...


@dataclass(frozen=True)
class Paging:
    limit: int | None = None
    offset: int = 0

    async def answer(
        self, records: _Listed[R], render: Callable[[R], W], context: Context, tenant: Tenant, session: AsyncSession
    ) -> list[W] | Response:
        """The page asked for, or without paging every record, streamed from a server-side cursor."""
        if self.limit is None:
            return json_array(records.stream(context.db.transaction, tenant), render)
        return [render(r) for r in await records.list(session, tenant, limit=self.limit, offset=self.offset)]


DEFAULT_PER_PAGE = 25  # Kaminari's, as a Rails app would page
MAX_PER_PAGE = 1000
MAX_PAGE = 10**9


def _positive(value: str | None, ceiling: int) -> int | None:
    number = value.strip() if value else ""
    return min(int(number), ceiling) if is_digits(number) and int(number) > 0 else None


async def _paging(
    page: Annotated[
        str | None, Query(description="optional: 1-based page (an extension; the docs have no paging)")
    ] = None,
    per_page: Annotated[str | None, Query(description=f"optional: page size, {DEFAULT_PER_PAGE} by default")] = None,
) -> Paging:
    """Lenient optional paging (vendors.md §3): values that are no positive number are ignored; no parameter, no
    paging."""
    number, size = _positive(page, MAX_PAGE), _positive(per_page, MAX_PER_PAGE)
    if number is None and size is None:
        return Paging()
    size = size or DEFAULT_PER_PAGE
    return Paging(size, ((number or 1) - 1) * size)


PagingDep = Annotated[Paging, Depends(_paging)]


def _id(value: str, missing: type[NotFound]) -> int:
    """A 24-hex id as the core id; anything else names no record (404)."""
    core_id = from_hex24(value)
    if core_id is None:
        raise missing(field="id", id=value)
    return core_id


def member(*paths: str, methods: list[str], body: type[BaseModel] | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a member route on its documented path and method, and on the undocumented spellings clients also
    use (K2; PATCH beside PUT, as Rails routes both to update). `body` documents the JSON body the route reads."""
    if body is not None:
        kwargs["openapi_extra"] = openapi_body(body)

    def register(endpoint: F) -> F:
        for index, path in enumerate(paths):
            for method in methods:
                documented = index == 0 and method == methods[0]
                router.add_api_route(path, endpoint, methods=[method], include_in_schema=documented, **kwargs)
        return endpoint

    return register


# Users ---------------------------------------------------------------------------------------------------------------

USER = ("/users/{user_id}.json", "/user/{user_id}.json")


@router.get("/users.json", response_model=list[wire.User])
async def list_users(
    context: ContextDep, tenant: TenantDep, session: SessionDep, paging: PagingDep
) -> list[wire.User] | Response:
    """List all users (the business's staff, deleted ones left out)."""
    return await paging.answer(staff, mapping.to_wire_user, context, tenant, session)


@router.post("/users.json", response_model=wire.UserEnvelope, openapi_extra=openapi_body(wire.UserRequestEnvelope))
async def create_user(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """Create a user; `id`, `full_name` and `roles` are generated."""
    async with _record(request, context, "user", wire.UserRequest) as record:
        changes = mapping.to_core_user(record)
        created = await staff.create(session, tenant, changes, required=USER_REQUIRED, unique_email=True)
    return wire.UserEnvelope(user=mapping.to_wire_user(created))


@member(*USER, methods=["GET"], response_model=wire.UserEnvelope)
async def show_user(user_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """View a user."""
    found = await staff.get(session, tenant, _id(user_id, StaffNotFound))
    return wire.UserEnvelope(user=mapping.to_wire_user(found))


@member(*USER, methods=["PUT", "PATCH"], response_model=wire.UserEnvelope, body=wire.UserRequestEnvelope)
async def update_user(
    user_id: str, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Update a user: attributes left out stay as they are; read-only ones are ignored."""
    core_id = _id(user_id, StaffNotFound)
    await staff.get(session, tenant, core_id)
    async with _record(request, context, "user", wire.UserRequest) as record:
        changes = mapping.to_core_user(record)
        updated = await staff.update(session, tenant, core_id, changes, required=USER_REQUIRED, unique_email=True)
    return wire.UserEnvelope(user=mapping.to_wire_user(updated))


@member(*USER, methods=["DELETE"], response_model=wire.Status)
async def delete_user(user_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """Delete a user (soft: gone from lists, 404 after). A body, if any, is ignored (K6)."""
    await staff.delete(session, tenant, _id(user_id, StaffNotFound))
    return OK


# Clients -------------------------------------------------------------------------------------------------------------

CLIENT = ("/client/{client_id}.json", "/clients/{client_id}.json")


@router.get("/clients.json", response_model=list[wire.ClientListItem])
async def list_clients(
    context: ContextDep, tenant: TenantDep, session: SessionDep, paging: PagingDep
) -> list[wire.ClientListItem] | Response:
    """List all clients, each with its `authentication_token` (K7)."""

    def render(client: Client) -> wire.ClientListItem:
        return mapping.to_wire_client_item(client, tenant.time_zone, context.secret_key)

    return await paging.answer(clients, render, context, tenant, session)


@router.post(
    "/clients.json", response_model=wire.ClientEnvelope, openapi_extra=openapi_body(wire.ClientRequestEnvelope)
)
async def create_client(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """Create a client; `id` and `client_full_name` are generated."""
    async with _record(request, context, "client", wire.ClientRequest) as record:
        created = await clients.create(session, tenant, mapping.to_core_client(record), rules=CLIENT_RULES)
    return wire.ClientEnvelope(client=mapping.to_wire_client(created, tenant.time_zone))


@member(*CLIENT, methods=["GET"], response_model=wire.ClientEnvelope)
async def show_client(client_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """View a client."""
    found = await clients.get(session, tenant, _id(client_id, ClientNotFound))
    return wire.ClientEnvelope(client=mapping.to_wire_client(found, tenant.time_zone))


@member(*CLIENT, methods=["PUT", "PATCH"], response_model=wire.ClientEnvelope, body=wire.ClientRequestEnvelope)
async def update_client(
    client_id: str, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Update a client: attributes left out stay as they are; read-only ones are ignored."""
    core_id = _id(client_id, ClientNotFound)
    await clients.get(session, tenant, core_id)
    async with _record(request, context, "client", wire.ClientRequest) as record:
        updated = await clients.update(session, tenant, core_id, mapping.to_core_client(record), rules=CLIENT_RULES)
    return wire.ClientEnvelope(client=mapping.to_wire_client(updated, tenant.time_zone))


@member(*CLIENT, methods=["DELETE"], response_model=wire.Status)
async def delete_client(client_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """Delete a client (soft: gone from lists, 404 after). A body, if any, is ignored (K6)."""
    await clients.delete(session, tenant, _id(client_id, ClientNotFound))
    return OK


# Appointments --------------------------------------------------------------------------------------------------------

APPOINTMENT = ("/appointment/{appointment_id}.json", "/appointments/{appointment_id}.json")


@router.get("/appointments.json", response_model=list[wire.Appointment])
async def list_appointments(
    context: ContextDep, tenant: TenantDep, session: SessionDep, paging: PagingDep
) -> list[wire.Appointment] | Response:
    """List all appointments, earliest first."""

    def render(appointment: Appointment) -> wire.Appointment:
        return mapping.to_wire_appointment(appointment, tenant.time_zone)

    return await paging.answer(appointments, render, context, tenant, session)


@router.post(
    "/appointments.json",
    response_model=wire.AppointmentEnvelope,
    openapi_extra=openapi_body(wire.AppointmentRequestEnvelope),
)
async def create_appointment(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """Create an appointment (state `idle`); read-only attributes sent along are ignored (K4)."""
    async with _record(request, context, "appointment", wire.AppointmentRequest) as record:
        changes = mapping.to_core_appointment(record, tenant.time_zone)
        created = await appointments.create(session, tenant, changes, collect_errors=True)
    return wire.AppointmentEnvelope(appointment=mapping.to_wire_appointment(created, tenant.time_zone))


@member(*APPOINTMENT, methods=["GET"], response_model=wire.AppointmentEnvelope)
async def show_appointment(appointment_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """View an appointment."""
    found = await appointments.get(session, tenant, _id(appointment_id, AppointmentNotFound))
    return wire.AppointmentEnvelope(appointment=mapping.to_wire_appointment(found, tenant.time_zone))


@member(
    *APPOINTMENT,
    methods=["PUT", "PATCH"],
    response_model=wire.AppointmentEnvelope,
    body=wire.AppointmentRequestEnvelope,
)
async def update_appointment(
    appointment_id: str, request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep
) -> Any:
    """Update an appointment: attributes left out stay as they are; read-only ones are ignored (K4)."""
    core_id = _id(appointment_id, AppointmentNotFound)
    await appointments.get(session, tenant, core_id)
    async with _record(request, context, "appointment", wire.AppointmentRequest) as record:
        changes = mapping.to_core_appointment(record, tenant.time_zone)
        updated = await appointments.update(session, tenant, core_id, changes, collect_errors=True)
    return wire.AppointmentEnvelope(appointment=mapping.to_wire_appointment(updated, tenant.time_zone))


@member(*APPOINTMENT, methods=["DELETE"], response_model=wire.Status)
async def delete_appointment(appointment_id: str, tenant: TenantDep, session: SessionDep) -> Any:
    """Delete an appointment (soft: gone from lists, 404 after). A body, if any, is ignored (K6)."""
    await appointments.delete(session, tenant, _id(appointment_id, AppointmentNotFound))
    return OK
