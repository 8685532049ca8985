"""Vouchers and their redemptions. Applying one is a guarded UPDATE whose row count decides (see models.vouchers)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, literal, or_, select

from clientbook.store.models import utcnow
from clientbook.store.models.rewards import RewardStore
from clientbook.store.models.vouchers import Voucher, VoucherRedemption

from ._base import PageQuery, RecordRepository, matching, sort_keys


@dataclass(frozen=True)
class VoucherQuery(PageQuery):
    """Sorted by a key of VOUCHER_SORT."""

    client_id: int | None = None
    code: str | None = None
    reward_ids: Sequence[int] | None = None
    branch_id: int | None = None  # vouchers whose reward may be applied in this store
    valid_at: datetime | None = None  # is_valid=true: within valid_from..valid_to at this time
    not_valid_at: datetime | None = None  # is_valid=false: before or after them
    applied: bool | None = None
    purchase_id: int | None = None  # vouchers this purchase applied


VOUCHER_SORT = sort_keys(
    Voucher,
    "id client_id reward_id code value note valid_from valid_to applied_at applied_branch_id created_at updated_at",
)


def _valid_at(moment: datetime) -> ColumnElement[bool]:
    starts = or_(Voucher.valid_from.is_(None), Voucher.valid_from <= moment)
    ends = or_(Voucher.valid_to.is_(None), Voucher.valid_to > moment)
    return starts & ends


class VoucherRepository(RecordRepository[Voucher]):
    model = Voucher

    async def by_code(self, business_id: int, code: str) -> Voucher | None:
        query = select(Voucher).where(Voucher.business_id == business_id, Voucher.code == code)
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def fresh(self, business_id: int, voucher_id: int) -> Voucher | None:
        """The voucher as stored now (after a guarded UPDATE this session's copy is stale)."""
        query = select(Voucher).where(Voucher.business_id == business_id, Voucher.id == voucher_id)
        return await self.session.scalar(query.execution_options(populate_existing=True))

    def _where(self, business_id: int, q: VoucherQuery) -> builtins.list[ColumnElement[bool]]:
        where = [Voucher.business_id == business_id, Voucher.deleted_at.is_(None)]
        where.extend(matching(Voucher, q, "client_id code"))
        if q.reward_ids is not None:
            where.append(Voucher.reward_id.in_(q.reward_ids))
        if q.purchase_id is not None:  # every purchase a gift card paid, not only its last
            redeemed = select(VoucherRedemption.voucher_id).where(
                VoucherRedemption.business_id == business_id, VoucherRedemption.purchase_id == q.purchase_id
            )
            where.append(Voucher.id.in_(redeemed))
        if q.branch_id is not None:
            stores = select(RewardStore.branch_id).where(
                RewardStore.business_id == business_id, RewardStore.reward_id == Voucher.reward_id
            )
            where.append(or_(exists(stores.where(RewardStore.branch_id == q.branch_id)), ~exists(stores)))
        if q.valid_at is not None:
            where.append(_valid_at(q.valid_at))
        if q.not_valid_at is not None:
            where.append(~_valid_at(q.not_valid_at))
        if q.applied is not None:
            where.append(Voucher.applied_at.is_not(None) if q.applied else Voucher.applied_at.is_(None))
        return where

    async def page(self, business_id: int, q: VoucherQuery) -> tuple[builtins.list[Voucher], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching vouchers."""
        return await self.page_where(self._where(business_id, q), VOUCHER_SORT[q.sort], q, fresh=True)

    async def mark_applied(
        self, business_id: int, voucher_id: int, *, at: datetime, branch_id: int | None, purchase_id: int | None
    ) -> bool:
        """Apply a whole voucher if nobody has: one UPDATE guarded by `applied_at IS NULL`. Under concurrent
        applications the row lock orders them and the later one re-reads the WHERE against the first's commit
        (PostgreSQL READ COMMITTED), so it matches nothing: False."""
        values: dict[str, Any] = {"applied_at": at, "applied_branch_id": branch_id, "updated_at": utcnow()}
        if purchase_id is not None:
            values["purchase_id"] = purchase_id
        live = [Voucher.business_id == business_id, Voucher.id == voucher_id, Voucher.deleted_at.is_(None)]
        changed = await self.update_where(Voucher, values, *live, Voucher.applied_at.is_(None), synchronize=False)
        return changed == 1

    async def draw(
        self,
        business_id: int,
        voucher_id: int,
        amount: int,
        *,
        at: datetime,
        branch_id: int | None,
        purchase_id: int | None,
    ) -> bool:
        """Take `amount` off a gift card's balance if it covers it (the same guard as `mark_applied`); the card
        counts as applied once its balance reaches zero."""
        values: dict[str, Any] = {
            "balance": Voucher.balance - amount,
            "applied_at": case((Voucher.balance == amount, literal(at, Voucher.applied_at.type)), else_=None),
            "applied_branch_id": branch_id,
            "updated_at": utcnow(),
        }
        if purchase_id is not None:
            values["purchase_id"] = purchase_id
        live = [Voucher.business_id == business_id, Voucher.id == voucher_id, Voucher.deleted_at.is_(None)]
        guard = [Voucher.applied_at.is_(None), Voucher.balance >= amount]
        return await self.update_where(Voucher, values, *live, *guard, synchronize=False) == 1


class VoucherRedemptionRepository(RecordRepository[VoucherRedemption]):
    model = VoucherRedemption

    async def count_of(self, business_id: int, voucher_id: int) -> int:
        query = select(func.count()).where(
            VoucherRedemption.business_id == business_id, VoucherRedemption.voucher_id == voucher_id
        )
        return int(await self.session.scalar(query) or 0)
