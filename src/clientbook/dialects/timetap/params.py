"""Query parameters of the /clients reports (seed 001 parameter table; vendors.md §1 Pagination).

List parameters accept repeated keys and comma-separated values; pages are 1-based (0 or none means the first);
without `pageSize` everything is returned. Every refusal names the parameter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Path
from starlette.datastructures import QueryParams

from clientbook.core.client_search import ClientFilter, Order
from clientbook.core.errors import MalformedRequest, Reason, ValidationFailed
from clientbook.core.text import is_digits

from .mapping import STATUSES

MAX_PAGE_SIZE = 10_000
MAX_PAGE_NUMBER = 1_000_000
MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number names no record (and must not reach the database)
ClientIdPath = Annotated[int, Path(ge=-MAX_ID, le=MAX_ID)]
ORDER_FIELDS = {
    "fullName": "full_name",
    "emailAddress": "email",
    # Beyond the seed's two options, harmless and index-backed:
    "clientId": "id",
    "firstName": "first_name",
    "lastName": "last_name",
    "createdDate": "created_at",
    "modifiedDate": "updated_at",
}


def _bad(name: str, message: str, value: object = None) -> ValidationFailed:
    return ValidationFailed.single(name, Reason.INVALID_FORMAT, f"{name} {message}", value)


def strings(params: QueryParams, name: str) -> list[str] | None:
    values = params.getlist(name)
    if not values:
        return None
    if any("\x00" in v for v in values):
        raise _bad(name, "must not contain NUL characters")
    found = [part.strip() for value in values for part in value.split(",")]
    return [v for v in found if v]


def ints(params: QueryParams, name: str) -> list[int] | None:
    values = strings(params, name)
    if values is None:
        return None
    try:
        numbers = [int(v) for v in values]
    except ValueError:
        raise _bad(name, "must be a list of integers", params.getlist(name)) from None
    if any(abs(n) > MAX_ID for n in numbers):
        raise _bad(name, "holds a number out of range", params.getlist(name))
    return numbers


def integer(params: QueryParams, name: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or not value.strip():
        return None
    try:
        number = int(value.strip())
    except ValueError:
        raise _bad(name, "must be an integer", value) from None
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ValidationFailed.single(name, Reason.NOT_ALLOWED, f"{name} must be at least {minimum}{upper}", value)
    return number


def boolean(params: QueryParams, name: str) -> bool:
    value = (params.get(name) or "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise _bad(name, "must be true or false", value)


def _day(params: QueryParams, name: str, zone: str, *, end: bool) -> datetime | None:
    """`YYYY-MM-DD` (a day of the business's time zone; the end date includes its whole day) or epoch ms."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if is_digits(value) and len(value) > 8:
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _bad(name, "must be a date as YYYY-MM-DD", value) from None
    start = datetime.combine(day, time(), ZoneInfo(zone))
    if end:
        start = start + timedelta(days=1) - timedelta(microseconds=1)
    return start.astimezone(UTC)


@dataclass(frozen=True)
class Page:
    offset: int = 0
    limit: int | None = None


def order(params: QueryParams) -> Order:
    name = (params.get("order_field") or "").strip()
    mode = (params.get("order_mode") or "asc").strip().lower()
    if mode not in ("asc", "desc"):
        raise ValidationFailed.single("order_mode", Reason.NOT_ALLOWED, "order_mode must be asc or desc", mode)
    if not name:
        return Order("id", mode == "desc")
    if name not in ORDER_FIELDS:
        raise ValidationFailed.single(
            "order_field", Reason.NOT_ALLOWED, "order_field must be fullName or emailAddress", name
        )
    return Order(ORDER_FIELDS[name], mode == "desc")


def page(params: QueryParams) -> Page:
    number = integer(params, "pageNumber", maximum=MAX_PAGE_NUMBER) or 1
    size = integer(params, "pageSize", minimum=1, maximum=MAX_PAGE_SIZE)
    if size is None:
        return Page()
    return Page(offset=(number - 1) * size, limit=size)


def statuses(params: QueryParams) -> list[str] | None:
    values = strings(params, "statusList")
    if values is None:
        return None
    unknown = [v for v in values if v.lower() not in STATUSES]
    if unknown:
        raise ValidationFailed.single(
            "statusList", Reason.NOT_ALLOWED, "statusList values must be Active or Blacklisted", unknown[0]
        )
    return [STATUSES[v.lower()].value for v in values]


def report_filter(params: QueryParams, zone: str) -> ClientFilter:
    """The filter of /clientList/report*, /clientIdList (seed 001 parameter table)."""
    return ClientFilter(
        client_ids=ints(params, "clientIdList"),
        created_from=_day(params, "startDate", zone, end=False),
        created_to=_day(params, "endDate", zone, end=True),
        location_group_ids=ints(params, "locationGroupIdList"),
        branch_ids=ints(params, "locationIdList"),
        reason_ids=ints(params, "reasonIdList"),
        staff_ids=ints(params, "staffIdList"),
        search_term=" ".join(strings(params, "searchTerm") or []) or None,
        statuses=statuses(params),
        tags=strings(params, "tagsList"),
    )


def raw_text(body: bytes) -> str:
    """A raw string body, leniently: `Jane Doe`, `"Jane Doe"`, `{ "joel@timetap.com" }` (T5) or a one-value object."""
    try:
        text = body.decode("utf-8-sig").strip()
    except UnicodeDecodeError as error:
        raise MalformedRequest("Request body is not UTF-8 text") from error
    if text.startswith("{") and text.endswith("}"):
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError:
            text = text[1:-1].strip()
        else:
            values = [v for v in data.values() if isinstance(v, str)] if isinstance(data, dict) else []
            text = values[0] if values else ""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            decoded = json.loads(text)
            text = decoded if isinstance(decoded, str) else text
        except json.JSONDecodeError:
            text = text[1:-1]
    if "\x00" in text:
        raise ValidationFailed.single("body", Reason.INVALID_FORMAT, "body must not contain NUL characters")
    return text.strip()


# The parameters as the served OpenAPI document names them (the routes read them from the query themselves, to refuse
# a bad one in TimeTap's form): list parameters take repeated keys or comma-separated values.
def query_doc(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or {"type": "string"},
        "description": description,
    }


_LIST = "a value, comma-separated values, or the key repeated"
PAGING_DOC = [
    query_doc("pageNumber", "1-based page (0 or none: the first)", {"type": "integer", "minimum": 0}),
    query_doc("pageSize", "clients per page (none: every client)", {"type": "integer", "minimum": 1}),
    query_doc("order_field", "sort by", {"type": "string", "enum": list(ORDER_FIELDS)}),
    query_doc("order_mode", "sort direction", {"type": "string", "enum": ["asc", "desc"]}),
]
FILTER_DOC = [
    query_doc("clientIdList", f"client ids: {_LIST}"),
    query_doc("startDate", "created on or after, YYYY-MM-DD", {"type": "string", "format": "date"}),
    query_doc("endDate", "created on or before, YYYY-MM-DD", {"type": "string", "format": "date"}),
    query_doc("locationGroupIdList", f"location group ids: {_LIST}"),
    query_doc("locationIdList", f"location (branch) ids: {_LIST}"),
    query_doc("reasonIdList", f"reason ids: {_LIST}"),
    query_doc("staffIdList", f"staff ids: {_LIST}"),
    query_doc("statusList", f"Active, Blacklisted: {_LIST}"),
    query_doc("tagsList", f"tags: {_LIST}"),
    query_doc("searchTerm", "words matched against name, e-mail and phone"),
    query_doc("showClientForms", "true or false", {"type": "boolean"}),
]
TEXT_BODY_DOC = {
    "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
}


def documented(*parameters: list[dict[str, Any]], body: bool = False) -> dict[str, Any]:
    """`openapi_extra` for a route that reads these parameters (and a raw text body) itself."""
    extra: dict[str, Any] = {"parameters": [p for group in parameters for p in group]}
    return {**extra, **TEXT_BODY_DOC} if body else extra
