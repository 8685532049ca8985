"""The business's customer external applications (`customer-external-applications`): its application keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import external_applications
from clientbook.core.errors import ExternalApplicationNotFound
from clientbook.edge.deps import SessionDep

from .. import mapping_account_records as mapping
from ..auth import APP_REALM, CallerDep
from ..conventions import array_param
from ._common import not_found_as, small

router = APIRouter()


@router.get("/customer-external-applications", summary="getCustomerExternalApps")
async def list_applications(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    tz = caller.tenant.time_zone
    found = await external_applications.list_applications(session, caller.tenant, APP_REALM)
    records = [mapping.external_application(a, tz) for a in found]
    text_ids = array_param(request, "text_id")
    if text_ids is not None:
        records = [r for r in records if r["text_id"] in text_ids]
    return listed.answer("customer_external_applications", records)


@router.get("/customer-external-applications/{customer_external_application_id}", summary="getCustomerExternalApp")
async def get_application(customer_external_application_id: str, caller: CallerDep, session: SessionDep) -> Any:
    with not_found_as(ExternalApplicationNotFound, "customer-external-applications", customer_external_application_id):
        found = await external_applications.get_application(
            session, caller.tenant, APP_REALM, customer_external_application_id
        )
    return {"data": mapping.external_application(found, caller.tenant.time_zone)}
