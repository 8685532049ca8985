"""Vouchers once claimed (core/voucher_claims.py issues them): read, listed, changed, deleted, and applied.

A voucher is applied at most once: by `apply` (a till's "use this voucher") or by a purchase through `redeem`. A gift
card's voucher is applied down to its balance, one redemption per use, and counts as applied once it is used up.
Each application is one guarded UPDATE on the voucher row (store/repositories/vouchers.py) whose row count decides:
of two concurrent applications of one voucher exactly one goes through, the other is refused naming the field."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.rewards import Reward
from clientbook.store.models.vouchers import Voucher, VoucherRedemption
from clientbook.store.repositories.rewards import RewardRepository
from clientbook.store.repositories.vouchers import VoucherQuery as VoucherQuery  # a list's filters, as plain data
from clientbook.store.repositories.vouchers import VoucherRedemptionRepository, VoucherRepository

from . import _records, clients, events, points, reward_types, rewards, tenants
from .changes import UNSET, Unset
from .errors import FieldError, Reason, ValidationFailed, VoucherNotFound
from .types import Tenant

MAX_CODE = 100


@dataclass(frozen=True)
class Redemption:
    """A voucher a purchase uses, by the code on it; `amount` is the money it covers (a gift card's part), None for
    the whole voucher (a gift card: what is left on it)."""

    code: str
    amount: Decimal | float | str | None = None


async def is_gift_card(session: AsyncSession, tenant: Tenant, reward: Reward) -> bool:
    reward_type = await reward_types.get(session, tenant, reward.reward_type_id)
    return reward_type.behaviour == reward_types.GIFT_CARD


async def get(session: AsyncSession, tenant: Tenant, voucher_id: int, *, field: str = "voucher_id") -> Voucher:
    return await _records.find(VoucherRepository(session), tenant, voucher_id, VoucherNotFound, field=field)


async def by_code(session: AsyncSession, tenant: Tenant, code: str, *, field: str = "code") -> Voucher:
    found = await VoucherRepository(session).by_code(tenant.business_id, code.strip())
    if found is None or found.deleted_at is not None:
        raise VoucherNotFound(field=field, id=code)
    return found


async def list(session: AsyncSession, tenant: Tenant, query: VoucherQuery) -> tuple[builtins.list[Voucher], int]:
    if query.client_id is not None:
        await clients.get(session, tenant, query.client_id, field="client_id", include_deleted=True)
    return await VoucherRepository(session).page(tenant.business_id, query)


async def rewards_of(session: AsyncSession, tenant: Tenant, found: Sequence[Voucher]) -> dict[int, Reward]:
    """The reward of each voucher, by reward id (one query)."""
    ids = {v.reward_id for v in found}
    return await RewardRepository(session).get_many(tenant.business_id, ids)


# ---- applying ----------------------------------------------------------------------------------------------------


async def _check_usable(
    session: AsyncSession, tenant: Tenant, voucher: Voucher, at: datetime, branch_id: int | None, field: str
) -> Reward:
    """What a voucher must be to be used at `at` in the store: in its validity, of a reward valid there."""
    if voucher.valid_from is not None and at < voucher.valid_from:
        raise ValidationFailed.single(
            field, Reason.NOT_ALLOWED, f"voucher {voucher.code} is not valid yet", voucher.code
        )
    if voucher.valid_to is not None and at >= voucher.valid_to:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, f"voucher {voucher.code} has lapsed", voucher.code)
    reward = await rewards.get(session, tenant, voucher.reward_id)
    if branch_id is not None:
        await tenants.get_branch(session, tenant, branch_id)
        stores = (await rewards.stores_of(session, tenant, [reward.id])).get(reward.id)
        if stores and branch_id not in stores:
            message = f"voucher {voucher.code} cannot be applied in store {branch_id}"
            raise ValidationFailed.single("branch_id", Reason.NOT_ALLOWED, message, branch_id)
    return reward


async def _apply(
    session: AsyncSession,
    tenant: Tenant,
    voucher: Voucher,
    amount: Decimal | float | str | None,
    *,
    at: datetime,
    branch_id: int | None,
    purchase_id: int | None,
    field: str,
    amount_field: str,
) -> Voucher:
    reward = await _check_usable(session, tenant, voucher, at, branch_id, field)
    repository = VoucherRepository(session)
    used = f"voucher {voucher.code} is applied already"
    units: int | None
    if await is_gift_card(session, tenant, reward):
        units = (voucher.balance or 0) if amount is None else points.to_units(amount, amount_field)
        if not units or not await repository.draw(
            tenant.business_id, voucher.id, units, at=at, branch_id=branch_id, purchase_id=purchase_id
        ):
            current = await repository.fresh(tenant.business_id, voucher.id)
            left = (current.balance or 0) if current is not None else 0
            if left and amount is not None:
                message = f"{amount_field} is more than the gift card's balance ({points.from_units(left):g})"
                raise ValidationFailed.single(amount_field, Reason.NOT_ALLOWED, message, amount)
            raise ValidationFailed.single(field, Reason.NOT_ALLOWED, used, voucher.code)
    else:
        units = None if amount is None else points.to_units(amount, amount_field)
        if not await repository.mark_applied(
            tenant.business_id, voucher.id, at=at, branch_id=branch_id, purchase_id=purchase_id
        ):
            raise ValidationFailed.single(field, Reason.NOT_ALLOWED, used, voucher.code)
    redemption = VoucherRedemption(
        business_id=tenant.business_id,
        voucher_id=voucher.id,
        amount=units,
        purchase_id=purchase_id,
        branch_id=branch_id,
        applied_at=at,
        created_by=tenant.actor,
    )
    await VoucherRedemptionRepository(session).add(redemption)
    changes = {"amount": None if units is None else units / 100, "purchase_id": purchase_id, "branch_id": branch_id}
    await events.record(session, tenant, "voucher", voucher.id, "applied", changes)
    applied = await repository.fresh(tenant.business_id, voucher.id)
    assert applied is not None
    return applied


async def apply(
    session: AsyncSession, tenant: Tenant, voucher_id: int, *, at: datetime | None = None, branch_id: int | None = None
) -> Voucher:
    """Use the voucher as a whole (a gift card: what is left on it); refused naming `voucher_id` once applied."""
    voucher = await get(session, tenant, voucher_id)
    when = at or utcnow()
    return await _apply(
        session,
        tenant,
        voucher,
        None,
        at=when,
        branch_id=branch_id,
        purchase_id=None,
        field="voucher_id",
        amount_field="amount",
    )


async def redeem(
    session: AsyncSession,
    tenant: Tenant,
    uses: Sequence[Redemption],
    *,
    purchase_id: int,
    client_id: int | None,
    branch_id: int | None = None,
    at: datetime | None = None,
    field: str = "vouchers",
) -> builtins.list[Voucher]:
    """Apply a purchase's vouchers inside its transaction (send-purchase calls this): each by its code, belonging to
    the purchase's customer when it has one, usable then and in that store. Any refusal names `{field}.{i}.code` (or
    `.amount`) and, raised inside the purchase's transaction, leaves nothing written."""
    when = at or utcnow()
    applied = []
    for index, use in enumerate(uses):
        code_field, amount_field = f"{field}.{index}.code", f"{field}.{index}.amount"
        voucher = await by_code(session, tenant, use.code, field=code_field)
        if client_id is not None and voucher.client_id != client_id:
            message = f"voucher {voucher.code} belongs to another customer"
            raise ValidationFailed.single(code_field, Reason.NOT_ALLOWED, message, use.code)
        applied.append(
            await _apply(
                session,
                tenant,
                voucher,
                use.amount,
                at=when,
                branch_id=branch_id,
                purchase_id=purchase_id,
                field=code_field,
                amount_field=amount_field,
            )
        )
    return applied


