"""Reference lists: countries, languages, currencies (Babel, in the reader's language), customer sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import customer_sources, reference_data
from clientbook.core.errors import CustomerSourceNotFound, Reason, ValidationFailed
from clientbook.edge.deps import SessionDep

from .. import mapping_records
from ..auth import CallerDep
from ..conventions import (
    ResourceNotFound,
    bool_param,
    language,
    listing,
    page,
    path_id,
    sort,
    sort_and_page,
    text_param,
)

router = APIRouter()

LIST_TYPES = ("carecloud-api", "web-portal", "customer-communication")


@router.get("/countries", summary="getCountries")
async def list_countries(request: Request, caller: CallerDep) -> Any:
    paging = page(request)
    order = sort(request)
    names = reference_data.countries(language(request, caller.tenant.language))
    # The spec's ids are lowercase ISO 3166 alpha-2 (`cz`); upper case is accepted on input.
    records: list[dict[str, Any]] = [{"country_id": c.code.lower(), "name": c.name, "state": 1} for c in names]
    country_id = text_param(request, "country_id")
    if country_id is not None:
        records = [r for r in records if r["country_id"] == country_id.lower()]
    name = text_param(request, "country_name")
    if name is not None:
        records = [r for r in records if name.lower() in r["name"].lower()]
    return listing("countries", sort_and_page(records, order, paging), len(records))


def _currencies(request: Request, default: str) -> list[dict[str, Any]]:
    found = reference_data.currencies(language(request, default))
    return [{"currency_id": c.code, "name": c.name, "code": c.code} for c in found]


@router.get("/currencies", summary="getCurrencies")
async def list_currencies(request: Request, caller: CallerDep) -> Any:
    paging = page(request)
    order = sort(request)
    records = _currencies(request, caller.tenant.language)
    name = text_param(request, "currency_name")
    if name is not None:
        records = [r for r in records if name.lower() in r["name"].lower()]
    code = text_param(request, "currency_code")
    if code is not None:
        records = [r for r in records if r["code"] == code.upper()]
    return listing("currencies", sort_and_page(records, order, paging), len(records))


@router.get("/currencies/{currency_id}", summary="getCurrency")
async def get_currency(currency_id: str, request: Request, caller: CallerDep) -> Any:
    for record in _currencies(request, caller.tenant.language):
        if record["currency_id"] == currency_id.upper():
            return {"data": record}
    raise ResourceNotFound("currencies", currency_id)


@router.get("/languages", summary="getLanguages")
async def list_languages(request: Request) -> Any:
    """No authentication (the spec's `security: []`): apps show it before anyone logs in."""
    list_type = text_param(request, "language_list_type") or "carecloud-api"
    if list_type not in LIST_TYPES:
        raise ValidationFailed.single(
            "language_list_type", Reason.NOT_ALLOWED, f"language_list_type must be one of {', '.join(LIST_TYPES)}"
        )
    codes: tuple[str, ...] = reference_data.API_LANGUAGES
    if bool_param(request, "default_language"):
        codes = (reference_data.DEFAULT_LANGUAGE,)
    records = [{"language_id": code, "state": 1} for code in codes]
    return listing("languages", records, len(records))


@router.get("/customer-sources", summary="getCustomerSources")
async def list_sources(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging = page(request)
    order = sort(request)
    tz = caller.tenant.time_zone
    records = [
        mapping_records.customer_source(s, tz) for s in await customer_sources.list_sources(session, caller.tenant)
    ]
    text_id = text_param(request, "customer_source_text_id")
    if text_id is not None:
        records = [r for r in records if r["customer_source_text_id"] == text_id]
    return listing("customer_sources", sort_and_page(records, order, paging), len(records))


@router.get("/customer-sources/{customer_source_id}", summary="getCustomerSource")
async def get_source(customer_source_id: str, caller: CallerDep, session: SessionDep) -> Any:
    source_id = path_id(customer_source_id, "customer-sources")
    try:
        source = await customer_sources.get(session, caller.tenant, source_id)
    except CustomerSourceNotFound as error:
        raise ResourceNotFound("customer-sources", customer_source_id) from error
    return {"data": mapping_records.customer_source(source, caller.tenant.time_zone)}
