"""The Webcamconsult dialect, mounted at /webcamconsult (seed 002; vendors.md §3, K1–K8)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors, mapping
from .auth import issue_credentials, rotate_credentials
from .routes import PathForms, router

NAME = "webcamconsult"


def create_app(context: Context) -> FastAPI:
    return dialect_app(
        context,
        title="Clientbook — Webcamconsult API",
        description="Wire-compatible with the Webcamconsult API: users, clients and appointments. Authenticate with "
        "`Authorization: Token token=<token>` (or the `authentication_token` parameter). Ids are 24 hex digits, "
        'dates ISO-8601 with milliseconds and offset; refusals are 422 `{"errors": {attribute: [message]}}`, in '
        "Dutch with `Accept-Language: nl`.",
        version="1",
        forms=errors.FORMS,
        routers=(router,),
        document=errors.ERROR_FORM,
        middleware=(PathForms,),
    )


DIALECT = Dialect(
    name=NAME,
    mounts=("/webcamconsult",),
    create_app=create_app,
    issue_credentials=issue_credentials,
    rotate_credentials=rotate_credentials,
    title="Webcamconsult",
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
