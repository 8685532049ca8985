"""Reading request bodies within the size limit, and parsing JSON leniently enough for the vendors' examples."""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from fastapi import Request

from clientbook.core.errors import FieldError, MalformedRequest, PayloadTooLarge, Reason, ValidationFailed
from clientbook.core.text import is_digits, unstorable


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused past `limit` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    if declared is not None and is_digits(declared) and int(declared) > limit:
        raise PayloadTooLarge(f"Request body is larger than {limit} bytes")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"Request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


MAX_DEPTH = 64  # arrays and objects within one another; no vendor document nests past ten
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")  # \u0000 or a surrogate half


def _refuse_constant(name: str) -> Any:
    raise MalformedRequest(f"Malformed JSON: {name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise MalformedRequest(f"Malformed JSON: the number {text[:20]} is out of range")
    return value


# One decoder for every request: json.loads with hooks would build a decoder and its scanner on every call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def check_depth(raw: bytes, limit: int = MAX_DEPTH) -> None:
    """MalformedRequest when arrays and objects nest deeper than `limit`, found without recursion (json.loads
    would raise RecursionError, and so would anything walking the result). All at C speed: escaped backslashes and
    quotes dropped, the text between quotes (strings) dropped, the brackets kept, their running depth summed."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = b"".join(unescaped.split(b'"')[::2]).translate(None, _NOT_BRACKETS)
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit:
        raise MalformedRequest(f"Malformed JSON: nested deeper than {limit} levels")


def parse_json(raw: bytes) -> Any:
    """The JSON document in `raw`; MalformedRequest naming where it broke. Refused also: nesting past MAX_DEPTH,
    integers past Python's 4,300 digits, NaN/Infinity and numbers out of float range (not JSON, and no database
    stores them alike); strings holding NUL or a lone surrogate are refused naming their field (ValidationFailed)."""
    check_depth(raw)
    try:
        data = _DECODER.decode(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise MalformedRequest("Request body is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise MalformedRequest(f"Malformed JSON: {error.msg} at line {error.lineno} column {error.colno}") from error
    except (ValueError, RecursionError) as error:  # int() past sys.get_int_max_str_digits(); depth, as a last guard
        raise MalformedRequest(f"Malformed JSON: {str(error).split(';')[0]}") from error
    if _SUSPECT_ESCAPE.search(raw):
        check_strings(data)
    return data


def check_strings(data: Any, path: str = "") -> None:
    """ValidationFailed naming every string (or key) holding NUL or a lone surrogate: PostgreSQL refuses both, SQLite
    would store them, and no response could encode them. Walks with a stack, not recursion."""
    errors: list[FieldError] = []
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            problem = unstorable(value)
            if problem:
                name = where or "body"
                errors.append(FieldError(name, Reason.INVALID_FORMAT, f"{name} {problem}"))
        elif isinstance(value, dict):
            for key, item in value.items():
                named = f"{where}.{key}" if where else str(key)
                problem = unstorable(key)
                if problem:
                    errors.append(FieldError(where or "body", Reason.INVALID_FORMAT, f"a key {problem}"))
                    continue
                stack.append((named, item))
        elif isinstance(value, list):
            stack.extend((f"{where}.{index}" if where else str(index), item) for index, item in enumerate(value))
    if errors:
        errors.reverse()
        raise ValidationFailed(errors)


async def refuse_unreadable_json(request: Request) -> None:
    """A dependency for routes whose JSON body FastAPI reads into a model itself (the native API): the body meets
    parse_json's refusals too, before the model sees it. FastAPI's own reading takes NaN and Infinity, and strings
    holding NUL (a 500 on PostgreSQL, stored on SQLite) or a lone surrogate (a 500 on both)."""
    raw = await request.body()  # the bytes FastAPI read, kept on the request: nothing is read twice
    if raw and "json" in request.headers.get("content-type", ""):  # what FastAPI reads as JSON
        parse_json(raw)


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
