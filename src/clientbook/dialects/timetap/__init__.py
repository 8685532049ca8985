"""The TimeTap dialect (seed 001): the /clients API, mounted at /timetap/live and /timetap/test (vendors.md §1)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.dialects._kit import ratelimit
from clientbook.dialects._kit.app import dialect_app

from . import errors
from .auth import issue_credentials
from .routes import router

NAME = "timetap"
MOUNT = "/timetap/live"
MOUNTS = ("/timetap/live", "/timetap/test")

__all__ = ["MOUNT", "MOUNTS", "NAME", "create_app", "issue_credentials"]


def create_app(context: Context) -> FastAPI:
    app = dialect_app(
        context,
        title="Clientbook — TimeTap API",
        description="Wire-compatible with TimeTap's /clients API. Get a session token from "
        "`GET /sessionToken?apiKey=…&timestamp=…&signature=md5(apiKey+privateKey)`, then send "
        "`Authorization: Bearer <sessionToken>`. Errors: HTTP status with "
        '`{"errorMessage", "field", "status"}`.',
        version="1",
    )
    errors.install(app)
    app.include_router(router)
    ratelimit.install(app, NAME)
    return app
