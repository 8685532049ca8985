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
