"""What every CareCloud route shares: reading a body in the request's form, naming fields on the wire, and the
resources we keep no records of."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from fastapi import APIRouter, Request
from fastapi.params import Depends
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core.errors import FieldError, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.edge.body import read_json_object
from clientbook.edge.deps import SessionDep
from clientbook.edge.errors import route_class
from clientbook.edge.validation import validate

from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    Interface,
    Page,
    ResourceNotFound,
    Sort,
    body_id,
    enterprise_only,
    language,
    listing,
    page,
    path_id,
    sort,
    sort_and_page,
    text_param,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


async def body(request: Request, context: Context, model: type[M], *, wrapper: str | None = None) -> M:
    """The JSON body as `model`; errors name the wire path below the `wrapper` key (`personal_information.email`)."""
    data: Any = await read_json_object(request, context.settings.max_body_bytes)
    try:
        return validate(model, data)
    except ValidationFailed as error:
        if wrapper is None:
            raise
        prefix = f"{wrapper}."
        renamed = [
            FieldError(e.field.removeprefix(prefix), e.reason, e.message.replace(prefix, "", 1), e.value)
            for e in error.errors
        ]
        raise ValidationFailed(renamed) from error


def wire_names(names: Mapping[str, str]) -> type[APIRoute]:
    """A router's route class: its refusals name core fields as this resource spells them (`errors.render`)."""
    return route_class(names)


E = TypeVar("E", bound=Callable[..., Any])


class Decorator(Protocol):
    """What `router.post(...)` returns: it registers the endpoint and gives it back unchanged."""

    def __call__(self, endpoint: E, /) -> E: ...


class EnterpriseOnly:
    """A router's operations that only the enterprise interface offers ("Action methods are available only in
    Enterprise API", the spec): `router.get/post/put/delete` with the dependency that answers the customer
    interface's call with a 403 `interface_not_allowed_exception` naming `resource`."""

    def __init__(self, router: APIRouter, resource: str) -> None:
        self.router = router
        self.dependencies = enterprise_only(resource)

    def route(self, method: str, path: str, summary: str, status_code: int | None) -> Decorator:
        return self.router.api_route(
            path, methods=[method], summary=summary, status_code=status_code, dependencies=self.dependencies
        )

    def get(self, path: str, *, summary: str) -> Decorator:
        return self.route("GET", path, summary, None)

    def post(self, path: str, *, summary: str, status_code: int | None = None) -> Decorator:
        return self.route("POST", path, summary, status_code)

    def put(self, path: str, *, summary: str, status_code: int | None = None) -> Decorator:
        return self.route("PUT", path, summary, status_code)

    def delete(self, path: str, *, summary: str, status_code: int | None = None) -> Decorator:
        return self.route("DELETE", path, summary, status_code)


def empty_list(router: APIRouter, path: str, key: str, summary: str, *, dependencies: Sequence[Depends] = ()) -> None:
    """`GET path`: a list of records we keep none of (docs/carecloud.md). Its paging and sort are checked all the
    same, so a bad `count`, `offset` or `sort_field` is refused as on any list."""

    async def list_none(request: Request, caller: CallerDep) -> Any:
        page(request)
        sort(request)
        return listing(key, [], 0)

    router.add_api_route(path, list_none, methods=["GET"], summary=summary, dependencies=list(dependencies))


def empty_resource(
    router: APIRouter,
    item_path: str,
    key: str,
    *,
    list_summary: str,
    get_summary: str,
    list_dependencies: Sequence[Depends] = (),
) -> None:
    """A resource we keep no records of (`/reward-properties/{reward_property_id}`): its list is empty
    (`empty_list`), and any id it is asked for is a 404 naming the resource."""
    list_path, _, last = item_path.rpartition("/")
    resource, name = list_path.rsplit("/", 1)[-1], last.strip("{}")
    empty_list(router, list_path, key, list_summary, dependencies=list_dependencies)

    async def get_none(request: Request, caller: CallerDep) -> Any:
        raise ResourceNotFound(resource, request.path_params[name])

    router.add_api_route(item_path, get_none, methods=["GET"], summary=get_summary)


# ---- reference resources: a business's small lists, read whole ----------------------------------------------------


@dataclass(frozen=True)
class Small:
    """A list small enough to load whole (a business's types, sources, properties): its paging and sort are read,
    and so refused, before anything is loaded; `answer` filters, orders and cuts it in memory."""

    request: Request
    paging: Page
    order: Sort

    def answer(
        self,
        key: str,
        records: list[dict[str, Any]],
        *,
        contains: Mapping[str, str] = MappingProxyType({}),
        equals: Mapping[str, str] = MappingProxyType({}),
    ) -> dict[str, Any]:
        """`listing(key, …)` of the records left by the query's text filters: `contains` (query parameter → field
        holding a part of it, in any case) and `equals` (query parameter → field equal to it)."""
        for param, field in contains.items():
            part = (text_param(self.request, param) or "").lower()
            records = [r for r in records if part in str(r.get(field) or "").lower()]
        for param, field in equals.items():
            value = text_param(self.request, param)
            records = [r for r in records if value is None or r.get(field) == value]
        return listing(key, sort_and_page(records, self.order, self.paging), len(records))


