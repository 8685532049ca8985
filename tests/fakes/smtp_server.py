"""A local SMTP server for tests (standard library asyncio): speaks enough ESMTP for smtplib (EHLO, AUTH PLAIN,
MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message it accepts, and refuses the recipients it is told to."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class FakeSmtpServer:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refused_recipients: set[str] = field(default_factory=set)
    busy: bool = False  # answer every MAIL with 451 (try again later)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await reply("220 fake-smtp ESMTP")
        envelope = Envelope()
        try:
            while line := await reader.readline():
                verb, _, argument = line.decode().rstrip("\r\n").partition(" ")
                verb = verb.upper()
                if verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    self.received.append(Received(envelope.sender, envelope.recipients, await _message(reader)))
                    await reply("250 OK queued")
                    continue
                await reply(self._answer(verb, argument, envelope))
                if verb == "QUIT":
                    break
        finally:
            writer.close()

    def _answer(self, verb: str, argument: str, envelope: Envelope) -> str:
        """The reply to every command but DATA, noting the envelope and logins on the way."""
        if verb in ("EHLO", "HELO"):
            return "250-fake-smtp\r\n250-AUTH PLAIN\r\n250 8BITMIME"
        if verb == "AUTH":
            _, _, initial = argument.partition(" ")
            _, user, password = base64.b64decode(initial).decode().split("\0")
            self.logins.append((user, password))
            return "235 2.7.0 Authentication successful"
        if verb == "MAIL":
            if self.busy:
                return "451 4.3.0 Try again later"
            envelope.sender, envelope.recipients = _address(argument), []
            return "250 OK"
        if verb == "RCPT":
            recipient = _address(argument)
            if recipient in self.refused_recipients:
                return "550 5.1.1 No such mailbox"
            envelope.recipients.append(recipient)
            return "250 OK"
        if verb in ("RSET", "NOOP"):
            return "250 OK"
        if verb == "QUIT":
            return "221 Bye"
        return "502 Command not implemented"


@dataclass
class Envelope:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)


def _address(argument: str) -> str:
    """`FROM:<a@b> SIZE=1` → `a@b`."""
    return argument.split(":", 1)[1].split()[0].strip("<>")


async def _message(reader: asyncio.StreamReader) -> EmailMessage:
    """The message DATA sends, up to the lone dot, un-dot-stuffed, with its line ends as a mailbox stores them."""
    data = bytearray()
    while (chunk := await reader.readline()) not in (b".\r\n", b""):
        data += chunk[1:] if chunk.startswith(b"..") else chunk
    parsed = message_from_bytes(bytes(data).replace(b"\r\n", b"\n"), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@asynccontextmanager
async def running_smtp_server() -> AsyncIterator[FakeSmtpServer]:
    fake = FakeSmtpServer()
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    fake.port = server.sockets[0].getsockname()[1]
    try:
        yield fake
    finally:
        server.close()
        await server.wait_closed()
