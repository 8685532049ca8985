"""The Wired Client dialect, mounted at /wiredclient (seed 000)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge import idempotency, openapi
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors, mapping, sso_routes
from .auth import issue_credentials, rotate_credentials
from .routes import router
from .sms_routes import router as sms_router

NAME = "wiredclient"


def create_app(context: Context) -> FastAPI:
    app = dialect_app(
        context,
        title="Clientbook — Wired Client API",
        description="Wire-compatible with the Wired Client REST APIs: staff, clients, SMS and single sign-on. "
        "Every answer is HTTP 200 with a `status` code in the body (0 is success).",
        version="1",
    )
    errors.install(app)
    openapi.install(app, errors.ERROR_FORM)
    app.include_router(router)
    app.include_router(sms_router)
    app.include_router(sso_routes.router)
    idempotency.install(app)
    return app


DIALECT = Dialect(
    name=NAME,
    mounts=("/wiredclient",),
    create_app=create_app,
    issue_credentials=issue_credentials,
    rotate_credentials=rotate_credentials,
    title="Wired Client",
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
