"""The native Clientbook API, mounted at /api/v1: what no vendor dialect can express (the change feed, webhook
subscriptions), in the same house style as the dialects (issue 18)."""

from __future__ import annotations

from fastapi import FastAPI

from clientbook.context import Context
from clientbook.edge.app import dialect_app
from clientbook.edge.contract import Dialect

from . import errors
from .auth import issue_credentials
from .routes import router
from .webhook_routes import clients_router
from .webhook_routes import router as webhook_router

NAME = "clientbook"


def create_app(context: Context) -> FastAPI:
    return dialect_app(
        context,
        title="Clientbook API",
        description="Clientbook's own API. Authenticate with `Authorization: Bearer <token>` (the `clientbook` "
        "credential of `clientbook tenant create --json`). `GET /changes` is the change feed: every change of the "
        "business in commit order behind an opaque cursor, deletions and merges included, with long polling. "
        "`/webhooks` subscribes URLs to the same changes, signed per the Standard Webhooks spec, with a delivery "
        "log and replays. Writes honour `Idempotency-Key`. Refusals are RFC 9457 problem details naming every "
        "refused field.",
        version="1",
        forms=errors.FORMS,
        routers=(router, webhook_router, clients_router),
        document=errors.ERROR_FORM,
    )


DIALECT = Dialect(
    name=NAME,
    mounts=("/api/v1",),
    create_app=create_app,
    issue_credentials=issue_credentials,
    title="Clientbook (native)",
)
