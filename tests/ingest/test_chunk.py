from ingest.chunk import Chunker, tiktoken_count
from ingest.structure import lay_out
from ingest.types import Page
from kb.search.blocks import is_heading

TEXT = """Findings

Social workers know their children well. Visits are regular and purposeful.

The issues identified included:-
- Plans lack contingency.
- Pathway plans varied in quality.

What needs to improve

- The quality of supervision.
"""


def test_blocks_keep_headings_paragraphs_and_bullets() -> None:
    laid = lay_out([Page(1, TEXT)])
    kinds = [b.kind for b in laid.blocks]
    assert kinds == ["heading", "paragraph", "paragraph", "bullet", "bullet", "heading", "bullet"]
    for block, (start, end) in zip(laid.blocks, laid.spans, strict=True):
        assert laid.text[start:end] == block.text


def test_heading_rules() -> None:
    assert is_heading("Areas for improvement")
    assert is_heading("3. Background")
    assert not is_heading("Plans are reviewed regularly.")
    assert not is_heading("The issues identified included:-")
    assert not is_heading("- a bullet")


def test_passages_never_cross_headings_and_carry_them() -> None:
    laid = lay_out([Page(1, TEXT)])
    spans = Chunker(200, fits=lambda t: True).spans(laid)
    assert [s.heading for s in spans] == ["Findings", "What needs to improve"]
    assert laid.text[spans[1].start : spans[1].end] == "- The quality of supervision."


def test_budget_splits_and_lead_in_stays_with_its_list() -> None:
    laid = lay_out([Page(1, TEXT)])
    spans = Chunker(20, fits=lambda t: True).spans(laid)
    texts = [laid.text[s.start : s.end] for s in spans]
    assert any(t.startswith("The issues identified included:-\n\n- Plans") for t in texts)
    assert all(tiktoken_count(t) <= 20 for t in texts)


def test_passage_over_the_model_window_is_split_never_truncated() -> None:
    long = " ".join(f"Sentence number {i} says something about care leavers." for i in range(60))
    laid = lay_out([Page(1, long)])
    window = 40
    spans = Chunker(10_000, fits=lambda t: tiktoken_count(t) <= window).spans(laid)
    assert len(spans) > 1
    covered = "".join(laid.text[s.start : s.end] for s in spans).replace(" ", "")
    assert covered == laid.text.replace(" ", "")  # every character is in some passage
    assert all(tiktoken_count(laid.text[s.start : s.end]) <= window for s in spans)


def test_paragraph_running_over_a_page_break_is_one_block_with_both_pages() -> None:
    laid = lay_out([Page(1, "Intro\n\nPlans are reviewed but"), Page(2, "progress is unclear.")])
    assert laid.blocks[-1].text == "Plans are reviewed but progress is unclear."
    assert laid.page_at(laid.text.index("progress")) == 2
    assert laid.page_at(laid.text.index("Plans")) == 1


def test_heading_path_keeps_the_topic_above_a_label() -> None:
    text = """Early help children

Positives

- Audits rate most practice as good.

Areas needing focus

- High caseloads limit intensive work.

What needs to improve in this area of practice

- The quality of plans.

Findings

- Leaders know their services well.
"""
    laid = lay_out([Page(1, text)])
    headings = [s.heading for s in Chunker(200, fits=lambda t: True).spans(laid)]
    assert headings == [
        "Early help children > Positives",
        "Early help children > Areas needing focus",
        "What needs to improve in this area of practice",
        "Findings",
    ]
