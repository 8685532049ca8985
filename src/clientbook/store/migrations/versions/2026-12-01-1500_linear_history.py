"""one history: merge the feature branches of the first sessions into a single head

From here on every migration revises the single head before it (`clientbook db status` shows one head, and
tests/store/test_schema.py fails on a second), so the order in which migrations run is the order they were written.
"""

revision = "0007"
down_revision = ("0002", "0003b", "0005", "0006")


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
