"""The earning rule (core/earning.py) as arithmetic: which items count, which rule applies, how points round."""

from __future__ import annotations

from clientbook.core import earning
from clientbook.core.earning import EarnableItem
from clientbook.store.models.purchases import EarningRule

STORE, ESHOP = 1, 2  # purchase types
LOYALTY, BONUS = 10, 11  # point types


def rule(point_type_id: int, points_per_unit: int, purchase_type_id: int | None = None) -> EarningRule:
    return EarningRule(point_type_id=point_type_id, purchase_type_id=purchase_type_id, points_per_unit=points_per_unit)


def test_only_items_of_earning_types_without_loyalty_off_count() -> None:
    items = [EarnableItem(10000, 1, False), EarnableItem(5000, 2, False), EarnableItem(2500, 1, True)]
    assert earning.eligible_amount(items, {1}) == 10000


def test_a_rule_for_the_purchase_type_replaces_the_business_wide_one_of_its_point_type() -> None:
    rules = [rule(LOYALTY, 100), rule(LOYALTY, 250, ESHOP), rule(BONUS, 10)]
    eshop = earning.points_earned(rules, purchase_type_id=ESHOP, checkout_mode="S", canceled=False, eligible=10000)
    store = earning.points_earned(rules, purchase_type_id=STORE, checkout_mode="S", canceled=False, eligible=10000)
    assert eshop == {LOYALTY: 25000, BONUS: 1000}  # 250 and 10 points for 100.00
    assert store == {LOYALTY: 10000, BONUS: 1000}


def test_points_round_down_to_the_hundredth_and_nothing_earns_nothing() -> None:
    rules = [rule(LOYALTY, 33), rule(BONUS, 0)]
    assert earning.points_earned(rules, purchase_type_id=STORE, checkout_mode="A", canceled=False, eligible=999) == {
        LOYALTY: 329  # 9.99 x 0.33 = 3.2967 points
    }


def test_checkout_mode_d_and_cancellations_earn_nothing() -> None:
    rules = [rule(LOYALTY, 100)]
    assert earning.points_earned(rules, purchase_type_id=STORE, checkout_mode="D", canceled=False, eligible=10000) == {}
    assert earning.points_earned(rules, purchase_type_id=STORE, checkout_mode="S", canceled=True, eligible=10000) == {}
