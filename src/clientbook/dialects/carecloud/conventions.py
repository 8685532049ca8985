"""CareCloud conventions shared by every resource (seed 003; vendors.md §2): interfaces and versions, the `data`
envelope, paging (`count`/`offset`), sorting (`sort_field`/`sort_direction`), `name[]=` array filters, ids as strings,
datetimes `YYYY-MM-DD HH:MM:SS` in the business's time zone, and the reader's language."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, params
from fastapi.responses import JSONResponse, Response

from clientbook.core import reference_data
from clientbook.core.errors import InterfaceNotAllowed, Reason, ValidationFailed
from clientbook.core.errors import ResourceNotFound as ResourceNotFound  # the routes' path refusal
from clientbook.core.text import is_digits
from clientbook.dialects._kit.codecs import to_utc
from clientbook.edge.i18n import negotiate

from .openapi import listed_fields

DEFAULT_COUNT = 100
MAX_COUNT = 1000  # the spec's `maxItems` on list arrays
_VERSION = re.compile(r"^v1\.\d{1,3}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$")
_INT_ID = re.compile(r"^[1-9]\d{0,17}$")
# The vendor's ids are 26 lowercase hex digits (`8ea2591121e636086a4a9c0992`); ours are integers. Any id of this shape
# that is not one of ours names a record that does not exist: a 404, as the vendor answers, never a 400.
_VENDOR_ID = re.compile(r"^[0-9a-fA-F]{20,32}$")


class Interface(StrEnum):
    ENTERPRISE = "enterprise"
    CUSTOMER = "customer"

    @property
    def label(self) -> str:
        return "Enterprise" if self is Interface.ENTERPRISE else "Customer"


def check_version(request: Request) -> None:
    """`v1.0` and every `v1.Y` are served; another version is a resource that does not exist."""
    version = str(request.path_params.get("version", ""))
    if not _VERSION.match(version):
        raise ResourceNotFound("version", version, f"API version {version} is not served (use v1.0)")


def interface_of(request: Request) -> Interface:
    interface: Interface = request.state.interface
    return interface


def only(*interfaces: Interface, resource: str) -> Callable[[Request], Awaitable[None]]:
    """A route dependency refusing the route on the other interface."""

    async def check(request: Request) -> None:
        interface = interface_of(request)
        if interface not in interfaces:
            raise InterfaceNotAllowed(resource, interface.label)

    return check


def enterprise_only(resource: str) -> list[params.Depends]:
    """A route's dependencies when only the enterprise interface offers it: the customer interface's call is a 403
    `interface_not_allowed_exception` naming `resource`."""
    return [Depends(only(Interface.ENTERPRISE, resource=resource))]


# ---- ids ---------------------------------------------------------------------------------------------------------


def render_id(value: int | None) -> str | None:
    return None if value is None else str(value)


def path_id(raw: str, resource: str) -> int:
    """An id from the path; anything that is not one of our ids is a resource that does not exist."""
    if not _INT_ID.match(raw) or int(raw) > 2**63 - 1:
        raise ResourceNotFound(resource, raw)
    return int(raw)


def body_id(raw: Any, field: str, *, required: bool = False) -> int | None:
    """An id given in a body or the query (a string, or a number), refused with `invalid_value_format`."""
    if raw is None or raw == "":
        if required:
            raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} is required")
        return None
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if _INT_ID.match(text) and int(text) <= 2**63 - 1:
        return int(text)
    if _VENDOR_ID.match(text):
        raise ResourceNotFound(resource_of(field), text)
    raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} is not a valid id", raw)


def record_id(item_id: int, owner_id: int) -> str:
    """`<item_id>:<owner_id>`, the vendor's own spelling of a record that ties an item (a property, an interest) to
    its owner (a customer, a store)."""
    return f"{item_id}:{owner_id}"


def parse_record_id(raw: str, owner_id: int) -> int | None:
    """The item a record id of this owner names (`12:34`, or the item id alone); None when it is not one of this
    owner's."""
    item_part, _, owner_part = raw.partition(":")
    if not is_digits(item_part) or len(item_part) > 18:
        return None
    if owner_part and owner_part != str(owner_id):
        return None
    return int(item_part)


def is_vendor_id(raw: str) -> bool:
    """An id in the vendor's format (20–32 hex digits): it names no record of ours."""
    return bool(_VENDOR_ID.match(raw.strip()))


def required_id(raw: Any, field: str) -> int:
    """`body_id` of a field the caller must give (`required` when absent)."""
    found = body_id(raw, field, required=True)
    assert found is not None  # body_id refuses an absent required id
    return found


def resource_of(field: str) -> str:
    """The resource an id field names, as the vendor's paths spell it: `booking.customer_id` → `customers`."""
    name = field.rsplit(".", 1)[-1].removesuffix("_ids").removesuffix("_id")
    return name.replace("_", "-") + "s"


# ---- datetimes ---------------------------------------------------------------------------------------------------


def render_datetime(value: datetime | None, time_zone: str) -> str | None:
    if value is None:
        return None
    return value.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M:%S")


