"""`clientbook webhook add | list | log | test | replay | enable | disable`: a business's webhook subscriptions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import webhooks
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.store.models import WebhookSubscription

from ._output import BUSINESS
from ._run import run_for

app = typer.Typer(help="Webhook subscriptions: signed deliveries of the business's changes.", no_args_is_help=True)


def _row(s: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "types": s.types,
        "enabled": s.enabled,
        "disabled_reason": s.disabled_reason,
        "consecutive_failures": s.consecutive_failures,
    }


@app.command("add")
def add(
    business: str = BUSINESS,
    url: str = typer.Option(..., "--url", help="where to POST the changes"),
    types: list[str] = typer.Option([], "--type", help="a change type (client, client.deleted…); repeatable"),
) -> None:
    """Subscribe a URL to the business's changes; prints its id and signing secret (shown once)."""

    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> dict[str, Any]:
        created = await webhooks.create(session, tenant, webhooks.NewSubscription(url, types), context.secret_key)
        return {**_row(created.subscription), "secret": created.secret}

    typer.echo(json.dumps(run_for(business, work)))


@app.command("list")
def list_(business: str = BUSINESS) -> None:
    """The business's subscriptions, one JSON object a line."""

    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        return [_row(s) for s in await webhooks.list_all(session, tenant)]

    for row in run_for(business, work):
        typer.echo(json.dumps(row))


@app.command("log")
def log(
    subscription_id: int = typer.Argument(..., help="the subscription"),
    business: str = BUSINESS,
    limit: int = typer.Option(100, "--limit"),
) -> None:
    """The subscription's deliveries with every attempt (time, status, latency, response excerpt)."""

    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        logged = await webhooks.log(session, tenant, subscription_id, limit=limit)
        return [
            {
                "delivery_id": item.delivery.id,
                "webhook_id": item.delivery.message_id,
                "type": item.delivery.type,
                "status": item.delivery.status,
                "attempts": [
                    {
                        "at": a.attempted_at.isoformat(),
                        "status_code": a.status_code,
                        "latency_ms": a.latency_ms,
                        "error": a.error,
                        "response": a.response_excerpt,
                    }
                    for a in item.attempts
                ],
            }
            for item in logged
        ]

    for row in run_for(business, work):
        typer.echo(json.dumps(row))


@app.command("test")
def send_test(subscription_id: int = typer.Argument(...), business: str = BUSINESS) -> None:
    """Enqueue a `webhook.test` message to the subscription."""

    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> int:
        return (await webhooks.send_test(session, tenant, subscription_id)).id

    typer.echo(json.dumps({"delivery_id": run_for(business, work)}))


def _when(value: str | None, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} must be ISO-8601", value) from error


@app.command("replay")
def replay(
    business: str = BUSINESS,
    delivery: int | None = typer.Option(None, "--delivery", help="send this one delivery again"),
    subscription: int | None = typer.Option(None, "--subscription", help="with --since: replay a time range"),
    since: str | None = typer.Option(None, "--since", help="ISO-8601, inclusive"),
    until: str | None = typer.Option(None, "--until", help="ISO-8601, exclusive (default: now)"),
) -> None:
    """Send deliveries again, with the same body and `webhook-id`: one (--delivery) or a range (--subscription
    --since [--until])."""

    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> list[int]:
        if delivery is not None:
            return [(await webhooks.replay_delivery(session, tenant, delivery)).id]
        start = _when(since, "since")
        if subscription is None or start is None:
            raise ValidationFailed.single("delivery", Reason.REQUIRED, "give --delivery, or --subscription and --since")
        copies = await webhooks.replay_range(session, tenant, subscription, start, _when(until, "until"))
        return [c.id for c in copies]

    typer.echo(json.dumps({"delivery_ids": run_for(business, work)}))


def _set(business: str, subscription_id: int, enabled: bool) -> None:
    async def work(context: Context, session: AsyncSession, tenant: Tenant) -> dict[str, Any]:
        return _row(await webhooks.set_enabled(session, tenant, subscription_id, enabled))

    typer.echo(json.dumps(run_for(business, work)))


@app.command("enable")
def enable(subscription_id: int = typer.Argument(...), business: str = BUSINESS) -> None:
    """Enable again (after automatic disabling too): delivery resumes where it stopped."""
    _set(business, subscription_id, True)


@app.command("disable")
def disable(subscription_id: int = typer.Argument(...), business: str = BUSINESS) -> None:
    """Stop delivering; changes meanwhile are sent once enabled again."""
    _set(business, subscription_id, False)
