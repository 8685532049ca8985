"""`clientbook loyalty <kind> list | add | rename --business ACCOUNT_NUMBER`: the reference records the vendor APIs
only read (point types, credit types, partners, …). One group of commands per kind of `core.reference_kinds.KINDS`,
so a kind added there is managed here without a line of CLI code."""

from __future__ import annotations

from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import reference, reference_kinds
from clientbook.core.types import Tenant

from . import earning_rules, reward_types
from ._output import AS_JSON, BUSINESS, print_rows
from ._run import run_for

app = typer.Typer(help="Loyalty reference records: point types, credit types, partners.", no_args_is_help=True)


def _row(record: Any) -> dict[str, Any]:
    return {"id": record.id, "name": record.name, "text_id": record.text_id, "default": record.is_default}


def _commands(kind: reference.ReferenceKind[Any]) -> typer.Typer:
    group = typer.Typer(help=f"The business's {kind.name.replace('-', ' ')}.", no_args_is_help=True)
    word = kind.entity.replace("_", " ")

    @group.command("list")
    def list_records(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
        """Every record of the kind, the default one first."""

        async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
            return [_row(r) for r in await reference.list_all(session, tenant, kind)]

        found = run_for(business, work)
        print_rows(
            found,
            as_json,
            ("id", "name", "text id", "default"),
            lambda row: (str(row["id"]), row["name"], row["text_id"], "yes" if row["default"] else ""),
        )

    @group.command("add")
    def add(
        name: str = typer.Argument(..., help="the name integrations show"),
        business: str = BUSINESS,
        text_id: str | None = typer.Option(None, "--text-id", help="the stable key (default: made from the name)"),
    ) -> None:
        """Add a record; its text id must be free in the business."""

        async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> dict[str, Any]:
            return _row(await reference.add(session, tenant, kind, name, text_id=text_id))

        made = run_for(business, work)
        typer.echo(f"{word} {made['name']!r} added (id={made['id']}, text_id={made['text_id']})")

    @group.command("rename")
    def rename(
        record_id: int = typer.Argument(..., help="the record's id"),
        name: str = typer.Argument(..., help="the new name"),
        business: str = BUSINESS,
    ) -> None:
        """Rename a record (its id and text id stay)."""

        async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
            await reference.rename(session, tenant, kind, record_id, name)

        run_for(business, work)
        typer.echo(f"{word} {record_id} renamed to {name!r}")

    return group


for _kind in reference_kinds.KINDS:
    app.add_typer(_commands(_kind), name=_kind.name)
app.add_typer(reward_types.app, name="reward-types")
app.add_typer(earning_rules.app, name="earning-rules")  # renamed only: each type is a rule of the core
