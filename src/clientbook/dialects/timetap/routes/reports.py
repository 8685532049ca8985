"""Client lists, reports, counts and searches (seed 001; vendors.md §1 "/clients behaviour worth keeping")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import client_access, client_search, clients, tags
from clientbook.core.client_search import ClientFilter, Order
from clientbook.core.types import Tenant
from clientbook.edge.body import read_body
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.edge.rendered import json_answer

from .. import params
from ..auth import TenantDep
from ..params import ClientIdPath
from ..rendering import add_new_client_row
from ._render import render

router = APIRouter()


@router.get("/clients", openapi_extra=params.documented(params.PAGING_DOC), response_model=list[dict[str, Any]])
async def list_clients(request: Request, tenant: TenantDep, session: SessionDep) -> Response:
    """Every live client, ordered by `order_field`/`order_mode`, paged by `pageNumber`/`pageSize`."""
    order, page = params.order(request.query_params), params.page(request.query_params)
    found = await client_search.search(
        session, tenant, ClientFilter(), order=order, offset=page.offset, limit=page.limit
    )
    return json_answer(await render(session, tenant, found))


@router.get("/clients/count")
async def count_clients(tenant: TenantDep, session: SessionDep) -> int:
    """The number of live clients, as a bare number (vendors.md: the seed's `{ 46 }` is `46`)."""
    return await client_search.count(session, tenant, ClientFilter())


@router.get(
    "/clients/tags", openapi_extra=params.documented([params.query_doc("tagString", "only the tags containing this")])
)
async def business_tags(request: Request, tenant: TenantDep, session: SessionDep) -> list[str]:
    """The business's tags, optionally those containing `tagString` (T3)."""
    term = (request.query_params.get("tagString") or "").strip() or None
    return await tags.names(session, tenant, contains=term)


async def _report(request: Request, tenant: Any, session: Any) -> tuple[ClientFilter, list[dict[str, Any]]]:
    query = request.query_params
    f = params.report_filter(query, tenant.time_zone)
    order, page, forms = params.order(query), params.page(query), params.boolean(query, "showClientForms")
    found = await client_search.search(session, tenant, f, order=order, offset=page.offset, limit=page.limit)
    return f, await render(session, tenant, found, show_forms=forms)


@router.get(
    "/clientList/reportWithCount",
    openapi_extra=params.documented(params.FILTER_DOC, params.PAGING_DOC),
    response_model=dict[str, Any],
)
async def report_with_count(request: Request, tenant: TenantDep, session: SessionDep) -> Response:
    """A page of matching clients and the total number that match (T1: `count`, not `ccount`)."""
    f, page = await _report(request, tenant, session)
    return json_answer({"clients": page, "count": await client_search.count(session, tenant, f)})


@router.get(
    "/clientList/report",
    openapi_extra=params.documented(params.FILTER_DOC, params.PAGING_DOC),
    response_model=list[dict[str, Any]],
)
async def report(request: Request, tenant: TenantDep, session: SessionDep) -> Response:
    return json_answer((await _report(request, tenant, session))[1])


@router.get("/clientList/reportCount", openapi_extra=params.documented(params.FILTER_DOC))
async def report_count(request: Request, tenant: TenantDep, session: SessionDep) -> dict[str, int]:
    query = request.query_params
    params.boolean(query, "showClientForms")  # accepted (and checked) on every report
    f = params.report_filter(query, tenant.time_zone)
    return {"count": await client_search.count(session, tenant, f)}


@router.get("/clientIdList", openapi_extra=params.documented(params.FILTER_DOC, params.PAGING_DOC[2:]))
async def client_id_list(request: Request, tenant: TenantDep, session: SessionDep) -> list[int]:
    query = request.query_params
    params.boolean(query, "showClientForms")
    f = params.report_filter(query, tenant.time_zone)
    return await client_search.ids(session, tenant, f, order=params.order(query))


@router.get(
    "/clients/externalUserName/{externalUserName}",
    openapi_extra=params.documented(
        [params.query_doc("includeDeleted", "true: deleted clients too", {"type": "boolean"})]
    ),
    response_model=list[dict[str, Any]],
)
async def by_external_user_name(
    externalUserName: str,
    request: Request,
    tenant: TenantDep,
    session: SessionDep,
) -> Response:
    include_deleted = params.boolean(request.query_params, "includeDeleted")
    f = ClientFilter(external_user_name=externalUserName, include_deleted=include_deleted)
    return json_answer(await render(session, tenant, await client_search.search(session, tenant, f)))


async def _text(request: Request, context: Any) -> str:
    return params.raw_text(await read_body(request, context.settings.max_body_bytes))


@router.post("/clients/filterTag", openapi_extra=params.documented(body=True))
async def filter_by_tag(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """The clients carrying the tag named by the raw body (T3)."""
    tag = await _text(request, context)
    if not tag:
        return []
    found = await client_search.search(session, tenant, ClientFilter(tags=[tag]), order=Order("full_name"))
    return json_answer(await render(session, tenant, found))


@router.post("/clients/filter", openapi_extra=params.documented(params.PAGING_DOC, body=True))
async def filter_clients(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """Clients matching the raw search string, then the `clientId: -1` "Add new client: …" row (seed 001)."""
    term = await _text(request, context)
    order = params.order(request.query_params)
    if request.query_params.get("order_field") is None:
        order = Order("full_name", order.descending)
    page = params.page(request.query_params)
    found = await client_search.search(
        session, tenant, ClientFilter(search_term=term or None), order=order, offset=page.offset, limit=page.limit
    )
    return json_answer([*await render(session, tenant, found), add_new_client_row(term)])


@router.post("/clients/dupecheck/email", openapi_extra=params.documented(body=True))
async def duplicate_email(request: Request, context: ContextDep, tenant: TenantDep, session: SessionDep) -> Any:
    """Live clients with this e-mail address, compared case-insensitively; `[]` when none."""
    email = await _text(request, context)
    if not email:
        return []
    found = await client_search.search(session, tenant, ClientFilter(emails=[email]))
    return json_answer(await render(session, tenant, found))


Related = Callable[[AsyncSession, Tenant, Collection[int]], Awaitable[dict[int, list[int]]]]


async def _related(session: AsyncSession, tenant: Tenant, client_id: int, field: str, related: Related) -> Any:
    """The clients `related` names for the client (which may be deleted; another business's id is 404 on `field`)."""
    await clients.get(session, tenant, client_id, field=field, include_deleted=True)
    ids = (await related(session, tenant, [client_id])).get(client_id, [])
    found = await client_search.search(session, tenant, ClientFilter(client_ids=ids))
    return json_answer(await render(session, tenant, found))


@router.get("/clients/canViewedBy/{clientAccountId}")
async def can_be_viewed_by(clientAccountId: ClientIdPath, tenant: TenantDep, session: SessionDep) -> Any:
    """The clients who may view (and book for) the client whose scheduler account this is."""
    return await _related(session, tenant, clientAccountId, "clientAccountId", client_access.viewers_of)


@router.get("/clients/canView/{clientId}")
async def can_view(clientId: ClientIdPath, tenant: TenantDep, session: SessionDep) -> Any:
    """The clients this client may view when they log in to the public scheduler."""
    return await _related(session, tenant, clientId, "id", client_access.viewable_by)
