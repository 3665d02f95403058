"""Ingest throughput at scale: the 426 Ofsted PDFs into a fresh store, next to raw model speed.

    python -m benchmarks.ingest_throughput [--shared ../shared] [--home DIR] [--profile FILE]
    python -m benchmarks.ingest_throughput --home DIR --embed-split 24   # on a built store

Prints, in one run:
- passages per second of the whole pipeline (hash, sandboxed extract, clean, chunk, embed,
  tag, write to SQLite + FTS5 + Chroma), and the time spent per stage (Ingestor.timings);
- the raw `SentenceTransformer.encode` throughput over the same embed texts with the same batch
  size, in the same process (the model already warm), and the ratio pipeline / raw. The files
  go in --segments slices (default 40), each followed by the raw encode of its passages, so
  that the machine's drifting speed falls on both alike;
- the time to ingest the unchanged set again (every file should cost one hash).

--home keeps the store for `python -m benchmarks.latency --home DIR`; it must be empty or absent
(the first ingest has to embed everything). --profile writes cProfile stats of the first ingest.

--embed-split N takes N files' passages from an existing store and encodes them five ways,
interleaved group by group so that other load on the machine falls on every way alike: raw
encode of a group at once, raw encode per file, raw encode with token outputs per file, the
pipeline's encode_spans per file, and encode_spans of a group at once. It says how much of the
embed stage is the model, how much the per-file batching, and how much the late chunking.
Timings on a shared machine are noisy: run it when the machine is quiet, and quote the load.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest.discover import discover
from ingest.pipeline import STAGES, FileOutcome, Ingestor
from kb.search.knowledge import KnowledgeBase
from kb.search.records import embed_text
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("ofsted-letters", "ofsted-reports")
TARGET_RATIO = 0.85
TARGET_REINGEST_S = 60.0


def sandbox_cpu_seconds() -> float:
    """CPU time of the extraction children so far: the sandbox's helper process reaps them,
    so their time shows in its cutime + cstime."""
    from ingest import sandbox

    zygote = sandbox._STATE.get("zygote")
    process = getattr(zygote, "process", None)
    if process is None:
        return 0.0
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # after the ")" closing the name: fields[11..14] are utime, stime, cutime, cstime
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def ingest_all(
    ingestor: Ingestor, files: list[Path], label: str
) -> tuple[list[FileOutcome], float]:
    started = time.perf_counter()
    done = 0

    def settled(_: FileOutcome) -> None:
        nonlocal done
        done += 1
        if done % 50 == 0 or done == len(files):
            elapsed = time.perf_counter() - started
            print(f"  {label}: {done}/{len(files)} files, {elapsed:.0f} s", file=sys.stderr)

    outcomes = ingestor.ingest(files, settled)
    return outcomes, time.perf_counter() - started


def raw_encode_seconds(kb: KnowledgeBase, texts: list[str]) -> tuple[float, float]:
    """The model alone: one encode call over every embed text, as sentence-transformers batches
    it (sorted by length), at the pipeline's batch size."""
    model = getattr(kb.embedder, "_model", None)
    if model is None:
        raise SystemExit("the raw comparison needs the real model (unset KB_EMBED_MODEL)")
    batch = kb.settings.embed_batch_size
    model.encode(texts[:batch], batch_size=batch, show_progress_bar=False)  # warm, as the run was
    started, cpu = time.perf_counter(), time.process_time()
    model.encode(texts, batch_size=batch, normalize_embeddings=True, show_progress_bar=False)
    return time.perf_counter() - started, time.process_time() - cpu


