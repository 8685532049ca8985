"""The CRM CareCloud dialect, mounted at /carecloud (seed 003; vendors.md §2): the enterprise interface at
/carecloud/enterprise-interface/v1.Y and the customer interface at /carecloud/customer-interface/v1.Y."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import auth, errors, mapping, openapi, password_page, routes

DIALECT = Dialect(
    name="carecloud",
    mounts=("/carecloud",),
    title="CRM CareCloud",
    description="Wire-compatible with the CRM CareCloud REST API: enterprise and customer interfaces, "
    "Bearer and (deprecated) Basic authentication, the `data` envelope and the `error` envelope.",
    version="1.0",
    routers=(routes.interfaces(), password_page.router),
    forms=errors.FORMS,
    document=openapi.install,
    issue_credentials=auth.issue_credentials,
    rotate_credentials=auth.rotate_credentials,
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
