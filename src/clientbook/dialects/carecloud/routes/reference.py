"""Reference lists: countries, languages, currencies (Babel, in the reader's language), customer sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import customer_sources, reference_data
from clientbook.core.errors import CustomerSourceNotFound, Reason, ValidationFailed

from .. import mapping_records
from ..auth import CallerDep
from ..conventions import ResourceNotFound, bool_param, language, listing, text_param
from ._common import reference, small

router = APIRouter()

LIST_TYPES = ("carecloud-api", "web-portal", "customer-communication")


@router.get("/countries", summary="getCountries")
async def list_countries(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    names = reference_data.countries(language(request, caller.tenant.language))
    # The spec's ids are lowercase ISO 3166 alpha-2 (`cz`); upper case is accepted on input.
    records: list[dict[str, Any]] = [{"country_id": c.code.lower(), "name": c.name, "state": 1} for c in names]
    country_id = text_param(request, "country_id")
    if country_id is not None:
        records = [r for r in records if r["country_id"] == country_id.lower()]
    return listed.answer("countries", records, contains={"country_name": "name"})


def _currencies(request: Request, default: str) -> list[dict[str, Any]]:
    found = reference_data.currencies(language(request, default))
    return [{"currency_id": c.code, "name": c.name, "code": c.code} for c in found]


@router.get("/currencies", summary="getCurrencies")
async def list_currencies(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    records = _currencies(request, caller.tenant.language)
    code = text_param(request, "currency_code")
    if code is not None:
        records = [r for r in records if r["code"] == code.upper()]
    return listed.answer("currencies", records, contains={"currency_name": "name"})


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


reference(
    router,
    "/customer-sources/{customer_source_id}",
    "customer_sources",
    summaries=("getCustomerSources", "getCustomerSource"),
    list_all=customer_sources.list_sources,
    get=customer_sources.get,
    missing=CustomerSourceNotFound,
    render=mapping_records.customer_source,
    equals={"customer_source_text_id": "customer_source_text_id"},
)
