"""Reading request bodies within the size limit, and parsing JSON leniently enough for the vendors' examples."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from clientbook.core.errors import MalformedRequest, PayloadTooLarge


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused past `limit` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"Request body is larger than {limit} bytes")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"Request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    """The JSON document in `raw`; MalformedRequest naming where it broke."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise MalformedRequest("Request body is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise MalformedRequest(f"Malformed JSON: {error.msg} at line {error.lineno} column {error.colno}") from error


async def read_json(request: Request, limit: int) -> Any:
    return parse_json(await read_body(request, limit))


async def read_json_object(request: Request, limit: int) -> dict[str, Any]:
    data = await read_json(request, limit)
    if not isinstance(data, dict):
        raise MalformedRequest("Request body must be a JSON object")
    return data


def openapi_body(model: type[Any]) -> dict[str, Any]:
    """`openapi_extra` documenting a JSON body the route reads itself (to answer malformed JSON in its own form).

    Nested models stay under the schema's `$defs`; `edge.openapi` hoists them into components."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
