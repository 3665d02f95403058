"""Run extraction in a child process with an address-space limit and a wall-clock deadline.

A hostile or broken file (a PDF that sends pdfium into a loop, an HTML bomb, a 100 MB text file)
must end as a recorded ExtractionError, never as a hung or out-of-memory caller.

Children are forked from a small helper process (a "zygote") started once per calling process
with only the extractors imported. Forking the caller itself would copy its page tables, and the
ingest pipeline holds an embedding model: a fork from it costs tens of milliseconds, a fork from
the zygote (ingest/zygote.py) a few. The zygote also reaps each child and reports how it ended and
how much memory it used. `func` passed to `run_limited` must be picklable by reference (a
module-level function).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ingest.extract import extract
from ingest.types import ExtractedFile, ExtractionError
from ingest.zygote import LENGTH, MB, PID, STATUS, recv_exact

T = TypeVar("T")

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY_MB = 512
DEFAULT_MAX_RESULT_MB = 256  # what the caller agrees to receive: bounds the caller's memory too
_READ_CHUNK = 1024 * 1024
_ZYGOTE_START_S = 60.0  # importing the extractors on a busy machine
_STATUS_GRACE_S = 10.0  # a killed child is reaped at once; more than this means a broken zygote
_NEAR_LIMIT_SHARE = 0.5


class SandboxError(Exception):
    """The child did not return a result; the message says why."""


class _ZygoteGone(Exception):
    """The helper process was not there to take a request; nothing was run."""


class TimeoutExceeded(SandboxError):
    pass


class MemoryExceeded(SandboxError):
    pass


class ChildCrashed(SandboxError):
    pass


def extract_safely(
    path: Path,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> ExtractedFile:
    """`extract(path)` in a limited child; every way it can fail is an ExtractionError."""
    try:
        return run_limited(extract, (Path(path),), timeout_s=timeout_s, memory_mb=memory_mb)
    except TimeoutExceeded as exc:
        raise ExtractionError(path, f"timed out after {timeout_s:g} s") from exc
    except MemoryExceeded as exc:
        raise ExtractionError(path, f"used more than {memory_mb} MB") from exc
    except SandboxError as exc:
        raise ExtractionError(path, f"extractor crashed: {exc}") from exc


def run_limited(
    func: Callable[..., T],
    args: tuple[Any, ...] = (),
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    max_result_mb: int = DEFAULT_MAX_RESULT_MB,
) -> T:
    """Call `func(*args)` in a child limited to `memory_mb` more memory and `timeout_s` seconds.

    Returns its (picklable) result. Re-raises an ExtractionError raised by `func`; raises
    TimeoutExceeded, MemoryExceeded or ChildCrashed (any other exception or a dying child).
    Thread-safe: calls from several threads take turns.
    """
    if getattr(func, "__module__", None) == "__main__":
        raise TypeError("run_limited needs a function of an importable module, not of __main__")
    request = pickle.dumps((func, args, memory_mb), protocol=pickle.HIGHEST_PROTOCOL)
    with _LOCK:
        try:
            payload, status, grown = _zygote().run(request, timeout_s, max_result_mb * MB)
        except _ZygoteGone:  # it died between calls (killed, or the machine reaped it): once more
            payload, status, grown = _zygote().run(request, timeout_s, max_result_mb * MB)
    if payload is None:
        _diagnose_silent_child(status, grown, memory_mb)
    return _unpack(payload, memory_mb)


def live_children() -> list[int]:
    """Pids of sandboxed children still running (none, between calls): for tests and checks."""
    zygote = _STATE.get("zygote")
    if not isinstance(zygote, _Zygote) or zygote.process.poll() is not None:
        return []
    pid = zygote.process.pid
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


# ----------------------------------------------------------------------------- caller side

_LOCK = threading.Lock()
_STATE: dict[str, object] = {}


def _forget_zygote_in_forked_child() -> None:
    """A forked copy of the caller closes its copy of the socket and starts its own zygote if
    it needs one: two processes talking over one socket would mix their messages, and the copy
    would keep the zygote alive after the real owner exits."""
    zygote = _STATE.pop("zygote", None)
    if isinstance(zygote, _Zygote):
        with contextlib.suppress(OSError):
            zygote.sock.close()


os.register_at_fork(after_in_child=_forget_zygote_in_forked_child)


def _zygote() -> _Zygote:
    """This process's zygote, started on first use and again if it died or we were forked."""
    zygote = _STATE.get("zygote")
    if isinstance(zygote, _Zygote):
        if zygote.usable():
            return zygote
        zygote.close()  # reap a dead one (a no-op for one inherited through fork)
    zygote = _Zygote()
    _STATE["zygote"] = zygote
    return zygote


