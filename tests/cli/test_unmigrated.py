"""On a database that was never migrated, `serve` and `tenant create` refuse in one line naming what to run, and
`serve --migrate` migrates and serves (issue 14 item 13), with the CLI against a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.servers import cli, free_port, start, stop, wait_until_up


def _refusal(result_stderr: str) -> str:
    lines = [line for line in result_stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result_stderr  # one line, no traceback
    return lines[0]


def test_tenant_create_on_an_unmigrated_database_says_to_run_db_upgrade(tmp_path: Path) -> None:
    env = {"CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    done = cli(env, "tenant", "create", "--name", "Too Early")
    assert done.returncode == 1
    assert "clientbook db upgrade" in _refusal(done.stderr)


def test_serve_on_an_unmigrated_database_refuses_and_serve_migrate_serves(tmp_path: Path) -> None:
    env = {"CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db", "CLIENTBOOK_RUN_WORKER": "false"}
    port = free_port()
    refused = cli(env, "serve", "--port", str(port))
    assert refused.returncode == 1
    assert "clientbook db upgrade" in _refusal(refused.stderr)
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}"
    process = start(["serve", "--port", str(port), "--migrate"], {**env, "CLIENTBOOK_PUBLIC_URL": url}, log)
    try:
        wait_until_up(url, process, log)
        assert httpx.get(f"{url}/readyz").status_code == 200
    finally:
        stop(process)
    assert cli(env, "tenant", "create", "--name", "In Time").returncode == 0
