"""reward segments (issue 12): the segments a reward is for move from the reward's `extra` to reward_segments, so a
customer's rewards are filtered by the database (and paged there) instead of after the query

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-01 22:00:00
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import json_type

revision: str = "0030"
down_revision: str | Sequence[str] | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = json_type()
REWARDS = sa.table("rewards", sa.column("business_id"), sa.column("id"), sa.column("extra", JSON))


def _extra(value: Any) -> dict[str, Any]:
    found = json.loads(value) if isinstance(value, str) else value
    return found if isinstance(found, dict) else {}


def upgrade() -> None:
    table = op.create_table(
        "reward_segments",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("reward_id", sa.BigInteger(), nullable=False),
        sa.Column("segment_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_id"],
            ["rewards.business_id", "rewards.id"],
            name=op.f("fk_reward_segments_business_id_reward_id_rewards"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "segment_id"],
            ["segments.business_id", "segments.id"],
            name=op.f("fk_reward_segments_business_id_segment_id_segments"),
        ),
        sa.PrimaryKeyConstraint("business_id", "reward_id", "segment_id", name=op.f("pk_reward_segments")),
    )
    op.create_index(
        op.f("ix_reward_segments_business_id_segment_id"),
        "reward_segments",
        ["business_id", "segment_id"],
        unique=False,
    )
    bind = op.get_bind()
    segments = {(b, i) for b, i in bind.execute(sa.text("SELECT business_id, id FROM segments")).all()}
    rows = []
    for business_id, reward_id, raw in bind.execute(sa.select(REWARDS.c.business_id, REWARDS.c.id, REWARDS.c.extra)):
        extra = _extra(raw)
        if "segment_ids" not in extra:
            continue
        targets = dict.fromkeys(extra.pop("segment_ids") or [])
        rows += [
            {"business_id": business_id, "reward_id": reward_id, "segment_id": s}
            for s in targets
            if (business_id, s) in segments
        ]
        bind.execute(
            sa.update(REWARDS)
            .where(REWARDS.c.business_id == business_id, REWARDS.c.id == reward_id)
            .values(extra=extra)
        )
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    bind = op.get_bind()
    targets: dict[tuple[Any, Any], list[Any]] = {}
    for business_id, reward_id, segment_id in bind.execute(
        sa.text("SELECT business_id, reward_id, segment_id FROM reward_segments ORDER BY segment_id")
    ):
        targets.setdefault((business_id, reward_id), []).append(segment_id)
    for business_id, reward_id, raw in bind.execute(sa.select(REWARDS.c.business_id, REWARDS.c.id, REWARDS.c.extra)):
        extra = {**_extra(raw), "segment_ids": targets.get((business_id, reward_id), [])}
        bind.execute(
            sa.update(REWARDS)
            .where(REWARDS.c.business_id == business_id, REWARDS.c.id == reward_id)
            .values(extra=extra)
        )
    op.drop_index(op.f("ix_reward_segments_business_id_segment_id"), table_name="reward_segments")
    op.drop_table("reward_segments")
