"""Customer actions that check before anyone registers: `check-registration-ability` (both interfaces)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import registration
from clientbook.edge.deps import ContextDep, SessionDep

from .. import mapping, wire
from ..auth import CallerDep
from ._common import body

router = APIRouter()


@router.post("/customers/actions/check-registration-ability", summary="postCustomersCheckRegistrationAbility")
async def check_registration_ability(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Any:
    """An e-mail address or phone (the wire's international digits) no live customer of the business has."""
    given = await body(request, context, wire.RegistrationIdentifier)
    value = mapping.phone_to_core(given.value) or "" if given.type == "phone" else given.value
    free = await registration.identifier_free(session, caller.tenant, given.type, value)
    return {"data": {"registration_ability": free}}
