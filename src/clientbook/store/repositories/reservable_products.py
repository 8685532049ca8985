"""Reservable products, and the appointments that fill their time slots."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select

from clientbook.store.models import Appointment
from clientbook.store.models.reservable_products import ReservableProduct

from ._base import RecordRepository


class ReservableProductRepository(RecordRepository[ReservableProduct]):
    model = ReservableProduct

    async def matching(
        self,
        business_id: int,
        *,
        name_contains: str | None = None,
        text: str | None = None,
        code: str | None = None,
        branch_id: int | None = None,
        ids: Collection[int] | None = None,
    ) -> builtins.list[ReservableProduct]:
        """The business's live products, in id order: `name_contains` in the name, `text` in the name or code (both
        case-insensitive), a code or store (through their indexes)."""
        where: builtins.list[ColumnElement[bool]] = [
            ReservableProduct.business_id == business_id,
            ReservableProduct.deleted_at.is_(None),
        ]
        if name_contains:
            where.append(func.lower(ReservableProduct.name).contains(name_contains.lower(), autoescape=True))
        if text:
            needle = text.lower()
            where.append(
                or_(
                    func.lower(ReservableProduct.name).contains(needle, autoescape=True),
                    func.lower(ReservableProduct.code).contains(needle, autoescape=True),
                )
            )
        if code is not None:
            where.append(ReservableProduct.code == code)
        if branch_id is not None:
            where.append(ReservableProduct.branch_id == branch_id)
        if ids is not None:
            where.append(ReservableProduct.id.in_(ids))
        query = select(ReservableProduct).where(*where).order_by(ReservableProduct.id)
        return builtins.list(await self.session.scalars(query))

    async def lock(self, business_id: int, product_id: int) -> ReservableProduct | None:
        """The product, its row locked until the transaction ends: bookings of one product's slots take turns, so
        two clients cannot both take its last place (PostgreSQL; SQLite runs one writer at a time anyway)."""
        query = (
            select(ReservableProduct)
            .where(ReservableProduct.business_id == business_id, ReservableProduct.id == product_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        found: ReservableProduct | None = await self.session.scalar(query)
        return found

    async def occupying(
        self,
        business_id: int,
        product_id: int,
        staff_id: int | None,
        *,
        starts_from: datetime,
        starts_before: datetime,
        released_states: Collection[str],
    ) -> builtins.list[Appointment]:
        """Live appointments starting in [starts_from, starts_before) that are the product's own or its
        practitioner's, leaving out states that give the time back."""
        owner = Appointment.reservable_product_id == product_id
        if staff_id is not None:
            owner = or_(owner, Appointment.staff_id == staff_id)
        query = select(Appointment).where(
            Appointment.business_id == business_id,
            owner,
            Appointment.starts_at >= starts_from,
            Appointment.starts_at < starts_before,
            Appointment.deleted_at.is_(None),
            Appointment.state.not_in(released_states),
        )
        return builtins.list(await self.session.scalars(query.order_by(Appointment.starts_at, Appointment.id)))
