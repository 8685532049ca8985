"""The native API's wire models: snake_case, the core's own field names, ISO-8601 UTC times, integer ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class Change(BaseModel):
    cursor: str = Field(description="opaque; pass as `after` to read what came after this change")
    id: int = Field(description="the change's own id (stable; webhooks send it as `webhook-id`)")
    type: str = Field(description="`<entity>.<action>`, e.g. `client.updated`", examples=["client.updated"])
    entity: str = Field(examples=["client"])
    entity_id: int
    action: str = Field(examples=["created", "updated", "deleted", "merged", "restored"])
    changes: dict[str, Any] = Field(description="the fields the change set, with their new values")
    tombstone: bool = Field(description="the record is gone from lists (deleted, or merged into another)")
    merged_into: int | None = Field(description="for `merged`: the id of the record it was merged into")
    actor: str | None = Field(description="who made the change (a credential, staff member or process)")
    occurred_at: datetime


class ChangesPage(BaseModel):
    data: list[Change]
    next_cursor: str = Field(description="pass as `after` for the next page; unchanged when nothing was new")
    has_more: bool = Field(description="more changes are ready now: read again without waiting")


class ProblemField(BaseModel):
    field: str
    reason: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with every refused field named."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = Field(default_factory=list)


class WebhookRequest(BaseModel):
    url: str = Field(description="where to POST the changes (http or https)", examples=["https://example.com/hook"])
    types: list[str] = Field(default_factory=list, description="change types as in `GET /changes`; empty: all")


class Webhook(BaseModel):
    id: int
    url: str
    types: list[str]
    enabled: bool
    disabled_reason: str | None
    consecutive_failures: int
    created_at: datetime


class CreatedWebhook(Webhook):
    secret: str = Field(description="`whsec_…`: verifies `webhook-signature` (Standard Webhooks); shown once")


class ReplayRequest(BaseModel):
    delivery_id: int | None = Field(default=None, description="send this one delivery again")
    since: datetime | None = Field(default=None, description="or: every delivery first enqueued from this time…")
    until: datetime | None = Field(default=None, description="…until this time (exclusive; default now)")


class Attempt(BaseModel):
    attempted_at: datetime
    status_code: int | None
    latency_ms: int
    error: str | None
    response_excerpt: str | None


class Delivery(BaseModel):
    id: int
    webhook_id: str = Field(description="the `webhook-id` header: the same on every attempt and replay")
    type: str
    status: str = Field(examples=["pending", "sending", "delivered", "failed"])
    attempts: list[Attempt]
    created_at: datetime
    delivered_at: datetime | None


class Deliveries(BaseModel):
    data: list[Delivery]


class Restored(BaseModel):
    id: int
    deleted: bool = Field(description="false: the client is live again")
