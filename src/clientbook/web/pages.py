"""What every signed-in page shares: the header's unread count, the business's time zone, paging and id parsing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import conversations
from clientbook.core.errors import NotFound
from clientbook.core.text import is_digits

from .sessions import WebUser
from .templating import render, secure_headers, zone_label


async def page(
    request: Request,
    session: AsyncSession,
    user: WebUser,
    name: str,
    values: dict[str, Any],
    status_code: int = 200,
) -> Response:
    """The template `name` with the header's context. The unread count is read last, after anything the page
    marked read, so the badge and the page agree."""
    common = {
        "user": user,
        "unread_total": await conversations.unread_total(session, user.tenant),
        "time_zone": user.tenant.time_zone,
        "zone": zone_label(user.tenant.time_zone),
        "region": user.tenant.default_region,  # phone numbers of the business's country show in national format
        "is_admin": user.signed_in.account.is_admin,
    }
    return render(request, name, {**common, **values}, status_code)


def see_other(location: str) -> RedirectResponse:
    response = RedirectResponse(location, status_code=303)
    secure_headers(response)
    return response


def record_id(raw: str, error: type[NotFound]) -> int:
    """A path's record id; anything that is not one is a record that does not exist (404, like another
    business's id), never a 5xx or a validation error page."""
    text = raw.strip()
    if not is_digits(text) or len(text) > 18:
        raise error(field="id", id=raw[:40])
    return int(text)


def page_number(raw: str | None) -> int:
    """`?page=N` (1-based); anything else is the first page."""
    if raw is None or not is_digits(raw.strip()) or len(raw.strip()) > 6:
        return 1
    return max(1, int(raw))


@dataclass(frozen=True)
class Pager:
    """Links to the previous and next page of a list, keeping the list's other query parameters."""

    number: int
    size: int
    total: int | None  # None when the list does not count (it only knows whether a next page exists)
    has_next: bool
    path: str
    params: dict[str, str]

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def link(self, number: int) -> str:
        query = {k: v for k, v in self.params.items() if v} | ({"page": str(number)} if number > 1 else {})
        return self.path + ("?" + urlencode(query) if query else "")

    @property
    def previous(self) -> str | None:
        return self.link(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.link(self.number + 1) if self.has_next else None