def small(request: Request, sortable: Iterable[str] | None = None) -> Small:
    """`Small` of the request (`sortable`: the fields `sort_field` may name, when not every listed one)."""
    return Small(request, page(request), sort(request, sortable))


@contextmanager
def not_found_as(missing: type[Exception], resource: str, raw: str) -> Iterator[None]:
    """`missing` raised inside (the core's `ClientNotFound`…) is the 404 of the path's `raw` id, naming `resource`
    as the vendor's paths spell it."""
    try:
        yield
    except missing as error:
        raise ResourceNotFound(resource, raw) from error


Get = Callable[[AsyncSession, Tenant, int], Awaitable[T]]


async def one(
    session: AsyncSession, tenant: Tenant, get: Get[T], missing: type[Exception], resource: str, raw: str
) -> T:
    """The record the path's `raw` id names, read by `get`; an id that is not one of ours, or `missing` raised (the
    record is another business's, deleted or unknown), is a 404 naming `resource` as the vendor's paths spell it."""
    with not_found_as(missing, resource, raw):
        return await get(session, tenant, path_id(raw, resource))


def reference(
    router: APIRouter,
    item_path: str,
    key: str,
    *,
    summaries: tuple[str, str],
    list_all: Callable[[AsyncSession, Tenant], Awaitable[Sequence[T]]],
    get: Get[T],
    missing: type[Exception],
    render: Callable[[T, str], dict[str, Any]],
    sortable: Iterable[str] | None = None,
    contains: Mapping[str, str] = MappingProxyType({}),
    equals: Mapping[str, str] = MappingProxyType({}),
) -> None:
    """A business's reference resource (`/credit-types/{credit_type_id}`): its list, read whole by `list_all` and
    filtered as `Small.answer` says, and one record by `get` (`one`); `render` gives a record's wire form in the
    business's time zone; `summaries` are the list's and the record's operationIds."""
    list_path, _, last = item_path.rpartition("/")
    resource, name = list_path.rsplit("/", 1)[-1], last.strip("{}")

    async def list_records(request: Request, caller: CallerDep, session: SessionDep) -> Any:
        listed = small(request, sortable)
        tz = caller.tenant.time_zone
        records = [render(r, tz) for r in await list_all(session, caller.tenant)]
        return listed.answer(key, records, contains=contains, equals=equals)

    async def get_record(request: Request, caller: CallerDep, session: SessionDep) -> Any:
        found = await one(session, caller.tenant, get, missing, resource, request.path_params[name])
        return {"data": render(found, caller.tenant.time_zone)}

    router.add_api_route(list_path, list_records, methods=["GET"], summary=summaries[0])
    router.add_api_route(item_path, get_record, methods=["GET"], summary=summaries[1])


def path_customer(caller: Caller, raw: str) -> int:
    """The customer a path names (`/customers/{customer_id}/…`); on the customer interface, only the logged-in one."""
    customer_id = path_id(raw, "customers")
    own_customer(caller, customer_id)
    return customer_id


def customer_filter(request: Request, caller: Caller) -> int | None:
    """The `customer_id` query filter of a list (cards, credits, points, vouchers); a customer lists their own only."""
    if caller.interface is Interface.CUSTOMER:
        return caller.customer_id if caller.customer_id is not None else 0
    return body_id(request.query_params.get("customer_id"), "customer_id")


def vocabulary(
    router: APIRouter,
    item_path: str,
    key: str,
    *,
    summaries: tuple[str, str],
    listed: Callable[[str], Sequence[T]],
    find: Callable[[str, str], T | None],
    render: Callable[[T], dict[str, Any]],
) -> None:
    """A fixed vocabulary of the core named in the reader's language (`language`): its list (`listed`, paged and
    sorted in memory) and one entry (`find`; an id it does not know is a 404 naming the resource)."""
    list_path, _, last = item_path.rpartition("/")
    resource, name = list_path.rsplit("/", 1)[-1], last.strip("{}")

    async def list_entries(request: Request, caller: CallerDep) -> Any:
        entries = small(request)
        return entries.answer(key, [render(e) for e in listed(language(request, caller.tenant.language))])

    async def get_entry(request: Request, caller: CallerDep) -> Any:
        raw = request.path_params[name]
        found = find(raw, language(request, caller.tenant.language))
        if found is None:
            raise ResourceNotFound(resource, raw)
        return {"data": render(found)}

    router.add_api_route(list_path, list_entries, methods=["GET"], summary=summaries[0])
    router.add_api_route(item_path, get_entry, methods=["GET"], summary=summaries[1])


def own_filter(request: Request, caller: Caller) -> int | None:
    """The `customer_id` query filter of bookings and messages: a customer may name only themselves (403 for
    another) and always lists their own."""
    client_id = body_id(text_param(request, "customer_id"), "customer_id")
    if caller.interface is Interface.CUSTOMER:
        if client_id is not None:
            own_customer(caller, client_id)
        client_id = caller.customer_id if caller.customer_id is not None else -1
    return client_id
