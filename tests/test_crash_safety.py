"""Crash safety: ingest killed with SIGKILL at chosen and at random moments, then run again.

After every crash and re-run, `kb check` must report consistent, and SQLite passages, FTS5 rows
and Chroma passage ids must hold exactly the passage ids that a clean ingest of the same files
gives, every passage with its sentence vectors: no duplicates, no leftovers of a changed file.

Starting Python and importing chromadb costs seconds on a busy machine, so the kills happen in
children forked from a driver process (this module run as `python -m tests.test_crash_safety`)
that has the product imported but nothing opened. Each child runs `api.cli.main(["ingest",
...])`, the `kb ingest` command, with the fake embedder and a real SQLite store, real embedded
Chroma and the real extraction sandbox. Faults are injected only in the child, by wrapping a
product method so that the process SIGKILLs itself on the Nth call; there are no product hooks.
One more round kills the real `kb ingest` console script in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("KB_CRASH_SEED", "20240611"))
FILES = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")
TOPICS = (
    "pathway plans for care leavers",
    "the front door and the multi-agency safeguarding hub",
    "caseloads of social workers and the stability of the workforce",
    "management oversight and supervision of practice",
    "children in need and child protection planning",
    "independent reviewing officers and looked after children",
    "education health and care plans for children with SEND",
    "contingency planning and permanence for children in care",
)


# ----------------------------------------------------------------------------- the corpus


def document_text(name: str, version: int, paragraphs: int = 6) -> str:
    """A file of several passages; every paragraph carries a marker word of its version, so
    the keyword index can be asked for an old version's words."""
    marker = f"mark{name}v{version}"
    lines = [f"# Ofsted focused visit to {name.title()} Council children's services", ""]
    for n in range(paragraphs):
        topic = TOPICS[(n + version) % len(TOPICS)]
        lines.append(f"## Finding {n + 1}: {topic}")
        lines.append("")
        sentences = [
            f"Inspectors looked at {topic} in {name.title()} ({marker} paragraph {n}).",
            f"Leaders know that the quality of {topic} is not yet consistently good.",
            "Most plans are reviewed regularly, although some lack clear timescales.",
            f"In version {version} of this letter the council accepted the findings on {topic}.",
            "Social workers know their children well and visit them often.",
            f"Managers have improved oversight of {topic} since the last visit ({marker}).",
        ]
        lines.append(" ".join(sentences))
        lines.append("")
    return "\n".join(lines)


def write_version(folder: Path, name: str, version: int) -> None:
    (folder / f"{name}.md").write_text(document_text(name, version), encoding="utf-8")


# ----------------------------------------------------------------------------- the driver


def _install_fault(fault: dict[str, Any] | None) -> None:
    """Wrap one product method so that its Nth call SIGKILLs this process (the child's own
    fault injection; nothing in the product knows about it)."""
    if not fault:
        return
    from kb.search.store import Store
    from kb.search.vectors import VectorIndex

    target, when, calls = fault["target"], fault.get("when", "before"), [0]

    def due() -> bool:
        calls[0] += 1
        return calls[0] == fault["call"]

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def wrap(cls: type, name: str, condition: Any = None) -> None:
        original = getattr(cls, name)

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            hit = (condition is None or condition(*args, **kwargs)) and due()
            if hit and when == "before":
                die()
            result = original(self, *args, **kwargs)
            if hit:
                die()
            return result

        setattr(cls, name, wrapper)

    if target == "Store.transaction":  # killed inside BEGIN IMMEDIATE, before COMMIT
        original_transaction = Store.transaction

        @contextlib.contextmanager
        def transaction(self: Any) -> Iterator[Any]:
            with original_transaction(self) as db:
                yield db
                if due():
                    die()

        Store.transaction = transaction  # type: ignore[method-assign]
    elif target == "Store.mark_file:done":
        wrap(Store, "mark_file", lambda *a, **k: a[3] == "done")
    else:
        cls_name, method = target.split(".")
        wrap({"Store": Store, "VectorIndex": VectorIndex}[cls_name], method)


