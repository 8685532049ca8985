"""`clientbook reservable-products list | add | hours | remove --business ACCOUNT_NUMBER`: what clients can book.
The vendor APIs only read products; their time slots follow from the length and the opening hours set here.

Opening hours are written `DAYS HH:MM-HH:MM[,HH:MM-HH:MM…]`, one `--hours` per group of days: `MON-FRI 09:00-12:00,
13:00-17:00`, `SAT 09:00-12:00`, `MON,WED 08:00-10:00`, in the business's time zone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import reservable_products
from clientbook.core.reservable_products import DAYS, ProductChanges
from clientbook.core.types import Tenant
from clientbook.store.models.reservable_products import ReservableProduct

from ._output import AS_JSON, BUSINESS, Row, print_rows
from ._run import run_for

app = typer.Typer(
    help="Reservable products: the services, rooms and practitioners' hours clients book.", no_args_is_help=True
)

HOURS = typer.Option(..., "--hours", help="DAYS HH:MM-HH:MM[,…], e.g. 'MON-FRI 09:00-17:00' (repeatable)")
_GROUP = re.compile(r"^\s*([A-Za-z,-]+)\s+(\S+)\s*$")


def _days(spec: str) -> list[str]:
    """`MON-FRI` → MON…FRI, `MON,WED` → MON, WED (anything else is left for the core to refuse)."""
    days = []
    for part in spec.upper().split(","):
        first, _, last = part.partition("-")
        if last and first in DAYS and last in DAYS:
            days += list(DAYS[DAYS.index(first) : DAYS.index(last) + 1])
        else:
            days.append(part)
    return days


def parse_hours(groups: list[str]) -> list[dict[str, str]]:
    """The `--hours` options as the core's opening intervals (the core checks every day and time)."""
    entries = []
    for group in groups:
        match = _GROUP.match(group)
        if match is None:
            raise typer.BadParameter(f"{group!r} is not 'DAYS HH:MM-HH:MM[,…]'", param_hint="--hours")
        for day in _days(match.group(1)):
            for interval in match.group(2).split(","):
                opens, _, closes = interval.partition("-")
                entries.append({"day": day, "from": opens, "to": closes})
    return entries


def _row(product: ReservableProduct) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "code": product.code,
        "duration_minutes": product.duration_minutes,
        "capacity": product.capacity,
        "store_id": product.branch_id,
        "staff_id": product.staff_id,
        "opening_hours": product.opening_hours,
    }


@app.command("list")
def list_products(business: str = BUSINESS, as_json: bool = AS_JSON) -> None:
    """Every live product of the business."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> list[dict[str, Any]]:
        return [_row(p) for p in await reservable_products.matching(session, tenant)]

    found = run_for(business, work)

    def cells(row: Row) -> Sequence[str]:
        hours = ", ".join(f"{h['day']} {h['from']}-{h['to']}" for h in row["opening_hours"])
        return (str(row["id"]), row["name"], str(row["duration_minutes"]), str(row["capacity"]), hours)

    print_rows(found, as_json, ("id", "name", "minutes", "capacity", "hours"), cells)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="the name clients see"),
    business: str = BUSINESS,
    minutes: int = typer.Option(..., "--minutes", help="the length of one booking"),
    hours: list[str] = HOURS,
    capacity: int = typer.Option(1, "--capacity", help="bookings one time slot takes"),
    code: str | None = typer.Option(None, "--code", help="the product's code"),
    store_id: int | None = typer.Option(None, "--store-id", help="the branch it is offered at"),
    staff_id: int | None = typer.Option(None, "--staff-id", help="the practitioner it books"),
) -> None:
    """Add a product."""
    changes = ProductChanges(
        name=name,
        duration_minutes=minutes,
        opening_hours=parse_hours(hours),
        capacity=capacity,
        code=code,
        branch_id=store_id,
        staff_id=staff_id,
    )

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> int:
        return (await reservable_products.create(session, tenant, changes)).id

    typer.echo(f"reservable product {name!r} added (id={run_for(business, work)})")


@app.command("hours")
def set_hours(
    product_id: int = typer.Argument(..., help="the product's id"), business: str = BUSINESS, hours: list[str] = HOURS
) -> None:
    """Replace a product's opening hours (its time slots change at once; bookings made stay)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await reservable_products.update(session, tenant, product_id, ProductChanges(opening_hours=parse_hours(hours)))

    run_for(business, work)
    typer.echo(f"reservable product {product_id}: opening hours replaced")


@app.command("remove")
def remove(product_id: int = typer.Argument(..., help="the product's id"), business: str = BUSINESS) -> None:
    """Stop offering a product (deleted softly: its bookings stay)."""

    async def work(_context: Context, session: AsyncSession, tenant: Tenant) -> None:
        await reservable_products.delete(session, tenant, product_id)

    run_for(business, work)
    typer.echo(f"reservable product {product_id} removed")
