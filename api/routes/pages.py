"""HTML pages: the chat-style question page, the search permalink page with facets, and the
source viewer. Every page has a JSON twin (`.json`, or `Accept: application/json`).

Templates receive plain values, never markup: highlighted text arrives as (text, marked)
pieces and the template wraps the marked ones in <mark>, so autoescaping covers every
character of document and user text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import KB, AppSettings, SearchFilters, get_question
from api.errors import INVALID, declared, wants_json
from api.exports import export_links, link_base
from api.metadata_view import metadata_fields
from api.present import Roots, document_detail, document_dict, hit_dict
from api.routes.search import Previous
from ingest.extract import SUPPORTED_SUFFIXES
from kb.reports.evidence import item_key
from kb.search.answer import NOTHING_ANSWERS, Answer
from kb.search.filters import Filters
from kb.search.followup import resolve_followup
from kb.search.records import Document, Hit, Passage, answering_page, human_date, pages_label
from kb.settings import Settings
from kb.vocab.kinds import DOC_TYPE_LABELS, STANCE_LABELS
from kb.vocab.themes import THEME_BY_ID

router = APIRouter(tags=["pages"], responses=INVALID)

K = Annotated[int, Query(ge=1, le=20, description="how many passages to cite")]
MaybeQ = Annotated[str | None, Query(description="the question; empty lists documents")]
_BLOCK = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # a run of text without a blank line
MAX_MARKS = 20  # a passage has a handful of sentences; more spans than this is not a citation
COUNCIL_COLOURS = 8  # chip colours in style.css: .chip--c0 ... .chip--c7

EXAMPLES = (
    "What did Ofsted say about contingency planning?",
    "How stable is the social work workforce?",
    "What did inspectors say about personal advisers in Middlesbrough?",
    "How well are care leavers helped into education, employment or training?",
)

# Filters field -> the query parameter that sets it, for links and "no passages match" text.
PARAM_OF = {
    "councils": "council",
    "doc_types": "doc_type",
    "visit_types": "visit_type",
    "committees": "committee",
    "themes": "theme",
    "stance": "stance",
    "since": "since",
    "until": "until",
}
FACETS = (  # (facet name in kb.facets, query parameter, heading, one value at a time?)
    ("council", "council", "Council", False),
    ("doc_type", "doc_type", "Document type", False),
    ("year", "year", "Year", True),
    ("visit_type", "visit_type", "Ofsted visit type", False),
    ("committee", "committee", "Committee", False),
    ("themes", "theme", "Theme", False),
    ("stance", "stance", "Stance", True),
)


# --- labels and small formatting -----------------------------------------------------------


def labels() -> dict[str, Any]:
    """The display names the page script needs; one source of truth with the templates."""
    return {
        "doc_types": DOC_TYPE_LABELS,
        "stances": STANCE_LABELS,
        "colours": COUNCIL_COLOURS,
    }


def council_colour(council: str | None) -> int:
    """A stable chip colour per council; app.js computes the same sum of code points."""
    return sum(map(ord, council or "")) % COUNCIL_COLOURS


def nice_date(value: str | None) -> str:
    """2018-05-09 -> 9 May 2018; anything that is not an ISO date is shown as it is."""
    return human_date(value) or ""


def doc_type_label(doc_type: str | None) -> str:
    return DOC_TYPE_LABELS.get(doc_type or "", doc_type or "")


def visit_label(
    visit_type: str | None, number: int | None, start: str | None, end: str | None
) -> str:
    """ "Monitoring visit 6, 1 November 2022 to 2 November 2022"."""
    if not visit_type:
        return ""
    text = visit_type[:1].upper() + visit_type[1:]
    if number:
        text += f" {number}"
    if start and end and start != end:
        text += f", {nice_date(start)} to {nice_date(end)}"
    elif start:
        text += f", {nice_date(start)}"
    return text


def theme_label(theme_id: str) -> str:
    theme = THEME_BY_ID.get(theme_id)
    return theme.label if theme else theme_id.replace("_", " ")


def marked_pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut text into (piece, marked) runs; overlapping or out-of-range spans are tidied."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def mark_param(spans: list[tuple[int, int]]) -> str:
    return ",".join(f"{s}-{e}" for s, e in spans[:MAX_MARKS])


def parse_marks(value: str | None, length: int) -> list[tuple[int, int]]:
    """`12-80,95-140` -> spans within a passage of `length`; anything malformed is ignored."""
    spans: list[tuple[int, int]] = []
    for part in (value or "").split(",")[:MAX_MARKS]:
        match = re.fullmatch(r"\s*(\d{1,7})-(\d{1,7})\s*", part)
        if match:
            start, end = int(match[1]), min(int(match[2]), length)
            if start < end:
                spans.append((start, end))
    return spans


def file_url(document_id: str, source: str, page: int | None) -> str:
    """The original file; a PDF opens at the cited page."""
    url = f"/documents/{document_id}/file"
    if page and source.lower().endswith(".pdf"):
        url += f"#page={page}"
    return url


def passage_link(hit_id: str, marked: list[tuple[int, int]]) -> str:
    query = f"?{urlencode({'mark': mark_param(marked)})}" if marked else ""
    return f"/passages/{hit_id}{query}"


# --- answers -------------------------------------------------------------------------------


def citation_view(hit: Hit, n: int) -> dict[str, Any]:
    """Everything a citation card shows, as plain values."""
    visit = visit_label(hit.visit_type, hit.visit_number, hit.visit_start, hit.visit_end)
    cite = [hit.council or "Unknown council", hit.title, doc_type_label(hit.doc_type)]
    cite += [nice_date(hit.date)] if hit.date else []
    cite += [hit.pages] if hit.page else []
    cite += [visit] if visit else []
    return {
        "n": n,
        "id": hit.id,
        "council": hit.council or "Unknown council",
        "colour": council_colour(hit.council),
        "title": hit.title,
        "doc_type": doc_type_label(hit.doc_type),
        "date": nice_date(hit.date),
        "page": hit.page,
        "pages": hit.pages,
        "heading": hit.heading,
        "visit": visit,
        "stance": hit.stance,
        "stance_label": STANCE_LABELS.get(hit.stance, hit.stance),
        "pieces": marked_pieces(hit.text, hit.marked),
        "link": passage_link(hit.id, hit.marked),
        "basket": item_key(hit.id, hit.marked),
        "file": file_url(hit.document_id, hit.source, hit.answer_page),
        "opens_at": hit.answer_page,
        "is_pdf": hit.source.lower().endswith(".pdf"),
        "cite": " · ".join(cite),
    }


def council_groups(answer: Answer) -> list[dict[str, Any]]:
    """Answer groups (one per document, councils together) nested under their council."""
    cards = {n: citation_view(h, n) for n, h in enumerate(answer.citations, 1)}
    out: list[dict[str, Any]] = []
    for group in answer.groups:
        if not out or out[-1]["council"] != group.council:
            colour = council_colour(group.council)
            out.append({"council": group.council, "colour": colour, "documents": []})
        out[-1]["documents"].append(
            {
                "id": group.document_id,
                "title": group.title,
                "doc_type": doc_type_label(group.doc_type),
                "date": nice_date(group.date),
                "visit": cards[group.citations[0]]["visit"],
                "citations": [cards[n] for n in group.citations],
            }
        )
    return out


def filter_terms(filters: Filters) -> list[str]:
    """Filters as the URL would write them: council=Kent, year=2019."""
    data = filters.as_dict()
    since, until = data.pop("since", None), data.pop("until", None)
    data.pop("document_id", None)
    terms = [
        f"{PARAM_OF.get(k, k)}={','.join(v) if isinstance(v, list) else v}" for k, v in data.items()
    ]
    if whole_year(filters):
        terms.append(f"year={whole_year(filters)}")
    else:
        terms += [f"since={since}"] if since else []
        terms += [f"until={until}"] if until else []
    return terms


EMPTY_HINT = (
    "Nothing from outside these filters is shown instead. Remove a filter, or name another "
    "council, to search more widely."
)


def quote_text(text: str) -> str:
    """A quoted sentence without the list bullet it was cut from."""
    return re.sub(r"^[\s\-–•·*▪●◦]+", "", text)


def empty_message(filters: Filters) -> str:
    """What to say when nothing is cited; with filters, say that they matched nothing rather
    than show anything unfiltered."""
    if filters.is_empty():
        return "No passage in the knowledge base answers this."
    return f"No passages match {', '.join(filter_terms(filters))}."


def applied_notes(answer: Answer, asked: str) -> list[dict[str, str]]:
    """What the search did beyond the words typed: follow-up reading, filters, expansions."""
    notes: list[dict[str, str]] = []
    if answer.question != asked:
        notes.append({"kind": "followup", "label": "Read as", "value": answer.question})
    applied = answer.search.applied
    for council in applied.get("councils", []):
        notes.append({"kind": "applied", "label": "Council named in question", "value": council})
    for year in applied.get("year_boost", []):
        notes.append({"kind": "applied", "label": "Favouring documents from", "value": str(year)})
    if dates := applied.get("dates"):
        notes.append({"kind": "applied", "label": "Dates from the question", "value": _span(dates)})
    if latest := applied.get("newest_first"):
        value = f"“{latest['said']}”: the newest document only"
        notes.append({"kind": "applied", "label": "Newest first", "value": value})
    meant = {t["term"]: t["means"] for t in answer.search.glossary if t["by"] == "meaning"}
    for term, alternatives in answer.search.expansions.items():
        if term in meant:
            value = f"{term} ({meant[term]})"
            notes.append({"kind": "expansion", "label": "Also searching", "value": value})
        elif alternatives:
            value = f"{term} → {', '.join(alternatives)}"
            notes.append({"kind": "expansion", "label": "Also searched", "value": value})
    return notes


def _span(dates: dict[str, str | None]) -> str:
    since, until = dates.get("since"), dates.get("until")
    if since and until:
        return f"{since} to {until}"
    return f"from {since}" if since else f"up to {until}"


def answer_data(answer: Answer, asked: str, roots: Roots) -> dict[str, Any]:
    """The JSON twin of an answer: what /api/ask returns, plus the question as typed."""
    data = answer.to_dict()
    data["citations"] = [hit_dict(h, n, roots) for n, h in enumerate(answer.citations, 1)]
    data["asked"] = asked
    return data


# --- facets and links ----------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str
    description: str = ""
    colour: int | None = None  # council chip colour


@dataclass
class FacetGroup:
    param: str
    title: str
    values: list[FacetValue] = field(default_factory=list)


MULTI_PARAMS = ("council", "doc_type", "visit_type", "theme")


def url_items(request: Request) -> list[tuple[str, str]]:
    """The query as (name, value) pairs, `council=A,B` split like `council=A&council=B` so a
    facet link can switch one value off."""
    items: list[tuple[str, str]] = []
    for name, value in request.query_params.multi_items():
        if name == "api_key":  # never written into a page (links, hidden fields, permalink)
            continue
        parts = value.split(",") if name in MULTI_PARAMS else [value]
        items += [(name, part.strip()) for part in parts if part.strip()]
    return items


def url_with(path: str, items: list[tuple[str, str]], param: str, value: str, single: bool) -> str:
    """The current URL with one filter value switched on or off (or replaced, for single)."""
    current = [v for k, v in items if k == param]
    drop = {param} | ({"since", "until"} if param == "year" else set())
    kept = [(k, v) for k, v in items if k not in drop]
    if value in current:
        values = [] if single else [v for v in current if v != value]
    else:
        values = [value] if single else [*current, value]
    return _url(path, kept + [(param, v) for v in values])


def whole_year(filters: Filters) -> str | None:
    """The year when since/until cover exactly one calendar year (what `year=` sets)."""
    since, until = filters.since or "", filters.until or ""
    if since[5:] == "01-01" and until[5:] == "12-31" and since[:4] == until[:4]:
        return since[:4]
    return None


def active_values(filters: Filters) -> dict[str, set[str]]:
    year = whole_year(filters)
    return {
        "council": set(filters.councils),
        "doc_type": set(filters.doc_types),
        "visit_type": set(filters.visit_types),
        "committee": set(filters.committees),
        "theme": set(filters.themes),
        "year": {year} if year else set(),
        "stance": {filters.stance} if filters.stance else set(),
    }


def facet_groups(
    counts: dict[str, dict[str, int]], filters: Filters, path: str, items: list[tuple[str, str]]
) -> list[FacetGroup]:
    active = active_values(filters)
    groups: list[FacetGroup] = []
    for name, param, title, single in FACETS:
        values = dict(counts.get(name, {}))
        for chosen in active[param]:
            values.setdefault(chosen, 0)  # a filter matching nothing still shows, to undo
        group = FacetGroup(param, title)
        for value, count in _facet_order(param, values):
            group.values.append(
                FacetValue(
                    value,
                    _facet_label(param, value),
                    count,
                    value in active[param],
                    url_with(path, items, param, value, single),
                    _facet_description(param, value),
                    council_colour(value) if param == "council" else None,
                )
            )
        if group.values:
            groups.append(group)
    return groups


def _facet_order(param: str, values: dict[str, int]) -> list[tuple[str, int]]:
    if param == "year":
        return sorted(values.items(), reverse=True)
    return sorted(values.items(), key=lambda kv: (-kv[1], _facet_label(param, kv[0])))


def _facet_description(param: str, value: str) -> str:
    theme = THEME_BY_ID.get(value) if param == "theme" else None
    return theme.description if theme else ""


def _facet_label(param: str, value: str) -> str:
    if param == "doc_type":
        return doc_type_label(value)
    if param == "theme":
        return theme_label(value)
    if param == "stance":
        return STANCE_LABELS.get(value, value)
    if param == "visit_type":
        return value[:1].upper() + value[1:]
    return value


def filter_chips(filters: Filters, path: str, items: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The filters in the URL, each with a link that removes it."""
    titles = {param: (title, single) for _, param, title, single in FACETS}
    active = active_values(filters)
    chips: list[dict[str, str]] = []
    for param, values in active.items():
        title, single = titles[param]
        for value in sorted(values):
            chips.append(
                {
                    "label": f"{title}: {_facet_label(param, value)}",
                    "url": url_with(path, items, param, value, single),
                }
            )
    for param in ("since", "until"):
        value = getattr(filters, param)
        if value and not active["year"]:
            kept = [(k, v) for k, v in items if k != param]
            chips.append({"label": f"{param.title()}: {nice_date(value)}", "url": _url(path, kept)})
    return chips