def _child_ingest(command: dict[str, Any], ready_fd: int) -> int:
    from api.cli import main
    from kb.settings import Settings

    _install_fault(command.get("fault"))
    os.write(ready_fd, b"r")
    os.close(ready_fd)
    argv = command.get("argv") or ["ingest", "--quiet", *command["paths"]]
    return main(argv, settings=Settings())


def _child_verify(command: dict[str, Any]) -> int:
    """Re-run ingest, then report what every store holds and what a clean ingest would give."""
    from api.cli import main
    from ingest.discover import discover, manifest_entry
    from ingest.extract import extract
    from ingest.pipeline import Ingestor
    from kb.search.knowledge import KnowledgeBase
    from kb.settings import Settings

    paths = [Path(p) for p in command["paths"]]
    kb = KnowledgeBase(Settings())
    before = io.StringIO()
    if command.get("repair"):  # `kb check`, then `kb check --repair`, with no ingest first
        with contextlib.redirect_stdout(before):
            main(["check"], settings=Settings())
            main(["check", "--repair"], settings=Settings())
    rerun = [o.to_dict() for o in Ingestor(kb).ingest(discover(paths))] if command["rerun"] else []
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check_exit = main(["check"], settings=Settings())
    db = kb.store.db
    chroma_ids = kb.vectors._collection.get(include=[])["ids"]
    sqlite_ids = [r[0] for r in db.execute("SELECT id FROM passages")]
    sentence_vectors = kb.store.sentence_vectors(sqlite_ids, kb.embedder.name)
    # the HNSW index must answer for every id the metadata holds
    queried: list[str] = []
    if chroma_ids:
        probe = kb.embedder.encode(["care leavers pathway plans"])
        queried = kb.vectors._collection.query(
            query_embeddings=probe, n_results=len(chroma_ids), include=[]
        )["ids"][0]
    markers = {
        word: db.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (word,)
        ).fetchone()[0]
        for word in command.get("markers", [])
    }
    # What a clean ingest gives, file by file (files seen before come from the caller): built
    # in a scratch store, extracted in-process since this is the test's reckoning, not a write.
    known: dict[str, list[str]] = command.get("known", {})
    builder = Ingestor(KnowledgeBase(Settings(home=Path(command["scratch"]))))
    expected = {}
    for path in discover(paths):
        source = str(path.resolve())
        if source in known:
            expected[source] = known[source]
        else:
            built = builder.build(source, extract(path), manifest_entry(path))
            expected[source] = [p.id for p in built.passages]
    facts = {
        "before_repair": before.getvalue(),
        "rerun": rerun,
        "check_exit": check_exit,
        "check_output": out.getvalue(),
        "check": kb.check().to_dict(),  # the report `kb check` printed above
        "sqlite_ids": sqlite_ids,
        "fts_ids": [
            r[0]
            for r in db.execute(
                "SELECT p.id FROM passages_fts_docsize s JOIN passages p ON p.rowid = s.id"
            )
        ],
        "fts_rows": db.execute("SELECT COUNT(*) FROM passages_fts_docsize").fetchone()[0],
        "chroma_ids": chroma_ids,
        "chroma_queried_ids": queried,
        "sentence_passage_ids": sorted(sentence_vectors),
        "sentence_rows": sum(len(rows) for rows in sentence_vectors.values()),
        "expected_sentence_rows": sum(
            max(1, len(json.loads(r[0]))) for r in db.execute("SELECT sentences FROM passages")
        ),
        "files": {r[0]: r[1] for r in db.execute("SELECT source, status FROM files")},
        "markers": markers,
        "expected": expected,
        "expected_ids": [i for ids in expected.values() for i in ids],
    }
    Path(command["result"]).write_text(json.dumps(facts))
    return 0


