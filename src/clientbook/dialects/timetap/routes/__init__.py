"""TimeTap HTTP routes (seed 001): session, clients, reports, scheduler fields."""

from __future__ import annotations

from fastapi import APIRouter

from . import clients, fields, reports, session

router = APIRouter()
router.include_router(session.router)
router.include_router(reports.router)
router.include_router(fields.router)
router.include_router(clients.router)  # last: its /clients/{clientId} must not shadow /clients/count and friends
