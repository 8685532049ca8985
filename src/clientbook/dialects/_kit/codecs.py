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