def _url(path: str, items: list[tuple[str, str]]) -> str:
    query = urlencode(items)
    return f"{path}?{query}" if query else path


# --- the search page -----------------------------------------------------------------------


@dataclass
class SearchPage:
    asked: str | None
    answer: Answer | None
    documents: list[Document]
    facets: dict[str, dict[str, int]]
    filters: Filters
    roots: Roots = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"filters": self.filters.as_dict(), "facets": self.facets}
        if self.answer is not None and self.asked is not None:
            data.update(answer_data(self.answer, self.asked, self.roots))
        else:
            data["documents"] = [document_dict(d, self.roots) for d in self.documents]
        return data


def run_search(
    kb: KB,
    settings: AppSettings,
    filters: SearchFilters,
    prev: Previous,
    q: MaybeQ = None,
    k: K = 8,
) -> SearchPage:
    """What a search URL asks for: an answer, or without a question the documents (a
    dependency of the search page and of its JSON)."""
    facets = kb.facets(filters)
    if q is None or not q.strip():
        return SearchPage(None, None, kb.documents(filters), facets, filters, kb.roots())
    asked = get_question(settings, q)
    answer = kb.ask(resolve_followup(asked, prev), filters, k)
    return SearchPage(asked, answer, [], facets, filters, kb.roots())