@dataclass
class Measured:
    """The first ingest and the raw encode of the same passages, segment by segment."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0
    raw_texts: int = 0
    raw_seconds: float = 0.0
    raw_cpu: float = 0.0
    segments: list[tuple[int, float, float]] = field(default_factory=list)  # passages, s, raw s


def ingest_and_encode(
    kb: KnowledgeBase, ingestor: Ingestor, files: list[Path], segments: int
) -> Measured:
    """Ingest the files in `segments` slices; after each, encode that slice's embed texts raw.
    Alternating keeps the two comparable on a machine whose speed drifts by a quarter from one
    minute to the next (measured here), which a pipeline-then-raw run is not."""
    out = Measured()
    size = max(1, -(-len(files) // segments))
    for n, start in enumerate(range(0, len(files), size), 1):
        part = files[start : start + size]
        cpu = time.process_time() + sandbox_cpu_seconds()
        outcomes, seconds = ingest_all(ingestor, part, f"ingest, segment {n}")
        out.cpu += time.process_time() + sandbox_cpu_seconds() - cpu
        sources = [str(p.resolve()) for p in part]
        rows = kb.store.db.execute(
            "SELECT p.heading, p.text FROM passages p JOIN documents d ON p.document_id = d.id "
            f"WHERE d.source IN ({','.join('?' * len(sources))}) ORDER BY p.rowid",
            sources,
        )
        texts = [embed_text(heading, text) for heading, text in rows]
        raw_seconds, raw_cpu = raw_encode_seconds(kb, texts)
        out.outcomes += outcomes
        out.seconds += seconds
        out.raw_texts += len(texts)
        out.raw_seconds += raw_seconds
        out.raw_cpu += raw_cpu
        out.segments.append((len(texts), seconds, raw_seconds))
    return out


def embed_split(home: Path, files: int) -> int:
    from collections import defaultdict

    from kb.search.embedding import sentence_spans_in
    from kb.search.rows import passage_from_row

    kb = KnowledgeBase(Settings(home=home))
    embedder = kb.embedder
    model = getattr(embedder, "_model", None)
    if model is None:
        raise SystemExit("the split needs the real model (unset KB_EMBED_MODEL)")
    rows = kb.store.db.execute(
        "SELECT p.*, d.source FROM passages p JOIN documents d ON p.document_id = d.id "
        "ORDER BY d.source, p.ordinal"
    ).fetchall()
    by_source: dict[str, list] = defaultdict(list)
    for row in rows:
        by_source[row["source"]].append(passage_from_row(row))
    if not by_source:
        print(f"no passages in {home}", file=sys.stderr)
        return 2
    sources = sorted(by_source)[:: max(1, len(by_source) // files)][:files]
    chosen = [
        ([p.embed_text for p in by_source[s]], [sentence_spans_in(p) for p in by_source[s]])
        for s in sources
    ]
    groups = [chosen[i : i + 4] for i in range(0, len(chosen), 4)]
    batch = kb.settings.embed_batch_size

    def texts(group: list) -> list[str]:
        return [t for file_texts, _ in group for t in file_texts]

    def spans(group: list) -> list:
        return [s for _, file_spans in group for s in file_spans]

    ways = {
        "raw encode, 4 files at once": lambda g: model.encode(texts(g), batch_size=batch),
        "raw encode, per file": lambda g: [model.encode(t, batch_size=batch) for t, _ in g],
        "raw encode with token outputs, per file": lambda g: [
            model.encode(t, batch_size=batch, output_value=None) for t, _ in g
        ],
        "encode_spans, per file (the pipeline)": lambda g: [
            embedder.encode_spans(t, s) for t, s in g
        ],
        "encode_spans, 4 files at once": lambda g: embedder.encode_spans(texts(g), spans(g)),
    }
    model.encode(chosen[0][0][:batch], batch_size=batch)  # warm
    wall: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    names = list(ways)
    for n, group in enumerate(groups):
        for name in names if n % 2 == 0 else names[::-1]:
            started, cpu_started = time.perf_counter(), time.process_time()
            ways[name](group)
            wall[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - cpu_started
    count = sum(len(t) for t, _ in chosen)
    load = os.getloadavg()
    print(
        f"{len(chosen)} files, {count} passages, {len(groups)} interleaved groups; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    base_wall, base_cpu = wall[names[0]], cpu[names[0]]
    for name in names:
        rate, share = count / wall[name], wall[name] / base_wall
        print(
            f"  {name:40} {wall[name]:7.1f} s wall ({rate:5.1f}/s, x{share:4.2f})   "
            f"CPU {cpu[name]:7.1f} s (x{cpu[name] / base_cpu:4.2f})"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--home", type=Path, help="store folder to create (empty or absent)")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the first ingest")
    parser.add_argument(
        "--segments", type=int, default=40, help="ingest slices, each followed by its raw encode"
    )
    parser.add_argument(
        "--sample", type=int, metavar="N", help="every k-th file, N in all (a quicker run)"
    )
    parser.add_argument(
        "--embed-split", type=int, metavar="N", help="only split the embed cost, on N files"
    )
    args = parser.parse_args(argv)
    if args.embed_split:
        if not args.home or not (args.home / "kb.sqlite3").is_file():
            print("--embed-split needs --home with a built store", file=sys.stderr)
            return 2
        return embed_split(args.home, args.embed_split)

    folders = [args.shared / name for name in FOLDERS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    home = args.home or Path(tempfile.mkdtemp(prefix="kb-throughput-"))
    if home.exists() and any(home.iterdir()):
        print(f"{home} is not empty: the benchmark needs a fresh store", file=sys.stderr)
        return 2
    settings = Settings(home=home)
    if settings.chroma_url:
        print(f"Chroma: server at {settings.chroma_url}")
    kb = KnowledgeBase(settings)
    files = list(discover(folders))
    if args.sample and args.sample < len(files):
        files = files[:: len(files) // args.sample][: args.sample]
    load = os.getloadavg()
    print(f"{len(files)} files from {', '.join(str(f) for f in folders)}")
    print(f"store: {home}; model {kb.embedder.name}, batch size {settings.embed_batch_size}")
    print(
        f"cores: {os.cpu_count()}, load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )

    ingestor = Ingestor(kb)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    measured = ingest_and_encode(kb, ingestor, files, args.segments)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    outcomes, seconds = measured.outcomes, measured.seconds

    failed = [o for o in outcomes if o.status == "failed"]
    passages = sum(o.added + o.unchanged for o in outcomes if o.status != "failed")
    stored = kb.store.stats()
    pipeline_rate = passages / seconds if seconds else 0.0

    print("\n== first ingest (fresh store)")
    print(
        f"files: {len(files)} ({len(failed)} failed); documents {stored['documents']}, "
        f"passages {passages} (stored {stored['passages']})"
    )
    for o in failed:
        print(f"  failed {o.source}: {o.error}")
    print(f"wall time: {seconds:.1f} s -> {pipeline_rate:.1f} passages/s")
    print(f"CPU time: {measured.cpu:.1f} s (this process + extraction children)")
    print("time per stage (s, share of wall time):")
    for stage in STAGES:
        spent = ingestor.timings.get(stage, 0.0)
        print(f"  {stage:8} {spent:8.1f}  {spent / seconds:6.1%}")
    other = seconds - sum(ingestor.timings.values())
    print(f"  {'other':8} {other:8.1f}  {other / seconds:6.1%}  (metadata lookups, bookkeeping)")

    raw_rate = measured.raw_texts / measured.raw_seconds
    ratio = pipeline_rate / raw_rate
    cpu_ratio = (passages / measured.cpu) / (measured.raw_texts / measured.raw_cpu)
    print(
        f"\n== raw model.encode on the same embed texts (same process, same batch size, "
        f"after each of {len(measured.segments)} segments of the ingest)"
    )
    print(
        f"{measured.raw_texts} texts in {measured.raw_seconds:.1f} s -> {raw_rate:.1f} passages/s"
    )
    print(f"CPU time: {measured.raw_cpu:.1f} s")
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio pipeline/raw (wall time): {ratio:.3f} ({verdict} the target {TARGET_RATIO})")
    print(f"ratio pipeline/raw (CPU time, less sensitive to other load): {cpu_ratio:.3f}")
    per_segment = ", ".join(f"{raw / spent:.2f}" for _, spent, raw in measured.segments if spent)
    print(f"ratio per segment (wall time): {per_segment}")

    again = Ingestor(kb)
    outcomes2, seconds2 = ingest_all(again, files, "re-ingest")
    unchanged = sum(o.status == "unchanged" for o in outcomes2)
    verdict = "meets" if seconds2 < TARGET_REINGEST_S else "MISSES"
    print("\n== re-ingest of the unchanged set")
    print(
        f"{seconds2:.1f} s, {unchanged}/{len(files)} files unchanged "
        f"({verdict} the target < {TARGET_REINGEST_S:g} s)"
    )
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(again.timings.items()))
    print(f"stages: {stages or 'none'}")
    report = kb.check()
    print(
        f"\nkb check: {'consistent' if report.ok else 'INCONSISTENT'} "
        f"(SQLite {report.sqlite}, FTS5 {report.fts}, Chroma {report.chroma})"
    )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.profile:
        print(f"\n== cProfile of the first ingest ({args.profile}), top by cumulative time")
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(30)
    print(f"\nstore kept at {home} (reuse: python -m benchmarks.latency --home {home})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
