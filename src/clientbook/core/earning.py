"""The earning rule: how many points a purchase earns, in which point types.

A purchase's *eligible amount* is the `paid_amount` of its items that earn points: not `loyalty_off`, and of an
item type that `earns_points` (the defaults' "OTC without loyalty", "Point payments only" and "Cancel" do not). A
bill closed in checkout mode `D` ("not able to collect points") and a cancellation bill earn nothing.

Each point type with a rule earns `eligible amount × points_per_unit`, rounded down to the hundredth of a point: the
rule naming the purchase's type if the point type has one, else its business-wide rule (`purchase_type_id` NULL). A
new business has one rule: 1 point of its default point type per unit of currency, for every purchase type."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clientbook.store.models.purchases import EarningRule

NO_POINTS_MODE = "D"  # the vendor's checkout mode that collects no points


@dataclass(frozen=True)
class EarnableItem:
    paid_amount: int  # hundredths of the currency
    item_type_id: int
    loyalty_off: bool


def eligible_amount(items: Iterable[EarnableItem], earning_item_types: set[int]) -> int:
    """What of the bill earns points, in hundredths of its currency."""
    return sum(i.paid_amount for i in items if not i.loyalty_off and i.item_type_id in earning_item_types)


def rules_for(rules: Iterable[EarningRule], purchase_type_id: int | None) -> dict[int, EarningRule]:
    """Per point type, the rule that applies to a purchase of this type."""
    chosen: dict[int, EarningRule] = {}
    for rule in rules:
        if rule.purchase_type_id == purchase_type_id or (
            rule.purchase_type_id is None and rule.point_type_id not in chosen
        ):
            chosen[rule.point_type_id] = rule
    return chosen


def points_earned(
    rules: Iterable[EarningRule], *, purchase_type_id: int | None, checkout_mode: str, canceled: bool, eligible: int
) -> Mapping[int, int]:
    """Hundredths of a point earned per point type (point types earning nothing left out)."""
    if canceled or checkout_mode == NO_POINTS_MODE or eligible <= 0:
        return {}
    earned = {
        point_type_id: eligible * rule.points_per_unit // 100
        for point_type_id, rule in rules_for(rules, purchase_type_id).items()
    }
    return {point_type_id: units for point_type_id, units in earned.items() if units > 0}