Searched = Annotated[SearchPage, Depends(run_search)]


def search_context(page: SearchPage, request: Request, settings: Settings) -> dict[str, Any]:
    items = url_items(request)
    path = request.url.path.removesuffix(".json")
    context: dict[str, Any] = {
        "q": page.asked or "",
        "max_query_chars": settings.max_query_chars,
        "facet_groups": facet_groups(page.facets, page.filters, path, items),
        "chips": filter_chips(page.filters, path, items),
        "hidden": [(k, v) for k, v in items if k not in ("q", "prev")],
        "documents": [document_view(d) for d in page.documents],
        "filter_terms": filter_terms(page.filters),
        "theme_notes": [THEME_BY_ID[t] for t in page.filters.themes if t in THEME_BY_ID],
    }
    if page.answer is not None and page.asked is not None:
        answer = page.answer
        link = link_base(request)
        asked = [("q", answer.question), *context["hidden"]]
        context.update(
            exports=export_links("/api/ask/export", asked),
            permalink=link.absolute(str(request.url.path) + "?" + request.url.query),
            permalink_local=link.local,
            answer=answer,
            resolved=answer.question,
            groups=council_groups(answer),
            notes=applied_notes(answer, page.asked),
            empty=empty_message(answer.search.filters) if not answer.citations else "",
            nothing=NOTHING_ANSWERS if answer.citations and not answer.search.found else "",
            empty_hint=EMPTY_HINT if not answer.search.filters.is_empty() else "",
        )
    return context


