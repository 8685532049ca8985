"""Properties of the wire codecs every dialect leans on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientbook.dialects._kit.codecs import lenient_int, parse_datetime_or_time, parse_ymd, to_utc


@given(st.dates())
def test_any_date_written_as_yyyy_mm_dd_reads_back_as_itself(day: date) -> None:
    assert parse_ymd(day.isoformat()) == day


@given(st.text(max_size=12).filter(lambda s: s.strip() != "" and not s.strip()[:1].isdigit()))
def test_text_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_ymd(text)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "2026-01-01T00:00:00"])
def test_almost_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_ymd(text)


@given(st.integers(min_value=-(2**63), max_value=2**63))
def test_integers_sent_as_strings_are_integers(number: int) -> None:
    assert lenient_int(str(number)) == number
    assert lenient_int(number) == number


def test_blank_means_none() -> None:
    assert lenient_int("  ") is None
    assert parse_ymd("") is None
    assert parse_datetime_or_time(" ") is None


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)))
def test_wall_clock_times_keep_their_instant_through_utc(moment: datetime) -> None:
    # Asia/Tokyo has had no daylight saving since 1951, so every wall time exists exactly once.
    utc = to_utc(moment, "Asia/Tokyo")
    assert utc.tzinfo == UTC
    assert utc.astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None) == moment


def test_times_and_datetimes_both_parse() -> None:
    assert parse_datetime_or_time("09:30:00") == time(9, 30)
    assert parse_datetime_or_time("2026-12-02T14:00:00") == datetime(2026, 12, 2, 14, 0)
