"""What the delivery worker and the `log` provider say at INFO (issue 16): each message's line and its new state."""

from __future__ import annotations

from clientbook.context import Context
from clientbook.delivery.providers.log import LogProvider
from clientbook.delivery.worker import Worker
from tests.delivery.conftest import FAST, Practice
from tests.observability.conftest import CaptureLogs, capture_logs  # noqa: F401 (the fixture)


async def test_the_log_provider_and_the_worker_log_each_message_at_info(
    practice: Practice,
    context: Context,
    capture_logs: CaptureLogs,  # noqa: F811
) -> None:
    [message_id] = await practice.queue(body="Hello\nthere")
    output = capture_logs("text", "INFO")
    await Worker(context.db, LogProvider(), FAST).drain()
    lines = output.getvalue().splitlines()
    [delivery] = [line for line in lines if f"SMS {message_id} to {practice.mobile}" in line]
    assert "[info" in delivery
    assert "Hello\\x0athere 0" in delivery  # the body's newline can't start a line of its own
    [state] = [line for line in lines if f"SMS {message_id} sent" in line]
    assert "[info" in state
    assert "provider log" in state
