"""E-mail through the outbox: the providers (`log`, `file:`, SMTP against a local SMTP server) and the one worker
that delivers SMS and e-mail alike, with the SMS retry policy."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import clients, emails
from clientbook.core.clients import ClientChanges
from clientbook.delivery.mail import OutboundEmail, create_mailer
from clientbook.delivery.mail.file import FileMailer
from clientbook.delivery.mail.log import LogMailer
from clientbook.delivery.mail.smtp import SmtpMailer
from clientbook.delivery.providers import ProviderError
from clientbook.delivery.providers.log import LogProvider
from clientbook.delivery.worker import Worker
from clientbook.store.models import Message
from tests.delivery.conftest import FAST, Practice
from tests.fakes.smtp_server import running_smtp_server
from tests.helpers import Read

EMAIL = OutboundEmail(7, 1, "jana@example.com", "Clinic <noreply@clinic.test>", "Set your password", "Hello\n")


def test_the_provider_is_chosen_by_clientbook_email_provider(tmp_path: Path) -> None:
    assert isinstance(create_mailer(Settings(email_provider="log")), LogMailer)
    assert isinstance(create_mailer(Settings(email_provider=f"file:{tmp_path}/mail.jsonl")), FileMailer)
    smtp = create_mailer(Settings(email_provider="smtp+starttls://user:s%40cret@mail.test"))
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.host, smtp.port, smtp.user, smtp.password) == ("mail.test", 587, "user", "s@cret")
    assert "s@cret" not in repr(smtp)
    with pytest.raises(ValueError, match="file:PATH"):
        create_mailer(Settings(email_provider="file:"))
    with pytest.raises(ValueError, match="unknown CLIENTBOOK_EMAIL_PROVIDER") as error:
        create_mailer(Settings(email_provider="pigeon://secret@loft"))
    assert "secret" not in str(error.value)


async def test_smtp_delivers_the_message_with_its_headers_and_credentials() -> None:
    async with running_smtp_server() as server:
        mailer = SmtpMailer(f"smtp://clinic:pw@127.0.0.1:{server.port}", timeout=5)
        accepted = await mailer.send(EMAIL)
    assert accepted.provider_message_id == "smtp-7"
    assert server.logins == [("clinic", "pw")]
    [received] = server.received
    assert received.recipients == ["jana@example.com"]
    assert received.sender == "noreply@clinic.test"
    assert received.message["Subject"] == "Set your password"
    assert received.message["Message-ID"] == "<clientbook-email-7@clientbook>"
    assert received.message.get_content() == "Hello\n"


async def test_smtp_refusals_are_permanent_and_a_busy_or_absent_server_is_retried() -> None:
    async with running_smtp_server() as server:
        mailer = SmtpMailer(f"smtp://127.0.0.1:{server.port}", timeout=5)
        server.refused_recipients.add("jana@example.com")
        with pytest.raises(ProviderError) as refused:
            await mailer.send(EMAIL)
        assert not refused.value.retryable
        server.refused_recipients.clear()
        server.busy = True
        with pytest.raises(ProviderError) as busy:
            await mailer.send(EMAIL)
        assert busy.value.retryable
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(ProviderError) as absent:
        await SmtpMailer(f"smtp://127.0.0.1:{closed_port}", timeout=2).send(EMAIL)
    assert absent.value.retryable


async def test_the_file_provider_writes_each_email_once(tmp_path: Path) -> None:
    path = tmp_path / "mail.jsonl"
    await FileMailer(path).send(EMAIL)
    await FileMailer(path).send(EMAIL)  # a resend after a restart
    [line] = path.read_text().splitlines()
    record = json.loads(line)
    assert (record["message_id"], record["to"], record["subject"], record["body"]) == (
        7,
        "jana@example.com",
        "Set your password",
        "Hello\n",
    )


async def _email_to_client(context: Context, practice: Practice, address: str) -> int:
    async with context.db.transaction() as session:
        client = await clients.create(session, practice.tenant, ClientChanges(first_name="Jana", email=address))
        message = await emails.send_to_client(session, practice.tenant, client.id, "Hello", "Body text\n")
    return message.id


async def test_one_worker_delivers_email_through_the_mailer_and_sms_through_the_provider(
    practice: Practice, context: Context, read: Read
) -> None:
    [sms_id] = await practice.queue(1, "Your appointment is at 3pm")
    email_id = await _email_to_client(context, practice, "eva@example.com")
    async with running_smtp_server() as server:
        worker = Worker(context.db, LogProvider(), FAST, SmtpMailer(f"smtp://127.0.0.1:{server.port}", timeout=5))
        await worker.drain()
    rows = await read(lambda s: s.scalars(select(Message).where(Message.id.in_([sms_id, email_id]))))
    by_id = {m.id: m for m in rows}
    assert (by_id[email_id].status, by_id[email_id].provider, by_id[email_id].channel) == ("sent", "smtp", "email")
    assert (by_id[sms_id].status, by_id[sms_id].provider, by_id[sms_id].channel) == ("sent", "log", "sms")
    assert [r.recipients for r in server.received if r.message["Message-ID"].endswith(f"-{email_id}@clientbook>")] == [
        ["eva@example.com"]
    ]


async def test_an_email_the_server_refuses_fails_without_retries(
    practice: Practice, context: Context, read: Read
) -> None:
    email_id = await _email_to_client(context, practice, "nobody@example.com")
    async with running_smtp_server() as server:
        server.refused_recipients.add("nobody@example.com")
        worker = Worker(context.db, LogProvider(), FAST, SmtpMailer(f"smtp://127.0.0.1:{server.port}", timeout=5))
        await worker.drain()
    message = await read(lambda s: s.scalar(select(Message).where(Message.id == email_id)))
    assert (message.status, message.attempts) == ("failed", 1)
    assert "550" in message.error
