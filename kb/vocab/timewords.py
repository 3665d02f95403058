"""Time in words: "since 2019", "before May 2020", "between 2018 and 2020", "in the last two
years" become a date range; "the latest inspection" asks for the newest document only. The
words live in kb/vocab/time.toml."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from kb.vocab.file import VOCAB_DIR, read_vocab

TIME_WORDS = VOCAB_DIR / "time.toml"


@dataclass(frozen=True)
class TimeWords:
    months: dict[str, int]  # every written form -> month number
    month_names: tuple[str, ...]  # "january" ... "december"
    numbers: dict[str, int]
    periods: dict[str, int]  # period word -> months
    words: dict[str, tuple[str, ...]]
    latest_kinds: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TimeRange:
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    latest: tuple[str, ...] | None = None  # doc types the newest-first cut chooses among
    said: str = ""  # the words that set it, for the response's `applied`


@cache
def time_words(path: Path = TIME_WORDS) -> TimeWords:
    data = read_vocab(path)
    months: dict[str, int] = {}
    for number, (name, forms) in enumerate(data["months"].items(), 1):
        months.update({f: number for f in (name, *forms)})
    return TimeWords(
        months,
        tuple(data["months"]),
        dict(data["numbers"]),
        dict(data["periods"]),
        {k: tuple(v) for k, v in data["words"].items()},
        {k: tuple(v) for k, v in data["latest_kinds"].items()},
    )


def _alternation(forms: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    w = time_words()
    month = rf"(?:(?P<{{m}}>{_alternation(list(w.months))})\.?\s+)?(?P<{{y}}>(?:19|20)\d\d)"
    one, first, second = (
        month.format(m="m", y="y"),
        month.format(m="m1", y="y1"),
        month.format(m="m2", y="y2"),
    )
    count = rf"(?P<n>\d{{1,2}}|{_alternation(list(w.numbers))})"

    def words(key: str) -> str:
        return _alternation(w.words[key])

    flags = re.IGNORECASE
    return {
        "between": re.compile(
            rf"\b(?:{words('between')})\s+{first}\s*(?:{words('range_join')})\s*{second}\b", flags
        ),
        "since": re.compile(rf"\b(?:{words('since')})\s+{one}\b", flags),
        "after": re.compile(rf"\b(?:{words('after')})\s+{one}\b", flags),
        "before": re.compile(rf"\b(?:{words('before')})\s+{one}\b", flags),
        "recent": re.compile(
            rf"\b(?:{words('recent')})\s+(?:{count}\s+(?:of\s+)?)?(?P<p>{_alternation(list(w.periods))})\b",
            flags,
        ),
        "latest": re.compile(
            rf"(?<!since )(?<!after )\b(?:the|its|their|[a-z]+['’]s)\s+"
            rf"(?:{words('latest')})\s+(?:[a-z]+\s+){{0,2}}?"
            rf"(?P<kind>{words('documents')})\b",
            flags,
        ),
    }


def _month(found: re.Match[str], key: str) -> int | None:
    word = found.group(key)
    return time_words().months[word.lower()] if word else None


def _start(year: int, month: int | None) -> date:
    return date(year, month or 1, 1)


def _end(year: int, month: int | None) -> date:
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def read_time(text: str, today: date | None = None) -> TimeRange:
    """The date range and newest-first cut a question's words ask for (empty if none)."""
    today = today or date.today()
    p = _patterns()
    since = until = None
    said: list[str] = []
    if found := p["between"].search(text):
        y1, y2 = int(found["y1"]), int(found["y2"])
        m1, m2 = _month(found, "m1"), _month(found, "m2")
        since, until = _start(y1, m1), _end(y2, m2)
        if since > until:  # "from 2020 to 2018"
            since, until = _start(y2, m2), _end(y1, m1)
        said.append(found.group(0))
    else:
        if found := p["since"].search(text):
            since = _start(int(found["y"]), _month(found, "m"))
            said.append(found.group(0))
        elif found := p["after"].search(text):
            # after 2019 -> from 2020; after May 2019 -> from June 2019
            end = _end(int(found["y"]), _month(found, "m"))
            since = date.fromordinal(end.toordinal() + 1)
            said.append(found.group(0))
        elif found := p["recent"].search(text):
            n = (found["n"] or "one").lower()
            count = int(n) if n.isdigit() else time_words().numbers[n]
            since = _months_before(today, count * time_words().periods[found["p"].lower()])
            said.append(found.group(0))
        if found := p["before"].search(text):
            start = _start(int(found["y"]), _month(found, "m"))
            until = date.fromordinal(start.toordinal() - 1)
            if found.group(0).split()[0].lower() in ("until", "till", "up"):
                until = _end(int(found["y"]), _month(found, "m"))  # "until 2020" includes it
            said.append(found.group(0))
    latest = None
    if found := p["latest"].search(text):
        latest = time_words().latest_kinds.get(found["kind"].lower(), ())
        said.append(found.group(0))
    return TimeRange(
        since.isoformat() if since else None,
        until.isoformat() if until else None,
        latest,
        "; ".join(said),
    )