async def gift_card_balance(session: AsyncSession, tenant: Tenant, voucher: Voucher, field: str) -> tuple[float, float]:
    """(what is left, what it was worth) of a gift card's voucher; another voucher is refused naming `field`."""
    if not await is_gift_card(session, tenant, await rewards.get(session, tenant, voucher.reward_id)):
        message = f"voucher {voucher.code} is not a gift card"
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, message, voucher.code)
    return points.from_units(voucher.balance or 0), points.from_units(voucher.value or 0)


# ---- changing ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoucherChanges:
    """What PUT may change; a field left UNSET is untouched. `value` and `applied_at` are read back as stored and
    may only be sent unchanged: a voucher is applied by apply-voucher or a purchase, and its value is the reward's."""

    client_id: int | Unset = UNSET
    code: str | Unset = UNSET
    note: str | Unset | None = UNSET
    valid_from: datetime | Unset | None = UNSET
    valid_to: datetime | Unset | None = UNSET
    value: Decimal | float | Unset | None = UNSET
    applied_at: datetime | Unset | None = UNSET


def check_code(code: str, field: str = "code") -> str:
    text = code.strip()
    if not text or len(text) > MAX_CODE or any(c.isspace() for c in text):
        message = f"{field} must be 1 to {MAX_CODE} characters without spaces"
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, message, code)
    return text


