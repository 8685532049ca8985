"""What the commands share on their edge: the `--business` and `--json` options, and a list printed as one JSON
array (`--json`) or as a table of the columns a command names."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

BUSINESS = typer.Option(..., "--business", help="the business's account number")
AS_JSON = typer.Option(False, "--json", help="print one JSON array")

Row = dict[str, Any]


def print_rows(
    found: Sequence[Row], as_json: bool, columns: Sequence[str], cells: Callable[[Row], Sequence[str]]
) -> None:
    """`found` as one JSON array, or as a table: `columns` its heading, `cells(row)` each line."""
    if as_json:
        typer.echo(json.dumps(found))
        return
    table = Table(*columns, box=None)
    for row in found:
        table.add_row(*cells(row))
    Console().print(table)
