"""The web app's numeric filters take ASCII digits only: `³` or `①` is a 400 naming the field, not a 500 (issue 14
item 5)."""

from __future__ import annotations

import httpx
import pytest

from tests.web.factories import Login

ODD_DIGITS = ["³", "①", "²³"]


@pytest.mark.parametrize("odd", ODD_DIGITS)
async def test_web_contact_id_with_odd_digits_is_refused_naming_it(
    http: httpx.AsyncClient, signed_in: Login, odd: str
) -> None:
    page = await http.get("/messages/list", params={"contactId": odd})
    assert page.status_code == 400
    assert "contactId" in page.text
