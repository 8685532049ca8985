"""`clientbook worker`: the SMS delivery and webhook workers as their own process (beside `serve`, or several)."""

from __future__ import annotations

import asyncio
import signal

import typer

from clientbook.config import Settings
from clientbook.delivery.mail import create_mailer
from clientbook.delivery.providers import create_provider
from clientbook.delivery.webhooks import WebhookConfig, WebhookWorker
from clientbook.delivery.worker import Worker, WorkerConfig
from clientbook.observability.logs import configure_logging
from clientbook.observability.metrics import serve_metrics
from clientbook.store.engine import Database


def worker(
    once: bool = typer.Option(False, "--once", help="deliver what is due now, then exit"),
    metrics_port: int = typer.Option(0, "--metrics-port", help="serve Prometheus metrics on 127.0.0.1:PORT (0: off)"),
) -> None:
    """Deliver queued SMS through CLIENTBOOK_SMS_PROVIDER until stopped (SIGTERM or Ctrl-C finish the round)."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    settings.check()
    try:
        config = WorkerConfig.from_settings(settings)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    asyncio.run(_run(settings, config, once, metrics_port))


async def _run(settings: Settings, config: WorkerConfig, once: bool, metrics_port: int = 0) -> None:
    db = Database(settings.database_url, pool_size=2)
    if metrics_port:
        serve_metrics(metrics_port, db.engine)
    try:
        provider = create_provider(settings)
        mailer = create_mailer(settings)
        hooks_config = WebhookConfig.from_settings(settings)
    except ValueError as error:
        await db.dispose()
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    hooks = WebhookWorker(db, settings.secret_key, hooks_config)
    try:
        delivery = Worker(db, provider, config, mailer)
        if once:
            typer.echo(f"attempted {await delivery.drain()} messages")
            typer.echo(f"attempted {await hooks.drain()} webhook deliveries")
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await asyncio.gather(delivery.run(stop), hooks.run(stop))
    finally:
        await provider.aclose()
        await mailer.aclose()
        await hooks.aclose()
        await db.dispose()
