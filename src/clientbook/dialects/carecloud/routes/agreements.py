"""Consents (`agreements`): a fixed list in the reader's language (core/agreements.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import agreements

from .. import mapping_account_records as mapping
from ..auth import CallerDep
from ..conventions import ResourceNotFound, language, text_param
from ._common import small

router = APIRouter()


@router.get("/agreements", summary="getConsents")
async def list_agreements(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    records = [mapping.agreement(a) for a in agreements.listed(language(request, caller.tenant.language))]
    if text_param(request, "communication_channel_id") is not None:
        records = []  # no consent is tied to one channel: every channel's communication asks the same consents
    return listed.answer("agreements", records, equals={"text_id": "text_id"})


@router.get("/agreements/{agreement_id}", summary="getConsent")
async def get_agreement(agreement_id: str, request: Request, caller: CallerDep) -> Any:
    found = agreements.find(agreement_id, language(request, caller.tenant.language))
    if found is None:
        raise ResourceNotFound("agreements", agreement_id)
    return {"data": mapping.agreement(found)}
