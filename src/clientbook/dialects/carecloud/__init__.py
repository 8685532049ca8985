"""The CRM CareCloud dialect, mounted at /carecloud (seed 003; vendors.md §2): the enterprise interface at
/carecloud/enterprise-interface/v1.Y and the customer interface at /carecloud/customer-interface/v1.Y."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors, mapping, openapi, password_page, routes
from .auth import issue_credentials, rotate_credentials

NAME = "carecloud"


def create_app(context: Context) -> FastAPI:
    return dialect_app(
        context,
        title="Clientbook — CRM CareCloud API",
        description="Wire-compatible with the CRM CareCloud REST API: enterprise and customer interfaces, "
        "Bearer and (deprecated) Basic authentication, the `data` envelope and the `error` envelope.",
        version="1.0",
        forms=errors.FORMS,
        routers=(routes.interfaces(), password_page.router),
        document=openapi.install,
    )


DIALECT = Dialect(
    name=NAME,
    mounts=("/carecloud",),
    create_app=create_app,
    issue_credentials=issue_credentials,
    rotate_credentials=rotate_credentials,
    title="CRM CareCloud",
    client_fields=mapping.CLIENT_FIELDS,
    staff_fields=mapping.STAFF_FIELDS,
)
