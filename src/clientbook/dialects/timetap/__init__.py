"""The TimeTap dialect (seed 001): the /clients API, mounted at /timetap/live and /timetap/test (vendors.md §1)."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import auth, errors, mapping, routes

DIALECT = Dialect(
    name="timetap",
    mounts=("/timetap/live", "/timetap/test"),
    title="TimeTap",
    description="Wire-compatible with TimeTap's /clients API. Get a session token from "
    "`GET /sessionToken?apiKey=…&timestamp=…&signature=md5(apiKey+privateKey)`, then send "
    "`Authorization: Bearer <sessionToken>`. Errors: HTTP status with "
    '`{"errorMessage", "field", "status"}`.',
    routers=(routes.router,),
    forms=errors.FORMS,
    document=errors.ERROR_FORM,
    issue_credentials=auth.issue_credentials,
    rotate_credentials=auth.rotate_credentials,
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
