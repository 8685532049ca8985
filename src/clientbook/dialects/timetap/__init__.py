"""The TimeTap dialect (seed 001): the /clients API, mounted at /timetap/live and /timetap/test (vendors.md §1)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors, mapping
from .auth import issue_credentials, rotate_credentials
from .routes import router

NAME = "timetap"


def create_app(context: Context) -> FastAPI:
    return dialect_app(
        context,
        title="Clientbook — TimeTap API",
        description="Wire-compatible with TimeTap's /clients API. Get a session token from "
        "`GET /sessionToken?apiKey=…&timestamp=…&signature=md5(apiKey+privateKey)`, then send "
        "`Authorization: Bearer <sessionToken>`. Errors: HTTP status with "
        '`{"errorMessage", "field", "status"}`.',
        version="1",
        forms=errors.FORMS,
        routers=(router,),
        document=errors.ERROR_FORM,
    )


DIALECT = Dialect(
    name=NAME,
    mounts=("/timetap/live", "/timetap/test"),
    create_app=create_app,
    issue_credentials=issue_credentials,
    rotate_credentials=rotate_credentials,
    title="TimeTap",
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
