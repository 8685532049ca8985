"""A new deployment's first import leaves PostgreSQL statistics for the tables it filled (issue 15: plans made for
empty tables turned a list of a few thousand clients into seconds-long requests until someone ran ANALYZE), and their
visibility maps set (a VACUUM after the import commits)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli.test_transfer import _generated, _write_csv
from tests.delivery.processes import fresh_database
from tests.servers import cli

IMPORTED = 2_000


async def test_an_import_leaves_statistics_of_the_clients_and_their_search_documents(
    backend: str, tmp_path: Path
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite plans without statistics")
    async with fresh_database(backend, tmp_path) as fresh:
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url}
        created = await asyncio.to_thread(cli, env, "tenant", "create", "--name", "New Deployment", "--json")
        business = json.loads(created.stdout)["business"]["account_number"]
        path = _write_csv(tmp_path / "first.csv", _generated(IMPORTED))
        imported = await asyncio.to_thread(cli, env, "import", "clients", "--business", business, str(path))
        assert imported.returncode == 0, imported.stderr

        async with fresh.db.transaction() as session:
            # reltuples is -1 until a table is first analyzed (or vacuumed); ANALYZE of a small table counts all.
            rows = await session.execute(
                text("SELECT relname, reltuples FROM pg_class WHERE relname IN ('clients', 'client_search')")
            )
            assert dict(rows.all()) == {"clients": IMPORTED, "client_search": IMPORTED}
            # Vacuumed after it committed: every page all-visible, so counts and deep pages read indexes alone
            # (autovacuum is off on the bench machine, and would come later anywhere).
            pages = await session.execute(
                text(
                    "SELECT relname, relallvisible, relpages FROM pg_class "
                    "WHERE relname IN ('clients', 'client_search')"
                )
            )
            visibility = {row[0]: (row[1], row[2]) for row in pages.all()}
            assert sorted(visibility) == ["client_search", "clients"]
            assert all(visible == total > 0 for visible, total in visibility.values()), visibility