async def check_code_free(session: AsyncSession, tenant: Tenant, code: str, field: str = "code") -> None:
    if await VoucherRepository(session).by_code(tenant.business_id, code) is not None:
        raise ValidationFailed.single(field, Reason.ALREADY_EXISTS, f"a voucher with code {code} exists already", code)


async def update(session: AsyncSession, tenant: Tenant, voucher_id: int, changes: VoucherChanges) -> Voucher:
    voucher = await get(session, tenant, voucher_id)
    values: dict[str, object] = {}
    errors: builtins.list[FieldError] = []
    if not isinstance(changes.client_id, Unset) and changes.client_id != voucher.client_id:
        reward = await rewards.get(session, tenant, voucher.reward_id)
        if not reward.is_portable or voucher.applied_at is not None:
            message = "client_id can change only on an unused voucher of a portable reward"
            errors.append(FieldError("client_id", Reason.NOT_ALLOWED, message, changes.client_id))
        else:
            await clients.get(session, tenant, changes.client_id, field="client_id")
            values["client_id"] = changes.client_id
    if not isinstance(changes.code, Unset) and changes.code.strip() != voucher.code:
        code = check_code(changes.code)
        await check_code_free(session, tenant, code)
        values["code"] = code
    if not isinstance(changes.note, Unset):
        values["note"] = (changes.note or "").strip() or None
    for name in ("valid_from", "valid_to"):
        given = getattr(changes, name)
        if not isinstance(given, Unset):
            values[name] = given
    start, end = values.get("valid_from", voucher.valid_from), values.get("valid_to", voucher.valid_to)
    if isinstance(start, datetime) and isinstance(end, datetime) and end <= start:
        errors.append(FieldError("valid_to", Reason.NOT_ALLOWED, "valid_to must be after valid_from", end.isoformat()))
    if not isinstance(changes.value, Unset) and changes.value is not None:
        reward = await rewards.get(session, tenant, voucher.reward_id)
        shown = voucher.value if voucher.value is not None else reward.type_value  # what GET answers
        if Decimal(str(changes.value)) * points.SCALE != shown:
            errors.append(FieldError("value", Reason.NOT_ALLOWED, "value cannot be changed", changes.value))
    if not isinstance(changes.applied_at, Unset) and changes.applied_at != voucher.applied_at:
        message = "applied_at cannot be changed: apply a voucher with apply-voucher or a purchase"
        errors.append(FieldError("applied_at", Reason.NOT_ALLOWED, message))
    _records.check_lengths(Voucher, values, errors)
    _records.raise_if(errors)
    await _records.save_changes(session, tenant, VoucherRepository(session), voucher, "voucher", values)
    return voucher


async def delete(session: AsyncSession, tenant: Tenant, voucher_id: int) -> None:
    """Delete an unused voucher, giving back the points claiming it took (a new lot, valid anew)."""
    voucher = await get(session, tenant, voucher_id)
    used = voucher.applied_at is not None
    if used or await VoucherRedemptionRepository(session).count_of(tenant.business_id, voucher.id):
        message = f"voucher {voucher.code} has been used and cannot be deleted"
        raise ValidationFailed.single("voucher_id", Reason.NOT_ALLOWED, message, voucher_id)
    if voucher.points_spent:
        note = f"voucher {voucher.code} deleted: points returned"
        await points.assign(
            session,
            tenant,
            voucher.client_id,
            Decimal(voucher.points_spent) / 100,
            point_type_id=voucher.point_type_id,
            note=note,
        )
    await _records.soft_delete(session, tenant, VoucherRepository(session), voucher, "voucher")