def render_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_datetime(raw: Any, field: str, time_zone: str) -> datetime | None:
    """`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, wall-clock time of the business, as UTC."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not _DATETIME.match(raw.strip()):
        raise ValidationFailed.single(
            field, Reason.INVALID_FORMAT, f"{field} must be a datetime as YYYY-MM-DD HH:MM:SS", raw
        )
    try:
        local = datetime.fromisoformat(raw.strip().replace(" ", "T"))
    except ValueError as error:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} is not a valid datetime", raw) from error
    return to_utc(local, time_zone)


def parse_date(raw: Any, field: str) -> date | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", raw.strip()):
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} must be a date as YYYY-MM-DD", raw)
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as error:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} is not a valid date", raw) from error


# ---- query: paging, sorting, filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    offset: int
    count: int


@dataclass(frozen=True)
class Sort:
    field: str | None
    descending: bool


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"-?\d{1,10}", raw.strip()):
        raise ValidationFailed.single(name, Reason.INVALID_FORMAT, f"{name} must be an integer", raw)
    value = int(raw)
    if not low <= value <= high:
        raise ValidationFailed.single(name, Reason.NOT_ALLOWED, f"{name} must be between {low} and {high}", raw)
    return value


def page(request: Request) -> Page:
    return Page(
        offset=_int_param(request, "offset", 0, 0, 2**31 - 1),
        count=_int_param(request, "count", DEFAULT_COUNT, 1, MAX_COUNT),
    )


def sort(request: Request, database: Iterable[str] | None = None) -> Sort:
    """`sort_field` and `sort_direction` ASC|DESC (default ASC). `sort_field` is any scalar first-level field of the
    records the operation lists (the spec's rule, read from the vendor's document by the route's operationId); a
    list read from the database passes the fields it can order by with an index (`database`), and another field is
    refused there rather than sorted in memory: only small bounded lists (`sort_and_page`) sort on any field."""
    route = request.scope.get("route")
    fields = set(listed_fields(getattr(route, "summary", None) or ""))
    if database is not None:
        fields = set(database)
    field = request.query_params.get("sort_field") or None
    if field is not None and field not in fields:
        raise ValidationFailed.single(
            "sort_field", Reason.NOT_ALLOWED, f"sort_field must be one of {', '.join(sorted(fields))}", field
        )
    direction = (request.query_params.get("sort_direction") or "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise ValidationFailed.single(
            "sort_direction", Reason.NOT_ALLOWED, "sort_direction must be ASC or DESC", direction
        )
    return Sort(field, direction == "DESC")


def text_param(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    return value.strip() if value is not None and value.strip() else None


def array_param(request: Request, name: str) -> list[str] | None:
    """`name[]=a&name[]=b` (or repeated `name=`), or None when absent; values are alternatives (OR)."""
    values = request.query_params.getlist(f"{name}[]") + request.query_params.getlist(name)
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def id_array_param(request: Request, name: str) -> list[int] | None:
    values = array_param(request, name)
    if values is None:
        return None
    return [i for i in (body_id(v, name) for v in values) if i is not None]


def bool_param(request: Request, name: str) -> bool | None:
    raw = text_param(request, name)
    if raw is None:
        return None
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ValidationFailed.single(name, Reason.INVALID_FORMAT, f"{name} must be true or false", raw)


def language(request: Request, default: str = reference_data.DEFAULT_LANGUAGE) -> str:
    """The reader's language (Accept-Language; any language CLDR knows), else `default` (the business's)."""
    return negotiate(request.headers.get("accept-language"), reference_data.language_codes(), default)


# ---- answers -----------------------------------------------------------------------------------------------------


def compact(record: Mapping[str, Any], keep_null: Sequence[str] = ()) -> dict[str, Any]:
    """Leave out absent values: the spec types these fields as plain strings, never null."""
    return {k: v for k, v in record.items() if v is not None or k in keep_null}


def sort_and_page(records: list[dict[str, Any]], order: Sort, paging: Page) -> list[dict[str, Any]]:
    """Order small, fully loaded lists (reference data, a business's stores or segments) and cut the page."""
    if order.field is not None:
        key = order.field

        def sort_key(record: dict[str, Any]) -> tuple[bool, Any]:
            value = record.get(key)
            if isinstance(value, str) and is_digits(value):
                return (False, int(value))
            return (value is None, value if value is not None else "")

        try:
            records = sorted(records, key=sort_key, reverse=order.descending)
        except TypeError:  # mixed types: compare as text
            records = sorted(records, key=lambda r: str(r.get(key) or ""), reverse=order.descending)
    return records[paging.offset : paging.offset + paging.count]


class Named(Protocol):
    """A business's named record (a credit, point, payment, reward or store group type)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def updated_at(self) -> datetime | None: ...


def named(id_field: str, record: Named, time_zone: str) -> dict[str, Any]:
    """The wire form every named type shares: its id under `id_field`, its name, its last change."""
    return {id_field: str(record.id), "name": record.name, "last_change": render_datetime(record.updated_at, time_zone)}


def listing(plural: str, records: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {"data": {plural: records, "total_items": total}}


def created(key: str, record_id: int | str) -> JSONResponse:
    return JSONResponse({"data": {key: str(record_id)}}, status_code=201)


def no_content() -> Response:
    return Response(status_code=204)
