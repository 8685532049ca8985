"""Where a sign-in may send the browser afterwards: local paths only (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

HOME = "/messages/list"


def safe_redirect(target: str | None) -> str:
    """`target` when it is a path on this site, else the contact list.

    Refused: absolute URLs, scheme-relative `//host`, backslash tricks browsers read as `//` (`/\\host`), and control
    characters (a browser strips tabs and newlines before parsing, so `/\\t/host` would become `//host`).
    """
    if not target or not target.startswith("/") or len(target) > 2000:
        return HOME
    if target.startswith(("//", "/\\")) or "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return HOME
    return target


def messages_list(*, contact_type: str | None = None, contact_id: int | None = None, unread: bool = False) -> str:
    """`/messages/list` with the seed's query spellings (seed 000 §5–6: contactId, contactType, filter=unread)."""
    query: dict[str, str | int] = {}
    if contact_id is not None:
        query["contactId"] = contact_id
        if contact_type:
            query["contactType"] = contact_type
    if unread:
        query["filter"] = "unread"
    return HOME + ("?" + urlencode(query) if query else "")
