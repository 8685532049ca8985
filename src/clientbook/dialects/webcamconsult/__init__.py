"""The Webcamconsult dialect, mounted at /webcamconsult (seed 002; vendors.md §3, K1–K8)."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import auth, errors, mapping, routes

DIALECT = Dialect(
    name="webcamconsult",
    mounts=("/webcamconsult",),
    title="Webcamconsult",
    description="Wire-compatible with the Webcamconsult API: users, clients and appointments. Authenticate with "
    "`Authorization: Token token=<token>` (or the `authentication_token` parameter). Ids are 24 hex digits, "
    'dates ISO-8601 with milliseconds and offset; refusals are 422 `{"errors": {attribute: [message]}}`, in '
    "Dutch with `Accept-Language: nl`.",
    routers=(routes.router,),
    forms=errors.FORMS,
    document=errors.ERROR_FORM,
    middleware=(routes.PathForms,),
    issue_credentials=auth.issue_credentials,
    rotate_credentials=auth.rotate_credentials,
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
