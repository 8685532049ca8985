"""`file:PATH`: one JSON object per delivered message, appended to PATH (at least `to`, `body`, `message_id`).

A message already in the file is not written again: after a crash between writing and recording `sent`, the resend
finds it there (whichever worker process resends it), so the file holds each message exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .base import Accepted, OutboundSms, ProviderError


class OnceFile:
    """A JSON-lines file holding each message at most once, by its `message_id` (shared by the SMS and e-mail
    `file:` providers)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._written: set[int] = set()
        self._read_up_to = 0
        self._lock = asyncio.Lock()
        self._catch_up()

    def _catch_up(self) -> None:
        """Note the ids of lines written since we last looked (by an earlier run, or another worker process)."""
        if not self.path.exists():
            return
        with self.path.open("rb") as lines:
            lines.seek(self._read_up_to)
            for line in lines:
                if not line.endswith(b"\n"):
                    break  # being written right now, or torn by a crash: look again next time
                self._read_up_to += len(line)
                try:
                    self._written.add(int(json.loads(line)["message_id"]))
                except (ValueError, KeyError, TypeError):
                    continue  # a torn line glued to a newline: that message was not delivered

    async def write_once(self, message_id: int, record: dict[str, Any]) -> None:
        """Append `record` (which carries `message_id`) unless that message is in the file already."""
        async with self._lock:
            if message_id not in self._written:
                self._catch_up()
            if message_id not in self._written:
                try:
                    self._append(json.dumps({"message_id": message_id, **record}) + "\n")
                except OSError as error:
                    raise ProviderError(f"cannot write {self.path}: {error.strerror}", retryable=True) from error
                self._written.add(message_id)

    def _append(self, line: str) -> None:
        # One write() of the whole line with O_APPEND: lines from several processes never interleave.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            if os.fstat(fd).st_size and not self._ends_with_newline():
                line = "\n" + line  # never glue a record onto a line torn by a crash
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"


class FileSender:
    """What the SMS and the e-mail `file:` senders share: each message's record appended once, with when."""

    name = "file"

    def __init__(self, path: str | Path) -> None:
        self.file = OnceFile(path)

    @property
    def path(self) -> Path:
        return self.file.path

    async def write(self, message_id: int, record: dict[str, object]) -> Accepted:
        await self.file.write_once(message_id, {**record, "sent_at": datetime.now(UTC).isoformat()})
        return Accepted(f"file-{message_id}")

    async def aclose(self) -> None:
        return None


class FileProvider(FileSender):
    async def send(self, sms: OutboundSms) -> Accepted:
        record = {"business_id": sms.business_id, "to": sms.to, "from": sms.from_, "body": sms.body}
        return await self.write(sms.message_id, record)
