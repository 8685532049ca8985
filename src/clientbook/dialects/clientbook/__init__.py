"""The native Clientbook API, mounted at /api/v1: what no vendor dialect can express (the change feed, webhook
subscriptions), in the same house style as the dialects (issue 18)."""

from __future__ import annotations

from clientbook.edge.contract import Dialect

from . import auth, errors, routes, webhook_routes

DIALECT = Dialect(
    name="clientbook",
    mounts=("/api/v1",),
    title="Clientbook (native)",
    api_title="Clientbook API",
    description="Clientbook's own API. Authenticate with `Authorization: Bearer <token>` (the `clientbook` "
    "credential of `clientbook tenant create --json`). `GET /changes` is the change feed: every change of the "
    "business in commit order behind an opaque cursor, deletions and merges included, with long polling. "
    "`/webhooks` subscribes URLs to the same changes, signed per the Standard Webhooks spec, with a delivery "
    "log and replays. Writes honour `Idempotency-Key`. Refusals are RFC 9457 problem details naming every "
    "refused field.",
    routers=(routes.router, webhook_routes.router, webhook_routes.clients_router),
    forms=errors.FORMS,
    document=errors.ERROR_FORM,
    issue_credentials=auth.issue_credentials,
)
