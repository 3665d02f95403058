"""The sandbox's helper process (the "zygote", see ingest/sandbox.py) and the wire protocol
both sides speak: it forks one child per request, applies the memory limit in the child, sends
back one pickled (kind, value) message, reaps the child and reports how it ended and how much
memory it added."""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import socket
import struct
import traceback
from typing import Any, NoReturn

import ingest.extract  # noqa: F401  imported once here, so every forked child starts with it
from ingest.types import ExtractionError

MB = 1024 * 1024
_CHILD_CRASH_EXIT = 70  # the child could not even report its error
LENGTH = struct.Struct("!Q")
PID = struct.Struct("!q")
STATUS = struct.Struct("!qq")  # wait status, bytes of resident memory the child added


def recv_exact(sock: socket.socket, size: int, timeout_s: float | None) -> bytes:
    """Exactly `size` bytes, or fewer if the peer closed or the time ran out."""
    sock.settimeout(timeout_s)
    data = bytearray()
    try:
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                break
            data += chunk
    except (TimeoutError, OSError):
        pass
    finally:
        with contextlib.suppress(OSError):
            sock.settimeout(None)
    return bytes(data)


def zygote_main(fd: int) -> None:
    """Serve requests from the caller until it closes the socket: fork, report pid, reap."""
    sock = socket.socket(fileno=fd)
    sock.sendall(b"R")
    while True:
        header, fds, _flags, _address = socket.recv_fds(sock, LENGTH.size, 1)
        if not header:
            break  # the caller exited or closed the sandbox
        header += recv_exact(sock, LENGTH.size - len(header), None)
        request = recv_exact(sock, LENGTH.unpack(header)[0], None)
        result_fd = fds[0]
        baseline = _resident_bytes()
        pid = os.fork()
        if pid == 0:  # child: never returns
            sock.close()
            _child_main(result_fd, request)
        os.close(result_fd)
        sock.sendall(PID.pack(pid))
        _, status, usage = os.wait4(pid, 0)
        grown = max(0, usage.ru_maxrss * 1024 - baseline)  # ru_maxrss counts inherited pages
        sock.sendall(STATUS.pack(status, grown))


def _child_main(result_fd: int, request: bytes) -> NoReturn:
    """Apply limits, call, send one pickled (kind, value) message, exit."""
    exit_code = 0
    try:
        data = pickle.dumps(_call(request), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:  # an unpicklable result is a bug in func, not in the file
        data = pickle.dumps(("crash", f"result not picklable: {exc}"))
    try:
        _write_all(result_fd, data)
    except BaseException:
        exit_code = _CHILD_CRASH_EXIT
        traceback.print_exc()
    finally:
        os._exit(exit_code)  # skip atexit handlers and buffers inherited from the zygote


def _call(request: bytes) -> tuple[str, Any]:
    try:
        func, args, memory_mb = pickle.loads(request)
        _apply_limits(memory_mb)
        return ("ok", func(*args))
    except ExtractionError as exc:
        return ("extraction_error", (exc.path, exc.reason))
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("crash", "RecursionError: input nested too deeply")
    except BaseException as exc:
        return ("crash", f"{type(exc).__name__}: {exc}")


def _apply_limits(memory_mb: int) -> None:
    """RLIMIT_AS counts the address space the child inherited, so the limit is usage + budget."""
    budget = _address_space_bytes() + memory_mb * MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        budget = min(budget, hard)
    resource.setrlimit(resource.RLIMIT_AS, (budget, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing extractor must not dump core


def _address_space_bytes() -> int:
    """Current virtual memory size of this process (Linux /proc; 0 where unknown)."""
    return _statm_field(0)


def _resident_bytes() -> int:
    """Current resident memory: a forked child's ru_maxrss starts from the parent's."""
    return _statm_field(1)


def _statm_field(index: int) -> int:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[index])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
