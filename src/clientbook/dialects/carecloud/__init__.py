"""The CRM CareCloud dialect, mounted at /carecloud (seed 003; vendors.md §2): the enterprise interface at
/carecloud/enterprise-interface/v1.Y and the customer interface at /carecloud/customer-interface/v1.Y."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.dialects._kit import ratelimit
from clientbook.dialects._kit.app import dialect_app

from . import errors, routes
from .auth import issue_credentials

NAME = "carecloud"
MOUNT = "/carecloud"

__all__ = ["MOUNT", "NAME", "create_app", "issue_credentials"]


def create_app(context: Context) -> FastAPI:
    app = dialect_app(
        context,
        title="Clientbook — CRM CareCloud API",
        description="Wire-compatible with the CRM CareCloud REST API: enterprise and customer interfaces, "
        "Bearer and (deprecated) Basic authentication, the `data` envelope and the `error` envelope.",
        version="1.0",
    )
    errors.install(app)
    routes.include(app)
    ratelimit.install(app, NAME)
    return app
