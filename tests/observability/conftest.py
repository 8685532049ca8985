"""Logging captured the way `clientbook serve` configures it, into a buffer, restored afterwards."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator

import pytest

from clientbook.observability.logs import QUIET, configure_logging

CaptureLogs = Callable[[str, str], io.StringIO]


@pytest.fixture
def capture_logs() -> Iterator[CaptureLogs]:
    """`capture_logs(fmt, level)`: every logger rendered in `fmt` into the returned buffer, for this test only."""
    names = ["", "uvicorn", "uvicorn.error", "uvicorn.access", *QUIET]
    saved = [
        (logger, logger.level, list(logger.handlers), logger.propagate, logger.disabled)
        for logger in map(logging.getLogger, names)
    ]

    def capture(fmt: str = "text", level: str = "INFO") -> io.StringIO:
        buffer = io.StringIO()
        configure_logging(fmt, level, stream=buffer)
        return buffer

    yield capture
    for logger, level, handlers, propagate, disabled in saved:
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate, logger.disabled = propagate, disabled
