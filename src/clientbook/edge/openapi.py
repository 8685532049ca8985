"""What every dialect's served OpenAPI document gets beyond FastAPI's own (issue 14.14): its real error answers.

FastAPI documents a 422 `HTTPValidationError` on every operation and nothing else; our dialects never answer
FastAPI's 422 (each renders every refusal in its own form) and do answer 400, 401, 404, 429… So each dialect
declares its error form once (`ErrorForm`: status → description, media type and body schema) and `install` puts
those answers on every operation in place of FastAPI's, with the dialect's security schemes. Schemas that FastAPI
or `edge.body.openapi_body` leave nested under `$defs` are hoisted into `components/schemas`, so every `$ref`
resolves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class ErrorAnswer:
    description: str
    model: type[BaseModel] | None = None  # the body's wire model; None with `text` for a plain-text body
    media_type: str = "application/json"
    text: bool = False


@dataclass(frozen=True)
class ErrorForm:
    """A dialect's error answers: every status it may give on any operation, beside each route's own success."""

    answers: Mapping[int, ErrorAnswer]
    security_schemes: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    # Operations whose path is in here need no credential (e.g. the token endpoints).
    public_paths: frozenset[str] = frozenset()


def _hoist(node: Any, schemas: dict[str, Any]) -> Any:
    """`node` with every nested `$defs` moved into `schemas` (components), recursively."""
    if isinstance(node, list):
        return [_hoist(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    for name, schema in (node.get("$defs") or {}).items():
        schemas.setdefault(name, _hoist(schema, schemas))
    return {key: _hoist(value, schemas) for key, value in node.items() if key != "$defs"}


def resource_of(path: str) -> str:
    """The resource a path belongs to, for its tag: `/api/v1/clientsms` → clientsms, `/client/{id}.json` → client."""
    for segment in path.split("/"):
        name = segment.removesuffix(".json")
        if name and not name.startswith("{") and name not in ("api", "v1"):
            return name
    return "root"


def _error_content(answer: ErrorAnswer, ref: str | None) -> dict[str, Any]:
    if answer.text:
        return {answer.media_type: {"schema": {"type": "string"}}}
    return {answer.media_type: {"schema": {"$ref": ref}}} if ref else {}


def finish(document: dict[str, Any], form: ErrorForm) -> dict[str, Any]:
    """`document` with the dialect's error answers on every operation and every `$ref` resolvable."""
    components = document.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    refs: dict[int, str | None] = {}
    for status, answer in form.answers.items():
        if answer.model is None or answer.text:
            refs[status] = None
            continue
        schema = answer.model.model_json_schema(ref_template="#/components/schemas/{model}")
        name = answer.model.__name__
        schemas[name] = _hoist(schema, schemas)
        refs[status] = f"#/components/schemas/{name}"
    for schema_name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(schema_name, None)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            if "HTTPValidationError" in str(responses.get("422")):
                del responses["422"]  # FastAPI's own, which no dialect answers: its refusals take the dialect's form
            for status, answer in form.answers.items():
                responses.setdefault(
                    str(status), {"description": answer.description, "content": _error_content(answer, refs[status])}
                )
            operation.setdefault("tags", [resource_of(path)])
            if form.security_schemes and path in form.public_paths:
                operation["security"] = []
    if form.security_schemes:
        components["securitySchemes"] = dict(form.security_schemes)
        document["security"] = [{name: []} for name in form.security_schemes]
    finished: dict[str, Any] = _hoist(document, schemas)
    return finished


def install(app: FastAPI, form: ErrorForm) -> None:
    """Serve the app's generated document finished with `form`, built once on first request."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            app.openapi_schema = finish(generated, form)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
