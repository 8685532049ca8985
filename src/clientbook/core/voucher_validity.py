"""How long a voucher claimed from a reward stays valid (the reward's `voucher_validity`), and voucher codes.

- `interval`: a span after the claim, `7 days`, `1 year`, `10 weeks`, `30 minutes` (singular or plural units);
- `end_of_time_unit`: until the end of the claim's day, week (Sunday), month or year, in the business's time zone;
- `reward_validity`: until the end of the reward's last valid day (never lapsing when the reward has none)."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import Reason, ValidationFailed

INTERVAL, END_OF_TIME_UNIT, REWARD_VALIDITY = "interval", "end_of_time_unit", "reward_validity"
KINDS = (INTERVAL, END_OF_TIME_UNIT, REWARD_VALIDITY)
END_UNITS = ("end_of_the_day", "end_of_week", "end_of_month", "end_of_year")
_INTERVAL = re.compile(r"^(\d{1,4})\s*(minute|hour|day|week|month|year)s?$")
# Codes people read out at a till: no 0/O or 1/I/L to confuse.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def check(kind: str, value: str | None, field: str = "voucher_validity_value") -> str | None:
    """The rule's value as stored (lower case, trimmed), or a refusal naming `field`."""
    text = (value or "").strip().lower() or None
    if kind == REWARD_VALIDITY:
        return None
    if text is None:
        raise ValidationFailed.single(field, Reason.REQUIRED, f"{field} is required for voucher_validity {kind}")
    if kind == INTERVAL and not _INTERVAL.match(text):
        message = f"{field} must be a count and a unit, such as 7 days, 10 weeks or 1 year"
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, message, value)
    if kind == END_OF_TIME_UNIT and text not in END_UNITS:
        message = f"{field} must be one of {', '.join(END_UNITS)}"
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, message, value)
    return text


def _add_months(day: datetime, months: int) -> datetime:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


def _interval_end(start: datetime, value: str) -> datetime:
    matched = _INTERVAL.match(value)
    assert matched is not None  # checked when the reward was written
    count, unit = int(matched.group(1)), matched.group(2)
    if unit == "month":
        return _add_months(start, count)
    if unit == "year":
        return _add_months(start, 12 * count)
    return start + timedelta(**{f"{unit}s": count})


def _end_of_unit(local: datetime, unit: str) -> datetime:
    day = local.date()
    if unit == "end_of_week":
        day += timedelta(days=6 - day.weekday())
    elif unit == "end_of_month":
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif unit == "end_of_year":
        day = date(day.year, 12, 31)
    return datetime.combine(day + timedelta(days=1), time(), local.tzinfo)


def valid_to(
    kind: str, value: str | None, claimed_at: datetime, time_zone: str, reward_end: date | None
) -> datetime | None:
    """The moment (UTC) a voucher claimed at `claimed_at` lapses; None: it never does."""
    zone = ZoneInfo(time_zone)
    if kind == INTERVAL:
        return _interval_end(claimed_at.astimezone(zone), value or "").astimezone(claimed_at.tzinfo)
    if kind == END_OF_TIME_UNIT:
        return _end_of_unit(claimed_at.astimezone(zone), value or "").astimezone(claimed_at.tzinfo)
    if reward_end is None:
        return None
    return datetime.combine(reward_end + timedelta(days=1), time(), zone).astimezone(claimed_at.tzinfo)


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
