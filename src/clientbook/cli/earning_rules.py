"""`clientbook loyalty earning-rules list | set | item-type --business ACCOUNT_NUMBER`: how many points a purchase
earns (core/earning.py applies the rules, core/earning_rules.py keeps them). The vocabularies themselves are
`clientbook loyalty purchase-types | purchase-item-types | payment-types`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import earning_rules, points, purchase_types
from clientbook.core.types import Tenant

from ._output import AS_JSON, BUSINESS, Row, print_rows
from ._run import run_for

app = typer.Typer(help="How many points a purchase earns, per point type and purchase type.", no_args_is_help=True)


@app.command("list")
def list_rules(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
    """Every rule: the points of a point type earned per unit of currency (for every purchase type, or one)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        await purchase_types.ensure_defaults(session, tenant)
        return [
            {
                "id": r.id,
                "point_type_id": r.point_type_id,
                "purchase_type_id": r.purchase_type_id,
                "points_per_unit": points.from_units(r.points_per_unit),
            }
            for r in await earning_rules.list_rules(session, tenant)
        ]

    found = run_for(business, work)

    def cells(row: Row) -> Sequence[str]:
        kind = "every type" if row["purchase_type_id"] is None else str(row["purchase_type_id"])
        return (str(row["id"]), str(row["point_type_id"]), kind, f"{row['points_per_unit']:g}")

    print_rows(found, as_json, ("id", "point type", "purchase type", "points per unit"), cells)


@app.command("set")
def set_rule(
    points_per_unit: str = typer.Argument(..., help="points earned per unit of the bill's currency (0 earns none)"),
    business: str = BUSINESS,
    point_type: int | None = typer.Option(None, "--point-type", help="the point type's id (default: the default)"),
    purchase_type: int | None = typer.Option(None, "--purchase-type", help="only purchases of this type's id"),
) -> None:
    """Create or change the rule of a point type, for every purchase type or for one."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> int:
        await purchase_types.ensure_defaults(session, tenant)
        rule = await earning_rules.set_rule(
            session, tenant, points_per_unit, point_type_id=point_type, purchase_type_id=purchase_type
        )
        return rule.id

    rule_id = run_for(business, work)
    typer.echo(f"earning rule {rule_id}: {points_per_unit} points per unit of currency")


@app.command("item-type")
def item_type(
    item_type_id: int = typer.Argument(..., help="the purchase item type's id"),
    business: str = BUSINESS,
    earns: bool = typer.Option(..., "--earns/--no-earns", help="whether items of the type earn points"),
) -> None:
    """Whether items of a purchase item type count towards what a purchase earns."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await purchase_types.set_earns_points(session, tenant, item_type_id, earns)

    run_for(business, work)
    typer.echo(f"purchase item type {item_type_id} {'earns' if earns else 'earns no'} points")