@router.get("/search.json", summary="The search page as JSON")
def search_json(page: Searched) -> dict[str, Any]:
    return page.to_json()


@router.get("/search", include_in_schema=False)
def search_page(request: Request, settings: AppSettings, page: Searched) -> Response:
    if wants_json(request):
        return JSONResponse(page.to_json())
    title = page.asked or "Search and browse"
    context = {"title": title, "nav": "search", **search_context(page, request, settings)}
    return render(request, "search.html", context)


MAX_TURNS = 20  # questions of a conversation kept in its URL (app.js keeps the same)


def thread_turns(thread: list[str], max_chars: int) -> list[dict[str, str]]:
    """A conversation's questions, each with the permalink of its answer: the page's
    fallback when its script cannot restore the answers themselves."""
    turns: list[dict[str, str]] = []
    previous: str | None = None
    for raw in thread[-MAX_TURNS:]:
        asked = " ".join(raw.split())[:max_chars]
        if not asked:
            continue
        query = {"q": asked, **({"prev": previous} if previous else {})}
        turns.append({"asked": asked, "url": f"/search?{urlencode(query)}"})
        previous = resolve_followup(asked, previous)
    return turns


@router.get("/", include_in_schema=False)
def index(
    request: Request,
    settings: AppSettings,
    thread: Annotated[list[str] | None, Query(description="a conversation's questions")] = None,
) -> Response:
    """The question page. A question in the URL goes to its permalink; a conversation in the
    URL (`thread=` per question) is shown again."""
    if request.query_params.get("q"):
        return RedirectResponse(f"/search?{request.url.query}", status_code=303)
    base = link_base(request)
    context = {
        "title": "Ask",
        "nav": "ask",
        "examples": [(e, f"/search?{urlencode({'q': e})}") for e in EXAMPLES],
        "max_upload_mb": settings.max_upload_mb,
        "max_query_chars": settings.max_query_chars,
        "accept": ",".join(sorted(SUPPORTED_SUFFIXES)),
        "accept_names": "PDF, Word, HTML or text",
        "thread": thread_turns(thread or [], settings.max_query_chars),
        "share_base": base.url,
        "share_local": base.local,
    }
    return render(request, "index.html", context)


