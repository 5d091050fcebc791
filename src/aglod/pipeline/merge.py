"""Across releases, in the main process: the statements the releases share (officials, posts, organisations, reference data) merged once and sorted, the links and statistics added, the dataset's counts and the build's validation report."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from ..rdf.description import Counts
from ..rdf.identifiers import Minter
from ..serialization.chunks import (
    Terms,
    nt_lines,
    parse_nt,
)
from ..validation.shacl import Report, Result, merge_reports
from . import tasks as work
from .state import (
    Cache,
)
from .tasks import (
    ChunkMeta,
    context_triples,
    digest,
    focus_nodes,
    reference_for,
    reference_index,
    reference_results,
    validate_report,
)


@dataclass
class Merged:
    """What the releases share, merged once and sorted, with the counts and the report."""

    reference: list[ox.Triple]
    common: list[ox.Triple]  # what releases share and the reference data does not say
    shared: list[ox.Triple]
    shared_inferred: list[ox.Triple]
    links: list[ox.Triple]
    lines: dict[str, list[str]]  # N-Triples lines of the shared, links and statistics
    counts: Counts
    report: Report
    inferred: int  # inferred triples in all


def merge(
    metas: list[ChunkMeta],
    links: Graph,
    stat_triples: list[ox.Triple],
    minter: Minter,
    cache_root: Path,
) -> Merged:
    """The statements the releases share, the links and the statistics, merged; the
    dataset's counts; the validation report of the build."""
    base = minter.base
    terms = Terms()
    reference = reference_for(base)

    # what releases share: kept once, as N-Triples lines
    ref_triples = terms.triples(reference)
    shared: set[str] = {f"{t} .\n" for t in ref_triples}
    shared_inferred: set[str] = set()
    focus_shared: set[str] = {str(n) for n in focus_nodes(reference)}
    counts = Counts()
    results = []
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    for m in metas:
        shared.update(m.shared)
        shared_inferred.update(m.shared_inferred)
        focus_shared.update(m.focus_shared)
        counts.triples += m.local_triples
        counts.entities += m.local_subjects
        classes.update(m.classes)
        properties.update(m.properties)
        results.extend(m.results)
    for c, n in classes.items():
        counts.classes[URIRef(c)] += n
    for p, n in properties.items():
        counts.properties[URIRef(p)] += n
    ref_inferred_triples, ref_report = reference_results(base, cache_root)
    ref_inferred = terms.triples(ref_inferred_triples)
    shared_inferred.update(f"{t} .\n" for t in ref_inferred)
    shared_inferred -= shared
    shared_sorted = _parse_lines(shared)
    shared_inf_sorted = _parse_lines(shared_inferred)
    link_triples = terms.triples(links)
    counts.triples += len(shared_sorted) + len(link_triples) + len(stat_triples)
    counts.entities += len({t.subject for t in shared_sorted}) + len(
        {t.subject for t in stat_triples}
    )
    for t in [*shared_sorted, *link_triples, *stat_triples]:
        counts.properties[URIRef(t.predicate.value)] += 1
        if t.predicate.value == str(RDF_TYPE):
            counts.classes[URIRef(str(t.object)[1:-1])] += 1
    # the statistics, validated with the types of the reference data they point to
    # (the reference data is validated above: only the statistics' own results count)
    lines = {
        "shared": nt_lines(shared_sorted),
        "links": nt_lines(link_triples),
        "statistics": nt_lines(stat_triples),
    }
    own = {str(t.subject) for t in stat_triples}
    results.extend(
        r
        for r in _statistics_report(stat_triples, lines["statistics"], base, cache_root)
        if r.focus in own
    )
    report = merge_reports([ref_report, Report(list(set(results)), 0, 0)])
    report.focus_nodes = (
        sum(m.focus_local for m in metas) + len(focus_shared) + _focus_count(stat_triples)
    )
    report.shapes_checked = ref_report.shapes_checked
    inferred = len(shared_inf_sorted) + sum(m.inferred_local for m in metas)
    in_reference = set(ref_triples)
    common = [t for t in shared_sorted if t not in in_reference]
    return Merged(
        ref_triples,
        common,
        shared_sorted,
        shared_inf_sorted,
        link_triples,
        lines,
        counts,
        report,
        inferred,
    )


RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _statistics_report(
    triples: list[ox.Triple], lines: list[str], base: str, cache_root: Path
) -> list[Result]:
    """The SHACL results of the statistics, validated with the types of the reference
    data they point to (what ``sh:class`` needs); from the cache when the same
    statistics were validated by an earlier build of this version."""
    cache = Cache(cache_root)
    entry = digest("statistics-report", base, hashlib.sha256("".join(lines).encode()).hexdigest())

    def make() -> list[Result]:
        types = frozenset({RDF_TYPE, RDFS.subClassOf})
        stats = Graph().parse(data="".join(lines), format="nt")
        return validate_report(context_triples(set(stats), reference_index(base), types)).results

    results = cache.memo("reports", entry, make)
    cache.prune("reports", {entry})
    return results


def _focus_count(triples: list[ox.Triple]) -> int:
    """How many subjects of ``triples`` the shapes target (``work.focus_nodes``)."""
    targets = work.focus_classes()
    return len(
        {
            t.subject
            for t in triples
            if t.predicate.value == str(RDF_TYPE) and str(t.object)[1:-1] in targets
        }
    )


def _parse_lines(lines: Iterable[str]) -> list[ox.Triple]:
    out = parse_nt(sorted(lines))
    out.sort(key=str)
    return out
