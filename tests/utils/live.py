"""`kb serve` in a subprocess on a free loopback port, for the latency benchmark and the tests
that need a real server process (access control, server mode, concurrency)."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kb_command() -> list[str]:
    """The installed `kb` script beside this interpreter, or the module when not installed."""
    script = Path(sys.executable).with_name("kb")
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


def run_kb(
    env: dict[str, str], *args: str, cwd: Path = ROOT, timeout_s: float = 180.0
) -> subprocess.CompletedProcess[str]:
    """One `kb` command to its end, output captured."""
    return subprocess.run(
        [*kb_command(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout_s
    )


class LiveServer:
    """`kb serve` with the given environment, ready when /healthz answers (with the
    environment's KB_API_KEY, if any); its output goes to `log`. It answers only once the
    model is loaded, which on a busy machine can take minutes: hence the long timeout."""

    def __init__(
        self, env: dict[str, str], log: Path, *args: str, timeout_s: float = 600.0
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.key = env.get("KB_API_KEY")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [*kb_command(), "serve", "--port", str(self.port), *args],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self._wait(timeout_s)
        self.startup_s = time.monotonic() - started

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.key} if self.key else {}

    @property
    def pid(self) -> int:
        return self.process.pid

    def _wait(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kb serve exited {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                response = httpx.get(f"{self.url}/healthz", headers=self.headers, timeout=5)
                if response.status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"kb serve did not answer in {timeout_s:g} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def live_server(env: dict[str, str], log: Path, *args: str) -> Iterator[LiveServer]:
    server = LiveServer(env, log, *args)
    try:
        yield server
    finally:
        server.stop()
