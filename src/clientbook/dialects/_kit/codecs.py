"""Wire spellings shared by several dialects: strict dates, lenient ints, local times."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def parse_ymd(value: Any) -> date | None:
    """`YYYY-MM-DD` (or empty) and nothing else."""
    value = blank_to_none(value)
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not _YMD.match(value.strip()):
        raise ValueError("must be a date in the format YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError("is not a valid calendar date") from error


def parse_datetime_or_time(value: Any) -> datetime | time | None:
    """`YYYY-MM-DDTHH:mm:ss` or `HH:mm:ss` (vendors.md W9)."""
    value = blank_to_none(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a time as YYYY-MM-DDTHH:mm:ss or HH:mm:ss")
    text = value.strip()
    try:
        return time.fromisoformat(text) if len(text) <= 8 else datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError("must be a time as YYYY-MM-DDTHH:mm:ss or HH:mm:ss") from error


def to_utc(local: datetime, time_zone: str) -> datetime:
    """A wall-clock time of `time_zone` (or an aware datetime) as UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(time_zone))
    return local.astimezone(UTC)


def lenient_int(value: Any) -> Any:
    """Numbers sent as strings ("0", "12") are numbers (vendors.md W11); empty means none."""
    value = blank_to_none(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    return value


# Mongo-style ids (Webcamconsult, DESIGN rule 4): a core id as 24 lowercase hex digits, zero-padded.
_HEX24 = re.compile(r"^[0-9a-fA-F]{24}$")
MAX_CORE_ID = 2**63 - 1


def to_hex24(core_id: int) -> str:
    return f"{core_id:024x}"


def from_hex24(value: str) -> int | None:
    """The core id spelled by `value`; None when it is not 24 hex digits or names no possible core id."""
    if not _HEX24.match(value):
        return None
    number = int(value, 16)
    return number if 0 < number <= MAX_CORE_ID else None


def is_hex24(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX24.match(value))


def to_iso_ms(moment: datetime, time_zone: str) -> str:
    """`2015-07-01T15:41:24.306+02:00`: ISO-8601 with milliseconds and the offset of `time_zone` at that instant."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return local.isoformat(timespec="milliseconds")


def parse_iso_datetime(value: Any, time_zone: str) -> datetime:
    """An ISO-8601 date-time as UTC, keeping its instant; one without an offset is wall-clock time of `time_zone`,
    a bare `YYYY-MM-DD` is midnight there. ValueError otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be an ISO-8601 date-time")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError("must be an ISO-8601 date-time") from error
    return to_utc(moment, time_zone)


def parse_iso_date(value: Any) -> date:
    """The calendar date an ISO-8601 date or date-time names as written (`2014-12-18T00:00:00.000+01:00` → the 18th,
    not converted to another zone first). ValueError otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be an ISO-8601 date")
    text = value.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError as error:
        raise ValueError("must be an ISO-8601 date") from error


def date_to_iso_ms(day: date, time_zone: str) -> str:
    """A calendar date as midnight of `time_zone`, spelled like `to_iso_ms` (`2014-12-18T00:00:00.000+01:00`)."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(time_zone)).isoformat(timespec="milliseconds")
