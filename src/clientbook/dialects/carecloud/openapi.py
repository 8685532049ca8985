"""The OpenAPI document the CareCloud dialect serves is the vendor's own, restricted to the operations we implement.

`vendor-openapi.json` beside this module is `../shared/reference/carecloud-openapi-full.yaml` as JSON (a test keeps
the two equal when the shared folder is present). An integrator reading our `/carecloud/openapi.json` sees exactly
the parameters, bodies, response schemas, error statuses, tags and security schemes of the vendor's reference, and
the fuzz stage (`make fuzz`) holds our answers to them. An operation we serve that the vendor does not document
would be missing here; `tests/dialects/carecloud/test_openapi.py` fails on one.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

VENDOR_FILE = Path(__file__).with_name("vendor-openapi.json")
METHODS = ("get", "put", "post", "delete", "patch")
INTERFACE_PREFIXES = ("/enterprise-interface/{version}", "/customer-interface/{version}")
# The vendor's generic error answers (components/responses), any of which any operation of ours may give: a bad
# credential is 401 everywhere (the vendor leaves it out of some operations, e.g. users/actions/login), a resource
# on the wrong interface 403, a rate limit 429, the database away 503.
GENERIC_ERRORS = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "405": "NotAllowed",
    "429": "TooManyRequests",
    "500": "InternalServerError",
    "503": "ServiceUnavailable",
}


@cache
def vendor() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(VENDOR_FILE.read_text(encoding="utf-8"))
    return document


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = vendor()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


SCALARS = frozenset({"string", "integer", "number", "boolean"})


@cache
def _listed_fields() -> dict[str, frozenset[str]]:
    """operationId → the scalar first-level fields of the records its `data.<plural>` array answers."""
    found: dict[str, frozenset[str]] = {}
    for item in vendor()["paths"].values():
        for method, operation in item.items():
            if method not in METHODS or "operationId" not in operation:
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            data = _resolved(_resolved(content.get("schema", {})).get("properties", {}).get("data", {}))
            for listed in data.get("properties", {}).values():
                listed = _resolved(listed)
                if listed.get("type") == "array":
                    records = _resolved(listed.get("items", {})).get("properties", {})
                    scalar = {name for name, field in records.items() if _resolved(field).get("type") in SCALARS}
                    found[operation["operationId"]] = frozenset(scalar)
    return found


def listed_fields(operation_id: str) -> frozenset[str]:
    """The first-level fields `sort_field` may name on a list operation (the spec's rule); objects and arrays have no
    order, so only scalar fields count."""
    return _listed_fields().get(operation_id, frozenset())


def template_key(path: str) -> str:
    """A path template with its parameter names left out: `/customers/{customer_id}` → `/customers/{}`."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def served_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(method, template key below the interface and version) of every route the app serves on an interface."""
    generated = get_openapi(title=app.title, version=app.version, routes=app.routes)
    served: set[tuple[str, str]] = set()
    for path, item in generated["paths"].items():
        for prefix in INTERFACE_PREFIXES:
            if path.startswith(prefix):
                served.update((method, template_key(path[len(prefix) :])) for method in item if method in METHODS)
    return served


def document(app: FastAPI) -> dict[str, Any]:
    """The vendor's document with only our operations, its servers pointing at this mount."""
    served = served_operations(app)
    source = vendor()
    paths: dict[str, Any] = {}
    for template, item in source["paths"].items():
        operations = {
            m: _with_generic_errors(op)
            for m, op in item.items()
            if m in METHODS and (m, template_key(template)) in served
        }
        if operations:
            shared = {key: value for key, value in item.items() if key not in METHODS}
            paths[template] = {**shared, **operations}
    result = deepcopy({key: value for key, value in source.items() if key != "paths"})
    result["paths"] = paths
    result["info"] = {**result["info"], "title": app.title, "description": app.description or ""}
    _document_error_bodies(result["components"]["responses"])
    result["servers"] = [
        {
            "url": "/carecloud/{api_interface}/{version}",
            "description": "This Clientbook server: both interfaces, every v1.Y version",
            "variables": {
                "api_interface": {
                    "enum": ["enterprise-interface", "customer-interface"],
                    "default": "enterprise-interface",
                },
                "version": {"default": "v1.0"},
            },
        }
    ]
    return result


def _with_generic_errors(operation: dict[str, Any]) -> dict[str, Any]:
    responses = {
        status: {"$ref": f"#/components/responses/{name}"}
        for status, name in GENERIC_ERRORS.items()
        if status not in operation["responses"]
    }
    return {**operation, "responses": {**operation["responses"], **responses}}


def install(app: FastAPI) -> None:
    """Serve `document(app)` as the app's OpenAPI document, built once on first request."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.root_path_in_servers = False  # our servers entry already names the mount, with its two variables


def _document_error_bodies(responses: dict[str, Any]) -> None:
    """The vendor gives 429 and 503 no body, but ours carry its error envelope (errors.py), as 500 does: documented
    so, a client can read them and the fuzz stage holds them to it; 429 says when to retry."""
    for name in ("TooManyRequests", "ServiceUnavailable"):
        responses[name] = {**responses[name], "content": deepcopy(responses["InternalServerError"]["content"])}
    retry = {"description": "seconds to wait before retrying", "schema": {"type": "integer"}}
    responses["TooManyRequests"]["headers"] = {"Retry-After": retry}
