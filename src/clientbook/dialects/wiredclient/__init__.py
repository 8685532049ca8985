"""The Wired Client dialect, mounted at /wiredclient (seed 000)."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import auth, errors, mapping, routes, sms_routes, sso_routes

DIALECT = Dialect(
    name="wiredclient",
    mounts=("/wiredclient",),
    title="Wired Client",
    description="Wire-compatible with the Wired Client REST APIs: staff, clients, SMS and single sign-on. "
    "Every answer is HTTP 200 with a `status` code in the body (0 is success).",
    routers=(routes.router, sms_routes.router, sso_routes.router),
    forms=errors.FORMS,
    document=errors.ERROR_FORM,
    issue_credentials=auth.issue_credentials,
    rotate_credentials=auth.rotate_credentials,
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
