"""Real `clientbook` processes for end-to-end, crash and browser tests: the one place a test starts a server.

`serving(env)` runs `clientbook serve` on a free loopback port until the block ends, after `/healthz` answers;
`start`/`stop` run any other command (a worker) in the background; `cli` runs one command to completion. Every
process gets the test secret key and the caller's environment on top of ours; its output goes to a log file that a
failed start shows.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

CLIENTBOOK = shutil.which("clientbook", path=str(Path(sys.executable).parent)) or "clientbook"
SECRET_KEY = "test-secret-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, "CLIENTBOOK_SECRET_KEY": SECRET_KEY, **env}


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`clientbook ARGS` run to completion (60 s at most), its output captured."""
    return subprocess.run(
        [CLIENTBOOK, *args], env=environment(env), input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`clientbook ARGS` in the background, its output appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen([CLIENTBOOK, *args], env=environment(env), stdout=output, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class RealServer:
    url: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None, f"the server exited:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"the server did not start in {timeout:.0f} s:\n{log.read_text()[-3000:]}"
        time.sleep(0.1)


@contextmanager
def serving(env: dict[str, str], log: Path, *, workers: int = 1, port: int | None = None) -> Iterator[RealServer]:
    """`clientbook serve` on 127.0.0.1 with `env` (at least CLIENTBOOK_DATABASE_URL, migrated) until the block ends."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"CLIENTBOOK_PUBLIC_URL": url, **env}
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)] + (["--workers", str(workers)] if workers > 1 else [])
    process = start(args, env, log)
    try:
        wait_until_up(url, process, log)
        yield RealServer(url, env, log, process)
    finally:
        stop(process)
