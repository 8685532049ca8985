"""The Wired Client dialect, mounted at /wiredclient (seed 000)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors, mapping, sso_routes
from .auth import issue_credentials, rotate_credentials
from .routes import router
from .sms_routes import router as sms_router

NAME = "wiredclient"


def create_app(context: Context) -> FastAPI:
    return dialect_app(
        context,
        title="Clientbook — Wired Client API",
        description="Wire-compatible with the Wired Client REST APIs: staff, clients, SMS and single sign-on. "
        "Every answer is HTTP 200 with a `status` code in the body (0 is success).",
        version="1",
        forms=errors.FORMS,
        routers=(router, sms_router, sso_routes.router),
        document=errors.ERROR_FORM,
    )


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
