"""Validate our CareCloud answers against the vendor's complete OpenAPI document (the package's vendor-openapi.json,
which is ../shared/reference/carecloud-openapi-full.yaml as JSON, so a clone anywhere runs the suite):
the status must be one the operation documents (or a generic error status with the spec's generic error body), and
the body must match the documented schema (OpenAPI 3.0 → JSON Schema: `$ref` inlined, `nullable` made a type)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from clientbook.dialects.carecloud import openapi as served

# The first 44 operations we built (a copy of ../shared/reference/carecloud-openapi.yaml; SHARED_SPEC is the original,
# when present): `operations()` lists them for the test that calls each one.
SPEC_PATH = Path(__file__).with_name("carecloud-openapi.yaml")
SHARED_SPEC = Path(__file__).resolve().parents[4] / "shared" / "reference" / "carecloud-openapi.yaml"
GENERIC = {
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
def spec() -> dict[str, Any]:
    """The vendor's complete document: every answer of every operation is checked against it."""
    return served.vendor()


@cache
def first_spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def _resolve(node: Any, depth: int = 0) -> Any:
    """Inline every `$ref`, and turn `nullable: true` into a JSON-Schema type list."""
    assert depth < 40, "recursive schema"
    if isinstance(node, list):
        return [_resolve(item, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _resolve(target, depth + 1)
    out = {k: _resolve(v, depth) for k, v in node.items() if k not in ("example", "examples", "deprecated", "readOnly")}
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    out.pop("format", None)
    return out


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    found = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        literal = sum(1 for part in template.split("/") if part and not part.startswith("{"))
        found.append((literal, re.compile(f"^{pattern}$"), template))
    found.sort(key=lambda item: -item[0])
    return [(pattern, template) for _literal, pattern, template in found]


def template_of(path: str) -> str | None:
    """The spec path of a request path below the interface and version (`/customers/12` → `/customers/{…}`)."""
    for pattern, template in _templates():
        if pattern.match(path):
            return template
    return None


def _schema(response: dict[str, Any]) -> dict[str, Any] | None:
    if "$ref" in response:
        response = _resolve(response)
    content = response.get("content", {}).get("application/json")
    return _resolve(content["schema"]) if content and "schema" in content else None


@cache
def _validator(key: str) -> Any:
    return jsonschema_rs.validator_for(json.loads(key))


def problems(method: str, path: str, status: int, body: bytes) -> list[str]:
    """What is wrong with an answer by the spec; empty when it conforms."""
    template = template_of(path)
    if template is None:
        return [] if status in (404, 405, 403) else [f"{path} is no operation of the spec"]
    operation = spec()["paths"][template].get(method.lower())
    code = str(status)
    if operation is not None and code in operation["responses"]:
        documented = operation["responses"][code]
    elif code in GENERIC:
        documented = spec()["components"]["responses"][GENERIC[code]]
    else:
        return [f"{method} {template} answered {status}, which the spec does not document"]
    schema = _schema(documented)
    if status == 204 or schema is None:
        return [] if status != 204 or not body else [f"{method} {template} 204 has a body"]
    instance = json.loads(body)
    validator = _validator(json.dumps(schema, sort_keys=True))
    return [f"{method} {template} {status}: {error}" for error in validator.iter_errors(instance)]


def operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), template)
        for template, item in first_spec()["paths"].items()
        for method in item
        if method in ("get", "post", "put", "delete")
    }
