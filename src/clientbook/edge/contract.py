"""The dialect contract: what a dialect package hands the root app, the CLI and the docs generator.

Each `dialects/<name>/__init__.py` builds one `Dialect` and `dialects/registry.py` lists them; nothing reads a
dialect module by attribute name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context

# Creates the business's credential set for this dialect and returns what `tenant create --json` prints for it.
IssueCredentials = Callable[[AsyncSession, Context, int], Awaitable[dict[str, str]]]
# `credentials rotate`: new secrets for the business's credentials (key ids stay), the old ones accepted for the grace
# period from the given moment; returns what is new, shown once (the same keys as IssueCredentials's, or fewer).
RotateCredentials = Callable[[AsyncSession, Context, int, timedelta, datetime], Awaitable[dict[str, str]]]


@dataclass(frozen=True, kw_only=True)
class Dialect:
    name: str  # the key in `tenant create --json` credentials, the metrics label, the rate-limit namespace
    mounts: tuple[str, ...]  # where the root app mounts the sub-app (TimeTap: /timetap/live and /timetap/test)
    create_app: Callable[[Context], FastAPI]  # the sub-app: its routes, error table, OpenAPI document and docs page
    issue_credentials: IssueCredentials
    rotate_credentials: RotateCredentials | None = None  # None: the dialect's secrets cannot be rotated
    title: str  # shown on the root /docs page
    client_fields: Mapping[str, str] = field(default_factory=dict)  # wire name → core field (docs/fields.md)
    staff_fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def mount(self) -> str:
        """The primary mount: where its docs live and what the root /docs page links."""
        return self.mounts[0]
