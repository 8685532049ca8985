"""Every dialect's served OpenAPI document is valid and honest (issue 14.14): every `$ref` resolves, no operation
documents FastAPI's 422 that no dialect answers, and each documents the error statuses its dialect gives."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from clientbook.dialects.registry import DIALECTS

METHODS = ("get", "put", "post", "delete", "patch")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _resolves(document: dict[str, Any], ref: str) -> bool:
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        if not isinstance(target, dict) or part not in target:
            return False
        target = target[part]
    return True


@pytest.mark.parametrize("mount", sorted({d.mount for d in DIALECTS}))
async def test_the_served_document_is_valid_and_every_reference_resolves(http: httpx.AsyncClient, mount: str) -> None:
    document = (await http.get(f"{mount}/openapi.json")).json()
    validate(document)
    assert [ref for ref in _refs(document) if not _resolves(document, ref)] == []
    operations = [op for item in document["paths"].values() for method, op in item.items() if method in METHODS]
    assert operations
    assert all("HTTPValidationError" not in str(op["responses"]) for op in operations)
    assert "securitySchemes" in document.get("components", {}) or mount == "/wiredclient"  # Wired Client: body auth


@pytest.mark.parametrize(
    ("mount", "statuses"),
    [("/timetap/live", {"400", "401", "404", "429"}), ("/webcamconsult", {"401", "404", "422", "429"})],
)
async def test_every_operation_documents_the_dialects_error_statuses(
    http: httpx.AsyncClient, mount: str, statuses: set[str]
) -> None:
    document = (await http.get(f"{mount}/openapi.json")).json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                assert statuses <= set(operation["responses"]), f"{method} {path}"


async def test_timetap_documents_the_session_token_parameters_as_required(http: httpx.AsyncClient) -> None:
    operation = (await http.get("/timetap/live/openapi.json")).json()["paths"]["/sessionToken"]["get"]
    assert {p["name"]: p["required"] for p in operation["parameters"]} == {
        "apiKey": True,
        "timestamp": True,
        "signature": True,
    }
    assert operation["security"] == []


async def test_a_path_holding_a_newline_is_answered_by_its_dialect(http: httpx.AsyncClient) -> None:
    response = await http.get("/webcamconsult/client/%0A%C3%B2.json")
    assert (response.status_code, response.text) == (401, "HTTP Token: Access denied.\n")
    response = await http.get("/timetap/live/clients/%0A")
    assert response.status_code == 401
    assert response.json()["status"] == 401


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/webcamconsult/clients.json", "GET, POST"),
        ("DELETE", "/webcamconsult/users", "GET, POST"),
        ("PATCH", "/timetap/live/clients", "GET, POST"),
        ("DELETE", "/carecloud/enterprise-interface/v1.0/customers", "GET, POST"),
        ("PUT", "/wiredclient/api/v1/client", "POST"),
    ],
)
async def test_a_405_names_every_method_the_path_serves(
    http: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await http.request(method, path)
    assert (response.status_code, response.headers.get("allow")) == (405, allow)


async def _every_operation(http: httpx.AsyncClient) -> list[tuple[str, dict[str, Any]]]:
    """(`mount method path`, operation) of every operation of every served document."""
    found = []
    for mount in sorted({d.mount for d in DIALECTS}):
        document = (await http.get(f"{mount}/openapi.json")).json()
        for path, item in document["paths"].items():
            found += [(f"{mount} {method} {path}", op) for method, op in item.items() if method in METHODS]
    return found


async def test_every_operation_is_tagged_with_its_resource(http: httpx.AsyncClient) -> None:
    for where, operation in await _every_operation(http):
        assert operation.get("tags"), where


async def test_timetap_documents_the_report_parameters_and_raw_text_bodies(http: httpx.AsyncClient) -> None:
    paths = (await http.get("/timetap/live/openapi.json")).json()["paths"]
    report = {p["name"] for p in paths["/clientList/report"]["get"]["parameters"]}
    assert {"pageNumber", "pageSize", "order_field", "order_mode", "statusList", "tagsList", "searchTerm"} <= report
    assert "text/plain" in paths["/clients/filter"]["post"]["requestBody"]["content"]


async def test_every_operation_has_a_summary(http: httpx.AsyncClient) -> None:
    """The docs page lists each operation by its summary (issue 14 Deliver: tags and summaries per resource)."""
    for where, operation in await _every_operation(http):
        assert operation.get("summary", "").strip(), where


async def test_timetap_documents_the_merge_body_it_reads(http: httpx.AsyncClient) -> None:
    operation = (await http.get("/timetap/live/openapi.json")).json()["paths"]["/clients/merge/{clientId}"]["post"]
    body = operation["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"]["type"] == "array"
