"""`kb search`, `kb ask` and `kb documents`: passages, cited answers and the document list."""

from __future__ import annotations

import argparse

from api.cli.options import filters_of
from api.cli.output import print_applied, print_hit, print_json
from kb.search.answer import NOTHING_ANSWERS, no_documents
from kb.search.knowledge import KnowledgeBase


def cmd_search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    result = kb.search(args.query, filters_of(args), args.k, args.mode)
    if args.json:
        print_json(result.to_dict())
        return 0
    print_applied(result.to_dict())
    if not result.hits and result.empty_councils:
        print(no_documents(result.empty_councils))
    elif not result.hits:
        in_force = result.filters.as_dict()
        print(f"No passages match (filters: {in_force})." if in_force else "No passages match.")
    elif not result.found:
        print(f"{NOTHING_ANSWERS} The closest passages follow; they are not an answer.")
    for n, hit in enumerate(result.hits, 1):
        print_hit(n, hit)
    return 0


def cmd_ask(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    answer = kb.ask(args.question, filters_of(args), args.k)
    if args.json:
        print_json(answer.to_dict())
        return 0
    print_applied(answer.to_dict())
    print(f"\n{answer.text}\n")
    if answer.citations and not answer.search.found:
        print("Closest passages (not an answer):\n")
    for group in answer.groups:
        print(f"== {group.council}: {group.title} ({group.date or 'undated'})")
        for n in group.citations:
            print_hit(n, answer.citations[n - 1])
        print()
    return 0


def cmd_documents(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    docs = kb.documents(filters_of(args))
    if args.json:
        print_json(
            {"documents": [{k: v for k, v in d.to_dict().items() if k != "text"} for d in docs]}
        )
        return 0
    for d in docs:
        visit = f" {d.visit_type} {d.visit_number or ''}".rstrip() if d.visit_type else ""
        print(f"{d.council or '?':15} {d.date or '????-??-??'} {d.doc_type:14} {d.title}{visit}")
    return 0
