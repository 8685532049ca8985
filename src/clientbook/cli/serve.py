from __future__ import annotations

import typer
import uvicorn

from clientbook.config import Settings
from clientbook.observability.logs import configure_logging
from clientbook.observability.metrics import multiprocess_metrics

from ._run import require_schema


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(1, help="server processes (PostgreSQL; SQLite wants one)"),
    migrate: bool = typer.Option(False, "--migrate", help="bring the database to the newest schema first"),
) -> None:
    """Serve the APIs, the web app and (unless CLIENTBOOK_RUN_WORKER=false) the SMS delivery worker."""
    settings = Settings()
    require_schema(settings, upgrade=migrate)  # an unmigrated database: one line saying what to run, exit 1
    configure_logging(settings.log_format, settings.log_level)
    with multiprocess_metrics(workers):
        uvicorn.run(
            "clientbook.app:serve_app",  # configures logging in each worker process too
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=settings.log_level.lower(),
            log_config=None,  # ours (configure_logging), not uvicorn's
            access_log=False,  # the root app logs each request, with secret query parameters redacted
            proxy_headers=True,
            # A worker still importing on a busy machine is not dead (issue 14.13): uvicorn's 5 s kills it in a loop.
            timeout_worker_healthcheck=60,
        )
