"""The copy-paste sessions in docs/wiredclient.md and docs/timetap.md, run as written against a real server on a
fresh database: each `# …` line right after a command is the output that command must print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.delivery.processes import fresh_database
from tests.servers import environment, serving

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
DOCUMENTED_SERVER = "http://127.0.0.1:8000"


def block_under(page: Path, heading: str) -> str:
    """The first `sh` block under the page's `heading`."""
    match = re.search(rf"^## {heading}.*?^```sh\n(.*?)^```", page.read_text(), re.S | re.M)
    assert match, f"{page.name} has no sh block under {heading!r}"
    return match.group(1)


def expected_output(session: str) -> list[str]:
    """The comment lines that show output: `# ` then JSON or a number, each right after the command printing it."""
    return [line[2:] for line in session.splitlines() if re.match(r"# [\[{0-9]", line)]


@pytest.mark.parametrize("page", ["wiredclient.md", "timetap.md"])
async def test_the_documented_session_runs_and_prints_what_the_page_says(
    page: str, backend: str, tmp_path: Path
) -> None:
    session = block_under(DOCS / page, "A session")
    ran = await run_against_a_server(session, backend, tmp_path)
    assert ran.stdout.splitlines() == expected_output(session), ran.stderr


async def test_the_readme_quick_start_runs(backend: str, tmp_path: Path) -> None:
    quick_start = block_under(ROOT / "README.md", "Quick start")
    ran = await run_against_a_server(quick_start, backend, tmp_path)
    wired_client, timetap = ran.stdout.split("}", 1)
    assert '"status":0' in wired_client
    assert '"lastName":"Lovelace"' in timetap  # what Wired Client wrote, read through TimeTap


async def run_against_a_server(script: str, backend: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`script` run by bash with `set -euo pipefail` in an empty directory, the documented server replaced by a real
    one on a fresh database and `clientbook` the installed command."""
    assert DOCUMENTED_SERVER in script
    installed = Path(sys.executable).parent
    script = script.replace(".venv/bin/clientbook", str(installed / "clientbook"))
    async with fresh_database(backend, tmp_path) as fresh:
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url, "CLIENTBOOK_RUN_WORKER": "false"}
        with serving(env, tmp_path / "server.log") as server:
            ran = subprocess.run(
                ["bash", "-c", "set -euo pipefail\n" + script.replace(DOCUMENTED_SERVER, server.url)],
                cwd=tmp_path,
                env={**environment(env), "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
    assert ran.returncode == 0, ran.stderr
    return ran
