from __future__ import annotations

import typer

from clientbook.config import Settings
from clientbook.store import migrate

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Migrate the database to the newest schema."""
    settings = Settings()
    migrate.upgrade(settings.database_url)
    typer.echo("database is up to date")