# --- the source viewer ---------------------------------------------------------------------


@dataclass
class Piece:
    text: str = ""
    marked: bool = False
    page: int | None = None  # a page marker inside a block


@dataclass
class Block:
    kind: str  # heading | paragraph | bullet
    pieces: list[Piece]
    page: int | None = None  # a page marker before the block


@dataclass
class Segment:
    """A stretch of the document: one passage (with its id) or text between passages."""

    passage: Passage | None
    blocks: list[Block]
    target: bool = False


def document_view(document: Document) -> dict[str, Any]:
    visit = visit_label(
        document.visit_type, document.visit_number, document.visit_start, document.visit_end
    )
    return {
        "id": document.id,
        "url": f"/documents/{document.id}",
        "title": document.title,
        "council": document.council or "Unknown council",
        "colour": council_colour(document.council),
        "doc_type": doc_type_label(document.doc_type),
        "date": nice_date(document.date),
        "committee": document.committee,
        "meeting_date": nice_date(document.meeting_date),
        "published": nice_date(document.published),
        "visit": visit,
        "inspectors": document.inspectors,
        "grades": [
            (k[:1].upper() + k[1:], v[:1].upper() + v[1:]) for k, v in document.grades.items()
        ],
        "file_name": Path(document.source).name,
        "file_format": document.file_format,
        "file": f"/documents/{document.id}/file",
    }


