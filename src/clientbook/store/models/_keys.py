"""The `(business_id, …)` constraints and indexes of a table's `__table_args__`, named by the naming convention
(`fk_<table>_business_id_<column>_<target>`, `uq_…`, `ix_…`) as the migrations' `_columns` helpers name them."""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint


def business_fk() -> ForeignKeyConstraint:
    """`business_id` → businesses: the table's rows go when their business does, and never name a missing one."""
    return ForeignKeyConstraint(["business_id"], ["businesses.id"])


def tenant_fk(column: str, target: str) -> ForeignKeyConstraint:
    """`(business_id, column)` → `target`'s key: a reference never crosses businesses."""
    return ForeignKeyConstraint(["business_id", column], [f"{target}.business_id", f"{target}.id"])


def tenant_unique(*columns: str) -> UniqueConstraint:
    """`columns` unique within a business."""
    return UniqueConstraint("business_id", *columns)


def tenant_index(*columns: str) -> Index:
    """An index leading with `business_id`, named `ix_<table>_business_id_<columns>` by the naming convention."""
    return Index(None, "business_id", *columns)


def links(**references: str) -> tuple[ForeignKeyConstraint | Index, ...]:
    """A link table's keys: each `column=target` references the target's record, and the last column is indexed
    (the first leads the primary key after `business_id`), e.g. `links(reward_id="rewards", tag_id="tags")`."""
    last = list(references)[-1]
    return (*(tenant_fk(column, target) for column, target in references.items()), tenant_index(last))
