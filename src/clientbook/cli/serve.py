from __future__ import annotations

import typer
import uvicorn


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(1, help="server processes (PostgreSQL; SQLite wants one)"),
) -> None:
    """Serve the APIs, the web app and (unless CLIENTBOOK_RUN_WORKER=false) the SMS delivery worker."""
    uvicorn.run(
        "clientbook.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
    )
