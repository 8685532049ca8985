"""`clientbook db upgrade | status`: the schema, and what an upgrade did or would do."""

from __future__ import annotations

import typer

from clientbook.config import Settings
from clientbook.store import migrate

app = typer.Typer(help="Database schema.", no_args_is_help=True)


def _revisions(revisions: tuple[str, ...]) -> str:
    return ", ".join(revisions) or "none (a new database)"


@app.command("upgrade")
def upgrade() -> None:
    """Migrate the database to the newest schema, and say which migrations ran."""
    before, after = migrate.upgrade(Settings().database_url)
    head = _revisions(after.current)
    if not before.pending:
        typer.echo(f"already at {head}; nothing to apply")
        return
    start = ", ".join(before.current) or "an empty database"
    typer.echo(f"applied {len(before.pending)} migration(s) from {start} to {head}:")
    for revision in before.pending:
        typer.echo(f"  {revision.id}  {revision.title}")


@app.command("status")
def status() -> None:
    """The database's revision, the code's head, and the migrations an upgrade would apply (exit 1 when any)."""
    found = migrate.status(Settings().database_url)
    typer.echo(f"current: {_revisions(found.current)}")
    typer.echo(f"head:    {', '.join(found.heads)}")
    if found.up_to_date:
        typer.echo("up to date")
        return
    typer.echo(f"pending: {len(found.pending)} migration(s)")
    for revision in found.pending:
        typer.echo(f"  {revision.id}  {revision.title}")
    raise typer.Exit(1)
