"""`GET /schedulerFieldList/mode/{mode}`: the field definitions integrators copy into `client.fields`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from clientbook.core import fields
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.edge.deps import SessionDep

from ..auth import TenantDep
from ..rendering import scheduler_field

router = APIRouter()
MODES = ("APPT", "CLIENT", "CLASS")


@router.get("/schedulerFieldList/mode/{mode}")
async def scheduler_fields(mode: str, tenant: TenantDep, session: SessionDep) -> list[dict[str, Any]]:
    """The business's client fields (built-in ones with their codes, then custom UDF fields)."""
    if mode.upper() not in MODES:
        raise ValidationFailed.single("mode", Reason.NOT_ALLOWED, "mode must be APPT, CLIENT or CLASS", mode)
    if mode.upper() != "CLIENT":
        return []  # appointment and class fields are not kept yet
    return [scheduler_field(d) for d in await fields.definitions(session, tenant) if d.active]
