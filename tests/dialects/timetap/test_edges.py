"""Input that must never reach the database as is: numbers past 64 bits, NUL characters, absurd pages. Always a
400 in TimeTap's error form naming the parameter or field, never a 5xx; and the API documents itself."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import row_counts

from .conftest import TimeTap

HUGE = str(2**64)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "field"),
    [
        ("GET", f"/clients/{HUGE}", {}, "clientId"),
        ("PATCH", f"/clients/{HUGE}", {"json": {"city": "x"}}, "clientId"),
        ("DELETE", f"/clients/{HUGE}", {}, "clientId"),
        ("GET", f"/clients/canView/{HUGE}", {}, "clientId"),
        ("GET", f"/clients/canViewedBy/{HUGE}", {}, "clientAccountId"),
        ("POST", f"/clients/merge/{HUGE}", {"json": [1]}, "clientId"),
        ("POST", "/clients/merge/1", {"json": [2**64]}, "body.0.clientId"),
        ("GET", "/clientIdList", {"params": {"clientIdList": HUGE}}, "clientIdList"),
        ("GET", "/clientList/report", {"params": {"staffIdList": f"1,{HUGE}"}}, "staffIdList"),
        ("GET", "/clients", {"params": {"pageNumber": HUGE, "pageSize": "10"}}, "pageNumber"),
        ("GET", "/clientList/report", {"params": {"searchTerm": "a\x00b"}}, "searchTerm"),
        ("GET", "/clientList/report", {"params": {"tagsList": "\x00"}}, "tagsList"),
        ("POST", "/clients/filter", {"content": b"ab\x00c"}, "body"),
        ("POST", "/clients/dupecheck/email", {"content": b"a\x00@example.com"}, "body"),
        (
            "POST",
            "/clients",
            {"json": {"firstName": "A\x00", "lastName": "B", "emailAddress": "a@b.example"}},
            "firstName",
        ),
        (
            "POST",
            "/clients",
            {"json": {"firstName": "A", "lastName": "B", "emailAddress": "a@b.example", "tags": ["x\x00"]}},
            "tags.0",  # the edge names the list item, as pydantic paths do
        ),
        (
            "POST",
            "/clients",
            {
                "json": {
                    "firstName": "A",
                    "lastName": "B",
                    "emailAddress": "a@b.example",
                    "viewClientAccountIds": [2**64],
                }
            },
            "viewClientAccountIds.0",
        ),
        (
            "POST",
            "/clients",
            {
                "json": {
                    "firstName": "A",
                    "lastName": "B",
                    "emailAddress": "a@b.example",
                    "fields": [{"schedulerPreferenceFieldDefnId": 2**64, "value": "x"}],
                }
            },
            "fields.0.schedulerPreferenceFieldDefnId",
        ),
    ],
)
async def test_out_of_range_or_nul_input_is_400_naming_it(
    tt: TimeTap, read: Any, method: str, path: str, kwargs: dict[str, Any], field: str
) -> None:
    before = await row_counts(read, tt.business_id)
    response = await tt.call(method, path, **kwargs)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == 400
    assert body["field"] == field
    assert await row_counts(read, tt.business_id) == before


@pytest.mark.parametrize("base", ["/timetap/live", "/timetap/test"])
async def test_each_mount_serves_its_openapi_document_and_docs_page(tt: TimeTap, base: str) -> None:
    spec = await tt.http.get(f"{base}/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in (
        "/sessionToken",
        "/clients",
        "/clients/{clientId}",
        "/clients/merge/{clientId}",
        "/clientList/reportWithCount",
        "/schedulerFieldList/mode/{mode}",
    ):
        assert path in paths
    assert (await tt.http.get(f"{base}/docs")).status_code == 200


async def test_unknown_path_is_a_json_404(tt: TimeTap) -> None:
    response = await tt.get("/nothing/here")
    assert response.status_code == 404
    assert response.json()["status"] == 404
