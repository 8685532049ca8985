"""`serve --workers N` gives each worker a minute to start (issue 14 item 13): uvicorn's own 5 s health check killed
workers still importing on a busy machine, in a loop, so the server never became ready. What uvicorn is handed is
checked here; the loop itself needs a machine slower than the test's."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from clientbook.cli import serve
from tests.cli.conftest import Clientbook


async def test_serve_hands_uvicorn_a_worker_health_check_of_a_minute(
    clientbook: Clientbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: handed.update(options, app=app))
    monkeypatch.setattr(serve, "configure_logging", lambda *_: None)  # the suite's logging stays as it is
    result = await clientbook("serve", "--workers", "2", "--port", "8999")
    assert result.exit_code == 0, result.output
    assert handed["workers"] == 2
    assert handed["timeout_worker_healthcheck"] >= 60
    assert handed["factory"] is True  # each worker builds its own app (and logging) after the fork
