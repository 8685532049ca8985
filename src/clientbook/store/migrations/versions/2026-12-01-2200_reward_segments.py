"""reward segments (issue 12): the segments a reward is for move from the reward's `extra` to reward_segments, so a
customer's rewards are filtered by the database (and paged there) instead of after the query"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import create_indexes, create_link_table, json_type

revision = "0030"
down_revision = "0029"

JSON = json_type()
REWARDS = sa.table("rewards", sa.column("business_id"), sa.column("id"), sa.column("extra", JSON))


def _extra(value: Any) -> dict[str, Any]:
    found = json.loads(value) if isinstance(value, str) else value
    return found if isinstance(found, dict) else {}


def upgrade() -> None:
    table = create_link_table("reward_segments", ("reward_id", "rewards"), ("segment_id", "segments"))
    create_indexes("reward_segments", ("business_id", "segment_id"))
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
