"""Ids that pass `str.isdigit()` but not `int()` (`³`, `①`) name no CareCloud record: a 404 in the vendor's form, never
a 500 (issue 14 item 5, on the communication channels, property and interest records added since)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialects.carecloud.conftest import Api, create_customer

ODD_DIGITS = ["³", "①", "²³"]


async def _not_found(api: Api, method: str, path: str) -> None:
    response = await api.request(method, path)  # checked against the vendor's document too
    assert response.status_code == 404, response.text
    assert response.json()["error"]["exception"] == "not_found_exception"


@pytest.mark.parametrize("odd", ODD_DIGITS)
async def test_a_communication_channel_id_of_odd_digits_is_not_found(api: Api, odd: str) -> None:
    await _not_found(api, "GET", f"/communication-channels/{odd}")


@pytest.mark.parametrize("odd", ODD_DIGITS)
@pytest.mark.parametrize("records", ["property-records", "interest-records"])
async def test_a_customer_record_id_of_odd_digits_is_not_found(api: Api, records: str, odd: str) -> None:
    customer = await create_customer(api)
    await _not_found(api, "DELETE", f"/customers/{customer}/{records}/{odd}")
    await _not_found(api, "DELETE", f"/customers/{customer}/{records}/{odd}:{customer}")


@pytest.mark.parametrize("odd", ODD_DIGITS)
async def test_a_store_property_record_id_of_odd_digits_is_not_found(api: Api, odd: str) -> None:
    store = (await api.get("/stores")).json()["data"]["stores"][0]["store_id"]
    await _not_found(api, "DELETE", f"/stores/{store}/property-records/{odd}")


def test_no_source_module_guards_int_with_str_isdigit() -> None:
    """`core.text.is_digits` is the one digit check: each `.isdigit()` elsewhere was a 500 waiting for `³`."""
    source = Path(__file__).resolve().parents[3] / "src" / "clientbook"
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        if "migrations" not in path.parts and path.name != "text.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".isdigit()" in line or ".isdecimal()" in line or ".isnumeric()" in line
    ]
    assert found == []