def driver() -> int:
    """Read one JSON command per line; fork a child for each; answer how the child ended."""
    # Imported and warmed once here, so that each child starts in milliseconds. Nothing is
    # opened: no SQLite connection, no Chroma client, no sandbox helper (children make their own).
    import chromadb.api.rust  # noqa: F401

    import api.cli  # noqa: F401
    import ingest.pipeline  # noqa: F401
    from ingest.chunk import tiktoken_count

    tiktoken_count("warm the tokenizer")

    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "quit":
            break
        os.environ["KB_HOME"] = command["home"]
        # Files are written one by one (1) or together in one group (the default, 512).
        os.environ["KB_INGEST_GROUP_PASSAGES"] = str(command.get("group", 512))
        ready_r, ready_w = os.pipe()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            log = os.open(command["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(log, 1)
            os.dup2(log, 2)
            try:
                if command["op"] == "verify":
                    os.close(ready_w)
                    code = _child_verify(command)
                else:
                    code = _child_ingest(command, ready_w)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 99
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        os.close(ready_w)
        ready = os.read(ready_r, 1) == b"r"
        os.close(ready_r)
        began = time.monotonic()
        if command.get("kill_after") is not None:
            time.sleep(command["kill_after"])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        reply = {
            "ready": ready,
            "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "seconds": time.monotonic() - began,
            "total_seconds": time.monotonic() - started,
        }
        print(json.dumps(reply), flush=True)
    return 0


# ----------------------------------------------------------------------------- the test side


class Driver:
    def __init__(self) -> None:
        env = {**os.environ, "KB_EMBED_MODEL": "fake", "HF_HUB_OFFLINE": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
        env.pop("KB_CHROMA_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.test_crash_safety"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def use(self, tmp: Path) -> Driver:
        """A fresh store and corpus for one test."""
        self.tmp = tmp
        self.home = tmp / "home"
        self.corpus = tmp / "corpus"
        self.corpus.mkdir()
        self.log = tmp / "children.log"
        self.rounds = 0
        self.replies: list[Any] = []
        self.known: dict[tuple[str, str], list[str]] = {}  # (source, text) -> clean ids
        return self

    def send(self, **command: Any) -> dict[str, Any]:
        command = {"home": str(self.home), "log": str(self.log), **command}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"driver died; children's log:\n{self.log_tail()}"
        reply = json.loads(line)
        self.replies.append((command["op"], command.get("fault"), command.get("kill_after"), reply))
        return reply

    def ingest(
        self,
        fault: dict[str, Any] | None = None,
        kill_after: float | None = None,
        argv: list[str] | None = None,
        group: int = 512,
    ) -> Any:
        """`kb ingest` on the corpus (or another `kb` command) in a forked child; `group` is
        its KB_INGEST_GROUP_PASSAGES."""
        self.rounds += 1
        return self.send(
            op="run",
            paths=[str(self.corpus)],
            fault=fault,
            kill_after=kill_after,
            argv=argv,
            group=group,
        )

    def verify(self, markers: list[str], rerun: bool = True, repair: bool = False) -> Any:
        """Re-run ingest (or only `kb check --repair`) and report on every store."""
        self.rounds += 1
        result = self.tmp / f"facts-{self.rounds}.json"
        contents = {str(p.resolve()): p.read_text() for p in self.corpus.iterdir()}
        known = {s: self.known[(s, c)] for s, c in contents.items() if (s, c) in self.known}
        reply = self.send(
            op="verify",
            paths=[str(self.corpus)],
            result=str(result),
            scratch=str(self.tmp / "scratch"),
            markers=markers,
            known=known,
            rerun=rerun,
            repair=repair,
        )
        assert reply["exit"] == 0, f"verify failed: {reply}\n{self.log_tail()}"
        facts = json.loads(result.read_text())
        for source, ids in facts["expected"].items():
            self.known[(source, contents[source])] = ids
        return facts

    def log_tail(self) -> str:
        return self.log.read_text()[-4000:] if self.log.exists() else "(no log)"

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin
            self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def assert_whole(facts: dict[str, Any], gone: set[str], label: str) -> None:
    """Every store holds exactly the ids a clean ingest gives; nothing of `gone` is left."""
    context = f"{label}: {json.dumps(facts['check'])}\n{facts['check_output']}"
    assert facts["check"]["ok"], context
    assert facts["check_exit"] == 0 and "consistent" in facts["check_output"], context
    assert not any(o["status"] == "failed" for o in facts["rerun"]), facts["rerun"]
    expected = facts["expected_ids"]
    assert len(expected) == len(set(expected)) > 0
    for name in ("sqlite_ids", "fts_ids", "chroma_ids", "chroma_queried_ids"):
        ids = facts[name]
        assert len(ids) == len(set(ids)), f"{label}: duplicates in {name}"
        assert set(ids) == set(expected), f"{label}: {name} differs from a clean ingest"
    assert set(facts["sentence_passage_ids"]) == set(expected), label
    assert facts["sentence_rows"] == facts["expected_sentence_rows"], label
    assert facts["fts_rows"] == len(expected), label
    assert set(facts["files"].values()) == {"done"}, facts["files"]
    for store in ("sqlite_ids", "fts_ids", "chroma_ids", "sentence_passage_ids"):
        assert not gone & set(facts[store]), f"{label}: old passages left in {store}"


@pytest.fixture(scope="module")
def driver_process() -> Iterator[Driver]:
    driver_ = Driver()
    try:
        yield driver_
    finally:
        driver_.close()


@pytest.fixture
def d(driver_process: Driver, tmp_path: Path) -> Driver:
    return driver_process.use(tmp_path)


# Deterministic faults: the process kills itself at these moments of a write. Each runs with
# the two changed files written together (one group) and one by one ("group": 1).
FAULTS = [
    # between the SQLite transaction and the first Chroma write (the crucial gap)
    {"target": "VectorIndex.upsert", "call": 1, "when": "before"},
    {"target": "VectorIndex.upsert", "call": 2, "when": "before", "group": 1},
    # stale vectors not yet deleted
    {"target": "VectorIndex.delete", "call": 1, "when": "before"},
    # vectors embedded and kept in SQLite, the passages not yet written
    {"target": "Store.cache_passage_vectors", "call": 1, "when": "after"},
    # Chroma written, the file not yet marked done
    {"target": "Store.mark_file:done", "call": 1, "when": "before"},
    {"target": "VectorIndex.upsert", "call": 1, "when": "after"},
    # inside a SQLite write transaction, before COMMIT (the embedding cache, then the rows)
    {"target": "Store.transaction", "call": 1},
    {"target": "Store.transaction", "call": 2},
]


def test_sigkill_during_ingest_never_leaves_the_stores_apart(d: Driver) -> None:
    rng = random.Random(SEED)
    versions = dict.fromkeys(FILES[:3], 1)
    for name, version in versions.items():
        write_version(d.corpus, name, version)
    first = d.ingest()
    assert first["exit"] == 0 and not first["killed"], d.log_tail()
    baseline = d.verify([])
    assert_whole(baseline, set(), "first ingest")
    full_run = first["seconds"]
    current = set(baseline["expected_ids"])
    kills = 0

    def change(names: list[str]) -> list[str]:
        """New versions of some files (a new file counts too); the old markers to look for."""
        old_markers = []
        for name in names:
            if name in versions:
                old_markers.append(f"mark{name}v{versions[name]}")
            versions[name] = versions.get(name, 0) + 1
            write_version(d.corpus, name, versions[name])
        return old_markers

    def after_crash(old_markers: list[str], label: str) -> None:
        nonlocal current
        facts = d.verify(old_markers)
        gone = current - set(facts["expected_ids"])
        assert_whole(facts, gone, label)
        assert all(facts["markers"][m] == 0 for m in old_markers), (label, facts["markers"])
        current = set(facts["expected_ids"])

    # 1. Faults at chosen moments, each while two files change.
    runs = [(f, g) for f in FAULTS for g in ([f["group"]] if "group" in f else [512, 1])]
    for n, (fault, group) in enumerate(runs):
        old = change([FILES[n % 3], FILES[(n + 1) % 3]])
        reply = d.ingest(fault=fault, group=group)
        assert reply["killed"], f"{fault} did not fire: {reply}\n{d.log_tail()}"
        kills += 1
        after_crash(old, f"fault {fault}")

    # 2. Kills at random moments, in pairs: the second lands on an ingest that is itself
    # recovering from the first crash (and sees more files changed), then one clean re-run.
    rounds = 0
    while kills < 20 and rounds < 12:
        rounds += 1
        old = []
        for _ in range(2):
            old += change(rng.sample(FILES, 2))
            group = rng.choice([1, 512])
            kills += d.ingest(kill_after=rng.uniform(0.0, full_run), group=group)["killed"]
        after_crash(old, f"random kills, round {rounds}")

    timeline = "\n".join(map(str, d.replies))
    assert kills >= 20, f"only {kills} kills landed (full run {full_run:.2f} s):\n{timeline}"
    print(f"seed {SEED}: {kills} kills, full run {full_run:.2f} s\n{timeline}")


def test_sigkill_of_the_kb_ingest_command_while_a_file_is_pending(d: Driver) -> None:
    """The console script itself, killed while a changed file is half written."""
    for name in FILES[:3]:
        write_version(d.corpus, name, 1)
    assert d.ingest()["exit"] == 0, d.log_tail()
    before = d.verify([])
    assert_whole(before, set(), "first ingest")
    for name in FILES[:3]:
        write_version(d.corpus, name, 2)

    kb = Path(sys.executable).with_name("kb")
    command = [str(kb)] if kb.exists() else [sys.executable, "-m", "api.cli"]
    env = {**os.environ, "KB_HOME": str(d.home), "KB_EMBED_MODEL": "fake"}
    env.pop("KB_CHROMA_URL", None)
    process = subprocess.Popen(
        [*command, "ingest", "--quiet", str(d.corpus)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = sqlite3.connect(d.home / "kb.sqlite3", timeout=30)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            pending = db.execute("SELECT COUNT(*) FROM files WHERE status = 'pending'").fetchone()
            if pending[0]:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        db.close()
        if process.poll() is None:
            process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    facts = d.verify(["markalphav1", "markbravov1", "markcharliev1"])
    assert_whole(facts, set(before["expected_ids"]) - set(facts["expected_ids"]), "kb ingest")
    assert not any(facts["markers"].values()), facts["markers"]


def test_sigkill_during_kb_remove_is_repaired_by_kb_check_repair(d: Driver) -> None:
    """`kb remove` deletes the SQLite rows first: killed before Chroma, `kb check` says so and
    `kb check --repair` removes the vectors left behind."""
    for name in FILES[:3]:
        write_version(d.corpus, name, 1)
    assert d.ingest()["exit"] == 0, d.log_tail()
    before = d.verify([])
    victim = d.corpus / "bravo.md"
    reply = d.ingest(
        fault={"target": "VectorIndex.delete", "call": 1, "when": "before"},
        argv=["remove", str(victim)],
    )
    assert reply["killed"], d.log_tail()
    victim.unlink()
    facts = d.verify(["markbravov1"], rerun=False, repair=True)
    assert "in Chroma only: " in facts["before_repair"], facts["before_repair"]
    assert "INCONSISTENT" in facts["before_repair"]
    assert_whole(facts, set(before["expected_ids"]) - set(facts["expected_ids"]), "kb remove")
    assert facts["markers"]["markbravov1"] == 0


def test_kb_check_repair_after_a_crash_between_sqlite_and_chroma(d: Driver) -> None:
    """Killed after the SQLite rows of a changed file were replaced and before Chroma was
    written; then `kb check --repair` with no ingest in between mends everything (it redoes the
    file left pending), and a later ingest finds nothing to do."""
    for name in FILES[:2]:
        write_version(d.corpus, name, 1)
    assert d.ingest()["exit"] == 0, d.log_tail()
    before = d.verify([])
    write_version(d.corpus, "alpha", 2)
    reply = d.ingest(fault={"target": "VectorIndex.upsert", "call": 1, "when": "before"})
    assert reply["killed"], d.log_tail()
    facts = d.verify(["markalphav1"], rerun=False, repair=True)
    pending = str((d.corpus / "alpha.md").resolve())
    assert "INCONSISTENT" in facts["before_repair"]
    assert f"files left pending: 1 ({pending})" in facts["before_repair"]
    assert_whole(facts, set(before["expected_ids"]) - set(facts["expected_ids"]), "repair")
    assert facts["markers"]["markalphav1"] == 0
    again = d.verify(["markalphav1"])
    assert {o["status"] for o in again["rerun"]} == {"unchanged"}, again["rerun"]
    assert_whole(again, set(), "ingest after the repair")


if __name__ == "__main__":
    raise SystemExit(driver())
