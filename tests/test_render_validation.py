"""Rendering a release validates its own nodes; the reference data's nodes it points to
are validated once, with the reference data (``tasks.reference_only``), unless the
release says something of them the reference data does not. The build's report is the
same either way."""

from __future__ import annotations

import sys

from rdflib import Literal

from aglod.pipeline.steps import NotExtracted, extract_release
from aglod.pipeline.tasks import (
    context_triples,
    reference_for,
    reference_index,
    reference_only,
    validate_report,
)
from aglod.rdf.identifiers import Minter
from aglod.rdf.mapping import release_triples
from aglod.rdf.namespaces import DEFAULT_BASE, SCHEMA
from aglod.records import Release
from aglod.sources.reading import read_file
from helpers import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate


def _releases() -> list[Release]:
    out = [r for p in sorted(CORPUS.iterdir()) if isinstance(r := read_file(p, p.name), Release)]
    return out + generate(40, seed=3)


def _results(report) -> set:  # type: ignore[no-untyped-def]
    return set(report.results)


def test_leaving_out_the_reference_nodes_changes_no_result_of_the_build() -> None:
    reference = _results(validate_report(set(reference_for(DEFAULT_BASE))))
    skipped_any = False
    for i, r in enumerate(_releases()):
        facts = extract_release(r)
        if isinstance(facts, NotExtracted):
            continue
        triples = release_triples(facts, Minter(DEFAULT_BASE), f"k{i}")
        context = context_triples(triples, reference_index(DEFAULT_BASE))
        skip = reference_only(triples, context, DEFAULT_BASE)
        skipped_any = skipped_any or bool(skip)
        every = _results(validate_report(context)) | reference
        some = _results(validate_report(context, skip)) | reference
        assert some == every, r.source
    assert skipped_any


def test_a_release_that_says_more_of_a_reference_node_has_it_validated() -> None:
    r = next(r for r in _releases() if r.source.startswith("nm"))
    facts = extract_release(r)
    assert not isinstance(facts, NotExtracted)
    minter = Minter(DEFAULT_BASE)
    triples = release_triples(facts, minter, "k")
    nm = minter.jurisdiction("NM")
    triples.add((nm, SCHEMA.name, Literal("A second name")))  # jurisdictions have one
    context = context_triples(triples, reference_index(DEFAULT_BASE))
    assert reference_only(triples, context, DEFAULT_BASE) == set()
    results = validate_report(context, reference_only(triples, context, DEFAULT_BASE)).results
    assert any(res.focus == f"<{nm}>" and res.path == "schema:name" for res in results)