class _Zygote:
    def __init__(self) -> None:
        self.owner = os.getpid()  # a forked copy of the caller must not share this socket
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        code = (
            "import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
            "from ingest.zygote import zygote_main; zygote_main(int(sys.argv[2]))"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(sys.path), str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # a caller's captured stdout must reach EOF when it exits
            start_new_session=True,  # Ctrl-C in a terminal is for the caller, not the zygote
        )
        theirs.close()
        self.sock = ours
        atexit.register(self.close)
        if recv_exact(self.sock, 1, _ZYGOTE_START_S) != b"R":
            self.close()
            raise ChildCrashed("sandbox helper process did not start")

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def close(self) -> None:
        """Closing the socket tells the zygote to exit; it is killed if it does not."""
        if self.owner != os.getpid():
            return
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def run(
        self, request: bytes, timeout_s: float, max_bytes: int
    ) -> tuple[bytearray | None, int, int]:
        """Have the zygote fork a child for `request`; return (message, wait status, growth)."""
        read_end, write_end = os.pipe()
        try:
            try:
                socket.send_fds(self.sock, [LENGTH.pack(len(request))], [write_end])
                self.sock.sendall(request)
            except OSError as exc:
                self.close()
                raise _ZygoteGone from exc
            finally:
                os.close(write_end)  # the child holds the only write end: EOF means it is done
            pid = PID.unpack(self._recv(PID.size, _STATUS_GRACE_S))[0]
            try:
                payload = _read_result(read_end, timeout_s, max_bytes)
            except SandboxError:
                _kill(pid)
                self._recv(STATUS.size, _STATUS_GRACE_S)  # the zygote reaps it; keep in step
                raise
            status, grown = STATUS.unpack(self._recv(STATUS.size, timeout_s + _STATUS_GRACE_S))
            return payload, status, grown
        finally:
            os.close(read_end)

    def _recv(self, size: int, timeout_s: float) -> bytes:
        data = recv_exact(self.sock, size, timeout_s)
        if len(data) != size:
            self.close()  # dead or stuck: the next call starts a fresh one
            raise ChildCrashed("sandbox helper process stopped answering")
        return data


def _read_result(fd: int, timeout_s: float, max_bytes: int) -> bytearray | None:
    """Read the child's message until EOF, within the deadline and the size cap."""
    deadline = time.monotonic() + timeout_s
    received = bytearray()  # one growing buffer: a list of chunks plus join would hold it twice
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutExceeded(f"timed out after {timeout_s:g} s")
            chunk = os.read(fd, _READ_CHUNK)
            if not chunk:
                break
            received += chunk
            if len(received) > max_bytes:
                raise ChildCrashed(f"result larger than {max_bytes // MB} MB")
    return received or None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have just exited by itself
        os.kill(pid, signal.SIGKILL)


def _diagnose_silent_child(status: int, grown: int, memory_mb: int) -> NoReturn:
    """The child closed the pipe without a message: say how it died.

    C code that meets the address-space limit aborts or segfaults instead of raising
    MemoryError; a child whose resident memory grew by half its budget or more is taken to
    have died of that.
    """
    near_limit = grown >= _NEAR_LIMIT_SHARE * memory_mb * MB
    if os.WIFSIGNALED(status):
        signame = signal.Signals(os.WTERMSIG(status)).name
        if near_limit:
            raise MemoryExceeded(f"killed by {signame} near the memory limit")
        raise ChildCrashed(f"killed by {signame}")
    if near_limit:
        raise MemoryExceeded("died near the memory limit")
    raise ChildCrashed(f"exited with status {os.waitstatus_to_exitcode(status)} without a result")


def _unpack(payload: bytearray, memory_mb: int) -> Any:
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "extraction_error":
        path, reason = value
        raise ExtractionError(path, reason)
    if kind == "memory":
        raise MemoryExceeded(f"used more than {memory_mb} MB")
    raise ChildCrashed(value)
