"""The dialect contract: what a dialect package hands the root app, the CLI and the docs generator.

Each `dialects/<name>/__init__.py` is one `Dialect`: what its sub-app serves (routers, error forms, served document,
middleware), where it is mounted, how its credentials are issued, and its field names. `edge.app.dialect_app` builds
every sub-app from it the same way, and `dialects/registry.py` lists them; nothing reads a dialect module by
attribute name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi import APIRouter, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp

from clientbook.context import Context

from .errors import Forms
from .openapi import ErrorForm

# Creates the business's credential set for this dialect and returns what `tenant create --json` prints for it.
IssueCredentials = Callable[[AsyncSession, Context, int], Awaitable[dict[str, str]]]
# `credentials rotate`: new secrets for the business's credentials (key ids stay), the old ones accepted for the grace
# period from the given moment; returns what is new, shown once (the same keys as IssueCredentials's, or fewer).
RotateCredentials = Callable[[AsyncSession, Context, int, timedelta, datetime], Awaitable[dict[str, str]]]


@dataclass(frozen=True, kw_only=True)
class Dialect:
    name: str  # the key in `tenant create --json` credentials, the metrics label, the rate-limit namespace
    mounts: tuple[str, ...]  # where the root app mounts the sub-app (TimeTap: /timetap/live and /timetap/test)
    title: str  # the vendor, as the root /docs page shows it
    # The sub-app: its served OpenAPI document's info (title "Clientbook — <title> API" unless `api_title` says),
    # what it serves and how it refuses.
    description: str
    version: str = "1"
    api_title: str = ""
    routers: Sequence[APIRouter]
    forms: Forms
    # The error form the generated document puts on every operation, or a function installing a document of the
    # dialect's own (CareCloud serves the vendor's).
    document: ErrorForm | Callable[[FastAPI], None]
    middleware: Sequence[Callable[[ASGIApp], ASGIApp]] = ()  # around the routes, inside `Idempotency-Key`
    issue_credentials: IssueCredentials
    rotate_credentials: RotateCredentials | None = None  # None: the dialect's secrets cannot be rotated
    client_fields: Mapping[str, str] = field(default_factory=dict)  # wire name → core field (docs/fields.md)
    staff_fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def document_title(self) -> str:
        return self.api_title or f"Clientbook — {self.title} API"

    @property
    def mount(self) -> str:
        """The primary mount: where its docs live and what the root /docs page links."""
        return self.mounts[0]
