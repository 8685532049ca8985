"""The Wired Client dialect, mounted at /wiredclient (seed 000)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.dialects._kit import ratelimit
from clientbook.dialects._kit.app import dialect_app

from . import errors, sso_routes
from .auth import issue_credentials
from .routes import router
from .sms_routes import router as sms_router

NAME = "wiredclient"
MOUNT = "/wiredclient"

__all__ = ["MOUNT", "NAME", "create_app", "issue_credentials"]


def create_app(context: Context) -> FastAPI:
    app = dialect_app(
        context,
        title="Clientbook — Wired Client API",
        description="Wire-compatible with the Wired Client REST APIs: staff, clients, SMS and single sign-on. "
        "Every answer is HTTP 200 with a `status` code in the body (0 is success).",
        version="1",
    )
    errors.install(app)
    sso_routes.install(app)
    app.include_router(router)
    app.include_router(sms_router)
    app.include_router(sso_routes.router)
    ratelimit.install(app, NAME)
    return app
