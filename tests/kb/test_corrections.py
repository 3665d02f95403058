"""Officers' corrections: kept beside the record, seen by every filter, outliving re-ingest."""

from __future__ import annotations

import pytest

from kb.errors import NotFound
from kb.search.corrections import CorrectionError, checked
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import make_doc
from tests.utils.factories import write_texts as write

SOURCE = "/x/letter.pdf"


def _everywhere(kb: KnowledgeBase, filters: Filters) -> tuple[int, int, int]:
    """Documents found under the filters by SQLite, by the keyword index and by Chroma."""
    return (
        len(kb.documents(filters)),
        *(
            len({h.document_id for h in kb.search("pathway plans", filters, mode=mode).hits})
            for mode in ("keyword", "dense")
        ),
    )


def test_a_correction_reaches_every_filter_and_outlives_reingest_and_reindex(
    fake_kb: KnowledgeBase,
) -> None:
    write(fake_kb, SOURCE, ["Pathway plans are poor."])
    write(fake_kb, "/x/other.pdf", ["Pathway plans are good."], council="Middlesbrough")
    document_id = make_doc(SOURCE, [])[0].id
    corrected = Filters(councils=("Middlesbrough",), since="2024-09-01", until="2024-09-30")

    fixed = fake_kb.correct(document_id, {"date": "2024-09-02", "council": "middlesbrough"})
    assert (fixed.date, fixed.council) == ("2024-09-02", "Middlesbrough")  # canonical name
    assert _everywhere(fake_kb, corrected) == (1, 1, 1)
    assert _everywhere(fake_kb, Filters(councils=("Gateshead",))) == (0, 0, 0)
    assert fake_kb.facets(Filters())["year"] == {"2024": 1}
    shown = {c.field: (c.value, c.read) for c in fake_kb.corrections(document_id)}
    assert shown == {"council": ("Middlesbrough", "Gateshead"), "date": ("2024-09-02", None)}

    write(fake_kb, SOURCE, ["Pathway plans are poor.", "Caseloads are high."], sha="b")
    assert _everywhere(fake_kb, corrected) == (1, 1, 1)  # the re-ingest read Gateshead again
    fake_kb.reindex()
    assert _everywhere(fake_kb, corrected) == (1, 1, 1)
    assert fake_kb.check().ok

    fake_kb.correct(document_id, {"council": "Gateshead"})  # what the file says: no override
    assert [c.field for c in fake_kb.corrections(document_id)] == ["date"]
    write(fake_kb, SOURCE, ["Pathway plans are poor."], sha="c", date="2024-09-02")
    assert fake_kb.corrections(document_id) == []  # the new version says it: nothing to keep
    assert _everywhere(fake_kb, Filters(councils=("Gateshead",))) == (1, 1, 1)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"date": "2 Sept 2024"}, "date", "YYYY-MM-DD"),
        ({"council": "Narnia"}, "council", "not a council"),
        ({"doc_type": "memo"}, "doc_type", "not one of"),
        ({"visit_type": "inspection"}, "visit_type", "not one of"),
        ({"visit_number": "six"}, "visit_number", "whole number"),
        ({"title": ""}, "title", "cannot be empty"),
        ({"source": "/etc/passwd"}, "source", "not a field that can be corrected"),
        ({"visit_start": "2024-09-03", "visit_end": "2024-09-02"}, "visit_end", "before"),
    ],
)
def test_a_value_that_cannot_be_kept_names_its_field(
    changes: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(CorrectionError) as error:
        checked(changes)
    assert error.value.field == field and words in str(error.value)


def test_an_unknown_document_is_not_found(fake_kb: KnowledgeBase) -> None:
    with pytest.raises(NotFound):
        fake_kb.correct("nosuchdocument", {"date": "2024-09-02"})
