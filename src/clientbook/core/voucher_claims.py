"""Issuing vouchers from rewards: a customer claims one (create-voucher), with a money value of the caller's
(create-custom-voucher), or many at once (vouchers/batch).

A reward that costs points issues a voucher only when the customer has them: the points are taken through the ledger
(core/points.reduce, a guarded UPDATE of the balance) in the same transaction as the voucher is written, so a refusal
of either writes neither."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import utcnow
from clientbook.store.models.rewards import Reward
from clientbook.store.models.vouchers import Voucher
from clientbook.store.repositories.vouchers import VoucherRepository

from . import _records, clients, events, points, rewards, tenants, voucher_validity, vouchers
from .errors import Deleted, FieldError, NotFound, Reason, ValidationFailed
from .types import Tenant

_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Claim:
    """One voucher to issue. `value` overrides the reward's (a custom voucher, a gift card's amount); `valid_from`,
    `valid_to` override the reward's voucher validity; `applied_at` records a voucher already used (an import)."""

    reward_id: int
    client_id: int
    code: str | None = None
    note: str | None = None
    value: Decimal | float | int | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    applied_at: datetime | None = None
    branch_id: int | None = None


async def _check_reward(session: AsyncSession, tenant: Tenant, reward: Reward, client_id: int, now: datetime) -> None:
    today = now.astimezone(ZoneInfo(tenant.time_zone)).date()
    if (
        reward.state != 1
        or (reward.valid_from and today < reward.valid_from)
        or (reward.valid_to and today > reward.valid_to)
    ):
        message = f"reward {reward.code} is not active or outside its validity"
        raise ValidationFailed.single("reward_id", Reason.NOT_ALLOWED, message, reward.id)
    if not await rewards.is_open_to(session, tenant, reward, client_id):
        message = f"the customer is in none of the segments reward {reward.code} is for"
        raise ValidationFailed.single("client_id", Reason.NOT_ALLOWED, message, client_id)


async def _code(session: AsyncSession, tenant: Tenant, reward: Reward, given: str | None) -> str:
    if given is not None and given.strip():
        code = vouchers.check_code(given)
        await vouchers.check_code_free(session, tenant, code)
        return code
    if not reward.generates_codes:
        raise ValidationFailed.single(
            "code", Reason.REQUIRED, f"code is required: reward {reward.code} takes given codes"
        )
    repository = VoucherRepository(session)
    for _ in range(_CODE_ATTEMPTS):  # 31^10 codes: a collision is all but impossible, never a 5xx
        code = voucher_validity.new_code()
        if await repository.by_code(tenant.business_id, code) is None:
            return code
    raise ValidationFailed.single("code", Reason.ALREADY_EXISTS, "no free voucher code was found, give one")


async def _take_points(session: AsyncSession, tenant: Tenant, reward: Reward, client_id: int, code: str) -> int | None:
    """Spend the reward's points cost from the customer's balance (the ledger), or refuse naming `client_id`."""
    if not reward.points_cost:
        return None
    cost = Decimal(reward.points_cost) / points.SCALE
    try:
        record = await points.reduce(session, tenant, client_id, cost, note=f"voucher {code} of reward {reward.code}")
    except ValidationFailed as error:
        if [e.field for e in error.errors] != ["amount"]:
            raise
        message = f"the customer has fewer available points than reward {reward.code} costs ({cost:g})"
        raise ValidationFailed.single("client_id", Reason.NOT_ALLOWED, message, client_id) from error
    return record.point_type_id


async def claim(session: AsyncSession, tenant: Tenant, given: Claim, *, custom: bool = False) -> Voucher:
    """Issue one voucher of the reward to the customer, taking the reward's points cost; `custom`: `value` is the
    voucher's money value (required)."""
    now = utcnow().replace(microsecond=0)  # valid from the second it is issued: a till's clock has no fractions
    reward = await rewards.get(session, tenant, given.reward_id)
    await clients.get(session, tenant, given.client_id, field="client_id")
    await _check_reward(session, tenant, reward, given.client_id, now)
    gift_card = await vouchers.is_gift_card(session, tenant, reward)
    if custom and given.value is None:
        raise ValidationFailed.single("value", Reason.REQUIRED, "value is required")
    value = reward.type_value if gift_card else None
    if given.value is not None:
        value = points.to_units(given.value, "value")
    if given.valid_from and given.valid_to and given.valid_to <= given.valid_from:
        message = "valid_to must be after valid_from"
        raise ValidationFailed.single("valid_to", Reason.NOT_ALLOWED, message, given.valid_to.isoformat())
    if given.branch_id is not None:
        await tenants.get_branch(session, tenant, given.branch_id)
    code = await _code(session, tenant, reward, given.code)
    note = (given.note or "").strip() or None
    point_type_id = await _take_points(session, tenant, reward, given.client_id, code)
    ends = voucher_validity.valid_to(
        reward.voucher_validity, reward.voucher_validity_value, now, tenant.time_zone, reward.valid_to
    )
    voucher = Voucher(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    values = {
        "reward_id": reward.id,
        "client_id": given.client_id,
        "code": code,
        "value": value,
        "balance": value if gift_card else None,
        "note": note,
        # An imported voucher used before today was valid then.
        "valid_from": given.valid_from or min(now, given.applied_at or now),
        "valid_to": given.valid_to or ends,
        "points_spent": reward.points_cost if point_type_id is not None else 0,
        "point_type_id": point_type_id,
    }
    errors: list[FieldError] = []
    _records.check_lengths(Voucher, values, errors)
    _records.raise_if(errors)
    changed = _records.apply(voucher, values)
    if not await VoucherRepository(session).add_unless_taken(voucher):  # a concurrent claim took the code
        raise ValidationFailed.single("code", Reason.ALREADY_EXISTS, f"a voucher with code {code} exists already", code)
    await events.record(session, tenant, "voucher", voucher.id, "created", changed)
    if given.applied_at is not None:
        return await vouchers.apply(session, tenant, voucher.id, at=given.applied_at, branch_id=given.branch_id)
    return voucher


def _as_fields(error: ValidationFailed | NotFound | Deleted) -> ValidationFailed:
    """A record a claim names that is missing or deleted, as the field refusal a batch item reports."""
    if isinstance(error, ValidationFailed):
        return error
    reason = Reason.NOT_FOUND if isinstance(error, NotFound) else Reason.DELETED
    return ValidationFailed.single(error.field or "id", reason, f"{error.field or 'id'}: {error.message}", error.id)


def _prefixed(error: ValidationFailed, prefix: str) -> list[FieldError]:
    return [
        replace(
            e,
            field=f"{prefix}.{e.field}",
            message=f"{prefix}.{e.message}" if e.message.startswith(e.field) else f"{prefix}: {e.message}",
        )
        for e in error.errors
    ]


async def claim_batch(
    session: AsyncSession, tenant: Tenant, claims: Sequence[Claim], *, report_all: bool = False
) -> list[Voucher]:
    """Issue every voucher or none: the first refusal (every one with `report_all`) is raised naming
    `vouchers.{i}.{field}`, and the caller's transaction writes nothing."""
    issued, errors = [], []
    for index, given in enumerate(claims):
        try:
            async with session.begin_nested():  # a refused claim leaves the others' checks as they were
                issued.append(await claim(session, tenant, given))
        except (ValidationFailed, NotFound, Deleted) as error:
            errors.extend(_prefixed(_as_fields(error), f"vouchers.{index}"))
            if not report_all:
                break
    _records.raise_if(errors)
    return issued
