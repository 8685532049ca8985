"""`clientbook export clients` and `clientbook import clients`: CSV or JSON lines, the same columns both ways.

The file formats live here (the CLI reads and writes files); the columns, the rules and the queries are the core's
(`core.client_transfer`, `core.client_import`).
"""

from __future__ import annotations

import asyncio
import csv
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clientbook.config import Settings
from clientbook.core import accounts, client_import, client_transfer
from clientbook.core.client_import import Match, Refused, Report
from clientbook.core.errors import ClientbookError
from clientbook.core.types import Tenant
from clientbook.store.engine import Database
from clientbook.store.repositories.client_bulk import IMPORTED_TABLES

from ._output import BUSINESS
from ._run import fail

export_app = typer.Typer(help="Export records to a file.", no_args_is_help=True)
import_app = typer.Typer(help="Import records from a file.", no_args_is_help=True)


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


def _format_of(given: Format | None, path: Path | None) -> Format:
    if given is not None:
        return given
    return Format.JSONL if path is not None and path.suffix.lower() in (".jsonl", ".ndjson") else Format.CSV


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


async def _tenant(database: Database, business: str) -> tuple[Tenant, int]:
    async with database.transaction() as session:
        tenant = await accounts.tenant_for(session, business, "business", actor="cli:import")
        return tenant, await client_transfer.count(session, tenant)


async def _export(settings: Settings, business: str, out: IO[str], form: Format, console: Console) -> int:
    database = Database(settings.database_url, pool_size=1)
    try:
        tenant, total = await _tenant(database, business)
        writer = csv.writer(out, lineterminator="\n")
        if form is Format.CSV:
            writer.writerow(client_transfer.COLUMNS)
        written = 0
        with _progress(console) as progress:
            task = progress.add_task("exporting clients", total=total)
            async for batch in client_transfer.export(database.transaction, tenant):
                for record in batch:
                    if form is Format.CSV:
                        writer.writerow([_csv_value(v) for v in record.values()])
                    else:
                        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
                written += len(batch)
                progress.update(task, advance=len(batch))
        return written
    finally:
        await database.dispose()


@export_app.command("clients")
def export_clients(
    business: str = BUSINESS,
    form: Format | None = typer.Option(None, "--format", help="csv (default) or jsonl (default for *.jsonl)"),
    output: Path | None = typer.Option(None, "-o", "--output", help="the file to write (default: stdout)"),
) -> None:
    """Every live client of the business, by id, streamed in batches (memory stays flat however many)."""
    console = Console(stderr=True)
    chosen = _format_of(form, output)
    with ExitStack() as stack:
        out = stack.enter_context(output.open("w", newline="", encoding="utf-8")) if output else sys.stdout
        try:
            written = asyncio.run(_export(Settings(), business, out, chosen, console))
        except ClientbookError as error:
            fail(error)
    if output is not None:
        console.print(f"exported {written} clients to {output}")


def _records(handle: IO[str], form: Format, unreadable: list[Refused]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(line number, record) of each row; a JSON line that does not parse is noted in `unreadable` and skipped."""
    if form is Format.CSV:
        reader = csv.DictReader(handle)
        client_transfer.check_columns(list(reader.fieldnames or []))
        for row in reader:
            yield reader.line_num, row
        return
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            unreadable.append(Refused(number, None, f"not a JSON object: {error.msg}"))
            continue
        if not isinstance(record, dict):
            unreadable.append(Refused(number, None, "not a JSON object"))
            continue
        yield number, record


async def _import(
    settings: Settings, business: str, path: Path, form: Format, match: Match | None, dry_run: bool, console: Console
) -> Report:
    database = Database(settings.database_url, pool_size=1)
    unreadable: list[Refused] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = sum(1 for _ in handle) - (1 if form is Format.CSV else 0)
        async with database.sessions() as session, session.begin() as transaction:
            tenant = await accounts.tenant_for(session, business, "business", actor="cli:import")
            with path.open(encoding="utf-8", newline="") as handle, _progress(console) as progress:
                task = progress.add_task("importing clients", total=max(lines, 0))
                report = await client_import.import_clients(
                    session,
                    tenant,
                    _records(handle, form, unreadable),
                    match=match,
                    progress=lambda n: progress.update(task, advance=n),
                )
            if dry_run:
                await transaction.rollback()
        if report.created and not dry_run:
            await database.vacuum_analyze(*IMPORTED_TABLES)  # the visibility map, for index-only scans
    finally:
        await database.dispose()
    report.refused = sorted(report.refused + unreadable, key=lambda refused: refused.line)
    return report


@import_app.command("clients")
def import_clients(
    business: str = BUSINESS,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a CSV or JSON-lines file (export's columns)"),
    form: Format | None = typer.Option(None, "--format", help="csv (default) or jsonl (default for *.jsonl)"),
    match: Match | None = typer.Option(
        None, "--match", help="update the client with the row's id, e-mail or mobile number (else: all new)"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="check every row and report, writing nothing"),
) -> None:
    """Create (and with --match, update) clients from a file; refused rows are reported with their line and reason
    and write nothing. Exit status 1 when any row was refused."""
    console = Console(stderr=True)
    try:
        report = asyncio.run(_import(Settings(), business, file, _format_of(form, file), match, dry_run, console))
    except ClientbookError as error:
        fail(error)
    for refused in report.refused:
        typer.echo(
            f"line {refused.line}: " + (f"{refused.field}: " if refused.field else "") + refused.reason, err=True
        )
    lines = len({refused.line for refused in report.refused})
    verb = "would create" if dry_run else "created"
    summary = f"{verb} {report.created}, {'would update' if dry_run else 'updated'} {report.updated}, refused {lines}"
    typer.echo(summary + (" (dry run: nothing written)" if dry_run else ""))
    if lines:
        raise typer.Exit(1)