def segments(
    document: Document, passages: list[Passage], target: str | None, marks: list[tuple[int, int]]
) -> list[Segment]:
    """The document text cut at passage boundaries, each piece laid out as blocks."""
    text = document.text
    pages = _page_starts(text, document.page_offsets)
    out: list[Segment] = []
    cursor = 0
    for passage in sorted(passages, key=lambda p: p.start):
        start, end = max(passage.start, cursor), min(passage.end, len(text))
        if end <= start:
            continue
        if text[cursor:start].strip():
            out.append(Segment(None, blocks_of(text, cursor, start, pages, [])))
        is_target = passage.id == target
        spans = [(passage.start + s, passage.start + e) for s, e in marks] if is_target else []
        out.append(Segment(passage, blocks_of(text, start, end, pages, spans), is_target))
        cursor = end
    if text[cursor:].strip():
        out.append(Segment(None, blocks_of(text, cursor, len(text), pages, [])))
    return out


def _page_starts(text: str, page_offsets: list[tuple[int, int]]) -> dict[int, int]:
    """offset -> page number, each moved to the first visible character at or after it."""
    starts: dict[int, int] = {}
    for page, offset in page_offsets:
        while offset < len(text) and text[offset].isspace():
            offset += 1
        starts.setdefault(offset, page)
    return starts


def blocks_of(
    text: str, start: int, end: int, pages: dict[int, int], marks: list[tuple[int, int]]
) -> list[Block]:
    """Blank-line separated blocks of text[start:end]: headings, bullets and paragraphs."""
    blocks: list[Block] = []
    for match in _BLOCK.finditer(text, start, end):
        raw = match.group(0)
        if not raw.strip():
            continue
        b_start = match.start() + len(raw) - len(raw.lstrip())
        b_end = match.start() + len(raw.rstrip())
        kind, shown = _block_kind(text, b_start, b_end)
        cuts = {o: p for o, p in pages.items() if shown < o < b_end}
        blocks.append(Block(kind, _pieces(text, shown, b_end, cuts, marks), pages.get(b_start)))
    return blocks


def _block_kind(text: str, start: int, end: int) -> tuple[str, int]:
    """The kind of block and where its shown text starts (a bullet drops its "- ")."""
    block = text[start:end]
    bullet = re.match(r"[-•·*]\s+", block)
    if bullet:
        return "bullet", start + bullet.end()
    if "\n" not in block and _looks_like_heading(block):
        return "heading", start
    return "paragraph", start


def _looks_like_heading(line: str) -> bool:
    """Short unpunctuated title lines, as ingestion lays them out (ingest/structure.py)."""
    words = line.split()
    return (
        0 < len(words) <= 14
        and len(line) <= 120
        and not re.search(r"[.;,!?…:\-]['\"’”)]*$", line)
        and not words[0][0].islower()
    )


