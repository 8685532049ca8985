"""Logging for `clientbook serve` and `clientbook worker`: every standard-library logger (ours, uvicorn's,
SQLAlchemy's) rendered by structlog, human-readable by default or one JSON object a line (`CLIENTBOOK_LOG_FORMAT=json`),
each line of a request carrying its request id.

The code logs through `logging.getLogger(...)` as before; structlog is only the formatter, so a library's lines get the
same shape and the same request id as ours. Tracebacks are plain text: rich's (structlog's default when rich is
installed) print local variables, and a local may be a password.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog

FORMATS = ("text", "json")
REQUEST_ID_HEADER = "x-request-id"
# A request id we accept from a client (or a proxy): short and printable, so it can't forge or break a log line.
_ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Libraries whose DEBUG/INFO lines carry SQL parameters or request bodies: WARNING and above only, at any setting.
QUIET = (
    *("sqlalchemy", "aiosqlite", "asyncpg", "asyncio"),
    *("httpx", "httpcore", "multipart", "python_multipart", "twilio"),
)


def request_id_from(header: bytes | None) -> str:
    """The client's `X-Request-ID` when it is an acceptable one, else a fresh random id."""
    if header:
        candidate = header.decode("latin-1")
        if _ACCEPTABLE_REQUEST_ID.fullmatch(candidate):
            return candidate
    return secrets.token_hex(16)


@contextmanager
def request_context(request_id: str) -> Iterator[None]:
    """Every line logged inside the block (in this task and the tasks it starts) carries `request_id`."""
    with structlog.contextvars.bound_contextvars(request_id=request_id):
        yield


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value is not None else None


def _escape_control_characters(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Text lines: a newline inside a value (an SMS body, a path) must not start a forged line of its own."""
    for key, value in event.items():
        if isinstance(value, str) and _CONTROL.search(value):
            event[key] = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return event


def _drop_color_message(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    event.pop("color_message", None)  # uvicorn's ANSI-coloured twin of the message
    return event


def formatter(fmt: str) -> logging.Formatter:
    """The structlog formatter for `fmt` ("text" or "json") that every handler uses."""
    if fmt not in FORMATS:
        raise ValueError(f"CLIENTBOOK_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _drop_color_message,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        # The process id: under `serve --workers N` it tells the workers' lines apart.
        structlog.processors.CallsiteParameterAdder([structlog.processors.CallsiteParameter.PROCESS]),
    ]
    rendering: list[Any]
    if fmt == "json":
        rendering = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        console = structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
        rendering = [_escape_control_characters, console]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendering],
    )


def configure_logging(fmt: str = "text", level: str = "INFO", stream: Any = None) -> None:
    """Send every logger to one handler on stderr in `fmt`; uvicorn's access log is off (the root app writes ours,
    without secret query strings)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True  # it prints the raw query string (?sessionToken=…, ?token=…)
