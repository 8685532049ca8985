"""Digits that pass `str.isdigit()` but not `int()` (`³`, `①`, Arabic-Indic `٣` passes both) are no 5xx anywhere
(issue 14 item 5): numeric parameters accept ASCII digits only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from clientbook.core.text import is_digits
from tests.dialects.timetap.conftest import open_session

ODD_DIGITS = ["³", "①", "²³"]


def test_only_ascii_digits_are_digits() -> None:
    assert is_digits("0123456789")
    assert not any(is_digits(text) for text in ["", "³", "①", "٣", "12³", " 1", "-1"])


@pytest.mark.parametrize("odd", ODD_DIGITS)
@pytest.mark.parametrize("name", ["page", "per_page"])
async def test_webcamconsult_paging_with_odd_digits_falls_back_to_the_default(
    http: httpx.AsyncClient, tenant: dict[str, Any], name: str, odd: str
) -> None:
    headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
    response = await http.get("/webcamconsult/clients.json", params={name: odd}, headers=headers)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("odd", ODD_DIGITS)
async def test_timetap_epoch_dates_with_odd_digits_are_refused_naming_the_parameter(
    http: httpx.AsyncClient, tenant: dict[str, Any], odd: str
) -> None:
    headers = {"Authorization": f"Bearer {await open_session(http, tenant)}"}
    response = await http.get("/timetap/live/clientIdList", params={"startDate": odd * 9}, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "startDate"
