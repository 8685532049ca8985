"""one history: merge the feature branches of the first sessions into a single head

Revision ID: 0007
Revises: 0002, 0003b, 0005, 0006
Create Date: 2026-12-01 15:00:00

From here on every migration revises the single head before it (`clientbook db status` shows one head, and
tests/store/test_schema.py fails on a second), so the order in which migrations run is the order they were written.
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = ("0002", "0003b", "0005", "0006")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