def _pieces(
    text: str, start: int, end: int, pages: dict[int, int], marks: list[tuple[int, int]]
) -> list[Piece]:
    """Runs of the block's text, marked or not, with page markers where pages begin."""
    local = [
        (max(s, start) - start, min(e, end) - start) for s, e in marks if s < end and e > start
    ]
    cuts = sorted(o - start for o in pages)
    pieces: list[Piece] = []
    previous = 0
    for cut in [*cuts, end - start]:
        chunk = text[start + previous : start + cut]
        shifted = [(s - previous, e - previous) for s, e in local]
        pieces += [Piece(t, m) for t, m in marked_pieces(chunk, shifted)]
        if cut < end - start:
            pieces.append(Piece(page=pages[start + cut]))
        previous = cut
    return pieces


def _document_or_404(kb: KB, document_id: str) -> Document:
    document = kb.document(document_id)
    if document is None:
        raise HTTPException(404, f"no document {document_id!r}")
    return document


@router.get(
    "/documents/{document_id}.json",
    summary="A document, its text and passages",
    responses={404: declared("no such document")},
)
def document_json(kb: KB, document_id: str) -> dict[str, Any]:
    document = _document_or_404(kb, document_id)
    return document_detail(document, kb.passages_of(document_id), kb.roots())


@router.get("/documents/{document_id}", include_in_schema=False)
def document_page(
    request: Request,
    kb: KB,
    document_id: str,
    passage: Annotated[str | None, Query(max_length=64)] = None,
    mark: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    document = _document_or_404(kb, document_id)
    if wants_json(request):
        return JSONResponse(document_detail(document, kb.passages_of(document_id), kb.roots()))
    return render_document(request, kb, document, passage, mark)


def render_document(
    request: Request,
    kb: KB,
    document: Document,
    passage: str | None = None,
    mark: str | None = None,
    correction: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The source viewer; `correction` carries a refused correction back to its form."""
    passages = kb.passages_of(document.id)
    target = next((p for p in passages if p.id == passage), None)
    marks = parse_marks(mark, len(target.text)) if target else []
    opens_at = answering_page(target.page, target.sentences, marks) if target else None
    view = document_view(document)
    fields = metadata_fields(document, kb.corrections(document.id))
    context = {
        "title": document.title,
        "nav": "search",
        "doc": view,
        "fields": fields,
        "corrected": {f["name"] for f in fields if f["corrected"]},
        "correction": correction or {},
        "just_corrected": request.query_params.get("corrected") == "1",
        "segments": segments(document, passages, target.id if target else None, marks),
        "target": target,
        "target_item": item_key(target.id, marks) if target else "",
        "target_file": file_url(document.id, document.source, opens_at),
        "opens_at": opens_at,
        "target_pages": pages_label(target.page, target.page_end) if target else "",
        "is_pdf": document.source.lower().endswith(".pdf"),
        "themes": {p.id: [theme_label(t) for t in p.themes] for p in passages},
    }
    return render(request, "document.html", context, status)


@router.get("/passages/{passage_id}", include_in_schema=False)
def passage_redirect(
    kb: KB, passage_id: str, mark: Annotated[str | None, Query(max_length=400)] = None
) -> RedirectResponse:
    """A citation's stable address: the passage highlighted in its document."""
    hits = kb.hits([passage_id])
    if passage_id not in hits:
        raise HTTPException(404, f"no passage {passage_id!r}")
    document_id = hits[passage_id].document_id
    params = {"passage": passage_id, **({"mark": mark} if mark else {})}
    url = f"/documents/{document_id}?{urlencode(params)}#p-{passage_id}"
    return RedirectResponse(url, status_code=303)


# --- rendering -----------------------------------------------------------------------------


def templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    env = found.env
    if "nice_date" not in env.filters:  # first use in this app: add the page helpers
        env.filters.update(nice_date=nice_date, quote_text=quote_text)
        env.globals.update(labels=labels())
    return found


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates(request).TemplateResponse(request, name, context, status_code=status)
