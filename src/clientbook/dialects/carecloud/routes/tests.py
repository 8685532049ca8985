"""`GET /tests/connection` (getTestsConnection): the first call an integrator makes. No authentication (the spec's
`security: []`); the answer is the `test_string` reversed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/tests/connection", summary="getTestsConnection")
async def connection(request: Request) -> Any:
    return {"data": {"test_string": (request.query_params.get("test_string") or "")[::-1]}}
