"""Query latency of a live `kb serve` over a loaded store, at 1 and at 8 concurrent clients.

    python -m benchmarks.latency --home DIR [--requests 60] [--clients 1,8]

DIR is a store built by `python -m benchmarks.ingest_throughput --home DIR` (the 426 Ofsted
PDFs). The server runs as `kb serve` in a subprocess on a free 127.0.0.1 port, with the
settings from the environment (KB_API_KEY is sent if set). For each concurrency level, search
and ask each get a bounded number of requests drawn in order from 30 fixed questions (some name
a council); the figures are p50/p95/p99, mean, throughput and errors, and the server's peak
resident memory (VmHWM). Then, with the server stopped, the same searches run in this process
with each step timed: parsing the question, embedding it, the Chroma sentence query, the FTS5
keyword query, fetching rows from SQLite, and the rest (fusion, marking).

Only loopback traffic. Timings on a shared machine are noisy: quote the load average printed.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from tests.utils.live import LiveServer

TARGET_P50_MS, TARGET_P95_MS = 60.0, 150.0

QUESTIONS = [
    "What did Ofsted say about contingency planning?",
    "How stable is the social work workforce?",
    "pathway plans for care leavers",
    "What did inspectors say about personal advisers in Middlesbrough?",
    "How well are care leavers helped into education, employment or training?",
    "management oversight and supervision of social workers",
    "caseloads of social workers in Gateshead",
    "the front door and the multi-agency safeguarding hub",
    "quality of assessments for children in need",
    "What did Ofsted find about private fostering?",
    "How effective is the local authority designated officer?",
    "children missing from home or care and return home interviews",
    "exploitation and contextual safeguarding in Rotherham",
    "independent reviewing officers' oversight of care plans",
    "permanence planning and early permanence for children in care",
    "How well do leaders know their services in Warrington?",
    "disabled children and the children with disabilities team",
    "sufficiency of placements for children in care in Kent",
    "unaccompanied asylum-seeking children",
    "What about the virtual school and personal education plans?",
    "children living in unregistered children's homes",
    "quality of child protection plans and core groups",
    "public law outline and pre-proceedings work in Leeds",
    "how are the voices of children heard in plans",
    "early help assessments and the step-down to early help",
    "staying put and staying close arrangements for care leavers",
    "recruitment and retention of foster carers in Essex",
    "audit and quality assurance of practice",
    "domestic abuse and strategy meetings",
    "What did the focused visit say about the impact of COVID-19 in Dorset?",
]


def proc_status_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) if match else 0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of the sorted values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def run_level(
    server: LiveServer, endpoint: str, clients: int, requests: int
) -> tuple[list[float], Counter, float]:
    """`requests` calls of `endpoint` from `clients` threads; latencies in ms, outcomes, wall s."""
    latencies: list[float] = []
    outcomes: Counter = Counter()
    lock = threading.Lock()
    counter = iter(range(requests))

    def client(_: int) -> None:
        with httpx.Client(base_url=server.url, headers=server.headers, timeout=120) as http:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                question = QUESTIONS[n % len(QUESTIONS)]
                started = time.perf_counter()
                try:
                    response = http.get(endpoint, params={"q": question})
                    outcome: int | str = response.status_code
                except httpx.HTTPError as error:
                    outcome = type(error).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    outcomes[outcome] += 1
                    if outcome == 200:
                        latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return latencies, outcomes, time.perf_counter() - started


def breakdown(home: Path, rounds: int = 2) -> dict[str, list[float]]:
    """Each search step timed in this process (the same settings as `kb serve`: one thread)."""
    import kb.search.retrieval as retrieval
    from kb.search.knowledge import KnowledgeBase
    from kb.settings import Settings

    settings = Settings(home=home)
    if settings.threads is None:
        settings = settings.model_copy(update={"threads": 1})
    kb = KnowledgeBase(settings)
    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    embedder = kb.embedder
    embedder.encode = timed("embed question", embedder.encode)  # type: ignore[method-assign]
    vectors = kb.vectors
    vectors.query = timed("Chroma passages", vectors.query)  # type: ignore[method-assign]
    kb.store.sentence_vectors = timed("SQLite sentence vectors", kb.store.sentence_vectors)  # type: ignore[method-assign]
    kb.store.keyword_search = timed("FTS5 keyword", kb.store.keyword_search)  # type: ignore[method-assign]
    kb.store.hits = timed("SQLite rows", kb.store.hits)  # type: ignore[method-assign]
    original_parse = retrieval.parse_query
    retrieval.parse_query = timed("parse question", original_parse)
    per_step: dict[str, list[float]] = defaultdict(list)
    try:
        kb.search(QUESTIONS[0])  # warm: model, Chroma segments, SQLite pages
        for _ in range(rounds):
            for question in QUESTIONS:
                spent.clear()
                started = time.perf_counter()
                kb.search(question)
                total = time.perf_counter() - started
                for name, seconds in spent.items():
                    per_step[name].append(seconds * 1000)
                per_step["rest (fusion, marking)"].append((total - sum(spent.values())) * 1000)
                per_step["total"].append(total * 1000)
    finally:
        retrieval.parse_query = original_parse
    return per_step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a loaded store")
    parser.add_argument("--requests", type=int, default=60, help="per endpoint and level")
    parser.add_argument("--clients", default="1,8", help="concurrency levels, e.g. 1,8")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the step timing")
    args = parser.parse_args(argv)

    if not (args.home / "kb.sqlite3").is_file():
        print(f"no store at {args.home}: run benchmarks.ingest_throughput first", file=sys.stderr)
        return 2
    levels = [int(c) for c in args.clients.split(",")]
    log = Path(tempfile.mkdtemp(prefix="kb-latency-")) / "serve.log"
    server = LiveServer({**os.environ, "KB_HOME": str(args.home)}, log, "--host", "127.0.0.1")
    try:
        startup = server.startup_s
        stats = httpx.get(f"{server.url}/healthz", headers=server.headers).json()
        pid = server.process.pid
        load = os.getloadavg()
        print(f"store {args.home}: {stats}")
        print(
            f"kb serve pid {pid} on {server.url}, up in {startup:.1f} s, RSS idle "
            f"{proc_status_kb(pid, 'VmRSS') / 1024:.0f} MB; cores {os.cpu_count()}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        for question in QUESTIONS:  # warm-up (model, Chroma segments, page cache): not measured
            for endpoint in ("/api/search", "/api/ask"):
                httpx.get(
                    f"{server.url}{endpoint}",
                    params={"q": question},
                    headers=server.headers,
                    timeout=120,
                )
        print(
            f"\n{'endpoint':12} {'clients':>7} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'p99 ms':>8} {'mean ms':>8} {'req/s':>6}  errors"
        )
        verdicts = []
        for clients in levels:
            for endpoint in ("/api/search", "/api/ask"):
                latencies, outcomes, wall = run_level(server, endpoint, clients, args.requests)
                errors = {k: v for k, v in outcomes.items() if k != 200}
                p50, p95, p99 = (percentile(latencies, s) for s in (0.50, 0.95, 0.99))
                mean = statistics.fmean(latencies) if latencies else float("nan")
                print(
                    f"{endpoint:12} {clients:>7} {sum(outcomes.values()):>4} {p50:>8.1f} "
                    f"{p95:>8.1f} {p99:>8.1f} {mean:>8.1f} {len(latencies) / wall:>6.1f}  "
                    f"{errors or 'none'}"
                )
                if endpoint == "/api/search" and clients == 1:
                    ok = p50 <= TARGET_P50_MS and p95 <= TARGET_P95_MS
                    verdicts.append(
                        f"search at 1 client: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
                        f"({'meets' if ok else 'MISSES'} <= {TARGET_P50_MS:g} / "
                        f"{TARGET_P95_MS:g} ms)"
                    )
                if clients > 1:
                    verdicts.append(
                        f"{endpoint} at {clients} clients: "
                        f"{'no errors' if not errors else f'ERRORS {errors}'}"
                    )
        peak, now = (proc_status_kb(pid, field) / 1024 for field in ("VmHWM", "VmRSS"))
        print(f"\nserver peak RSS (VmHWM): {peak:.0f} MB; now {now:.0f} MB")
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        for verdict in verdicts:
            print(f"- {verdict}")
    finally:
        server.stop()

    if not args.no_breakdown:
        steps = breakdown(args.home)
        total = statistics.median(steps["total"])
        print(
            f"\n== where a search's time goes (in-process, one thread, {len(steps['total'])} "
            "searches): median ms per search, share of the median total"
        )
        for name, values in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1])):
            median = statistics.median(values)
            print(
                f"  {name:24} {median:8.1f}  p95 {percentile(values, 0.95):8.1f}  "
                f"{median / total:6.1%}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
