"""The business's earning rules (what core/earning.py applies), as an operator sets them with
`clientbook loyalty earning-rules`: per point type, a business-wide rule and, where a purchase type should earn
otherwise, one for that type. A rule at 0 earns nothing; a business always keeps its rules (none is removed), so
"no rule" never has to mean anything."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models.purchases import EarningRule
from clientbook.store.repositories.purchases import EarningRuleRepository, PurchaseTypeRepository

from . import _records, point_types
from .errors import PurchaseTypeNotFound, Reason, ValidationFailed
from .types import Tenant

# One point for every whole unit of the bill's currency, in hundredths of a point (the ledger's scale).
DEFAULT_POINTS_PER_UNIT = 100
MAX_POINTS_PER_UNIT = Decimal(1000)


async def ensure_default(session: AsyncSession, tenant: Tenant) -> EarningRule:
    """The business-wide rule of the default point type, made with the business's purchase vocabularies."""
    point_type = await point_types.ensure_defaults(session, tenant)
    for rule in await list_rules(session, tenant):
        if rule.point_type_id == point_type.id and rule.purchase_type_id is None:
            return rule
    return await _add(session, tenant, point_type.id, None, DEFAULT_POINTS_PER_UNIT)


async def _add(
    session: AsyncSession, tenant: Tenant, point_type_id: int, purchase_type_id: int | None, units: int
) -> EarningRule:
    rule = EarningRule(business_id=tenant.business_id, created_by=tenant.actor, updated_by=tenant.actor)
    values = {"point_type_id": point_type_id, "purchase_type_id": purchase_type_id, "points_per_unit": units}
    await _records.add_new(session, tenant, EarningRuleRepository(session), rule, "earning_rule", values)
    return rule


def _units(points_per_unit: Decimal | float | str) -> int:
    """Points per unit of currency, 0 to 1000 with at most two decimals, in hundredths of a point."""
    try:
        value = Decimal(str(points_per_unit))
    except InvalidOperation as error:
        message = "points_per_unit must be a number"
        raise ValidationFailed.single("points_per_unit", Reason.INVALID_FORMAT, message, points_per_unit) from error
    units = value * 100
    if not value.is_finite() or not 0 <= value <= MAX_POINTS_PER_UNIT or units != units.to_integral_value():
        message = f"points_per_unit must be 0 to {MAX_POINTS_PER_UNIT} with at most two decimals"
        raise ValidationFailed.single("points_per_unit", Reason.NOT_ALLOWED, message, points_per_unit)
    return int(units)


async def list_rules(session: AsyncSession, tenant: Tenant) -> list[EarningRule]:
    return await EarningRuleRepository(session).list(tenant.business_id)


async def set_rule(
    session: AsyncSession,
    tenant: Tenant,
    points_per_unit: Decimal | float | str,
    *,
    point_type_id: int | None = None,
    purchase_type_id: int | None = None,
) -> EarningRule:
    """The rule of the point type (the default one when none) for purchases of the type (every type when none),
    created or changed to earn `points_per_unit` per unit of currency."""
    units = _units(points_per_unit)
    point_type = await point_types.resolve(session, tenant, point_type_id)
    purchase_types = PurchaseTypeRepository(session)
    if purchase_type_id is not None and await purchase_types.get(tenant.business_id, purchase_type_id) is None:
        raise PurchaseTypeNotFound(field="purchase_type_id", id=purchase_type_id)
    for rule in await list_rules(session, tenant):
        if rule.point_type_id == point_type.id and rule.purchase_type_id == purchase_type_id:
            repository = EarningRuleRepository(session)
            await _records.save_changes(session, tenant, repository, rule, "earning_rule", {"points_per_unit": units})
            return rule
    return await _add(session, tenant, point_type.id, purchase_type_id, units)
