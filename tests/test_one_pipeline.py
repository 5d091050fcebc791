"""The graphs ``aglod build`` writes (the streamed build: worker processes, the cache,
splicing) are the graphs ``assemble`` makes in memory (what ``aglod extract``, ``aglod
eval`` and most tests use), release by release, compared by graph isomorphism."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from aglod.pipeline.build import Build


def _written(out: Path) -> Dataset:
    ds = Dataset()
    ds.parse(out / "aglod.trig", format="trig")
    return ds


def _same(name: str, written: Graph, made: Graph) -> None:
    a, b = to_isomorphic(written), to_isomorphic(made)
    if not isomorphic(a, b):
        _both, only_written, only_made = graph_diff(a, b)
        raise AssertionError(
            f"{name}: {len(only_written)} triples only in the build's output, "
            f"{len(only_made)} only in memory; e.g. {sorted(only_written)[:3]} / "
            f"{sorted(only_made)[:3]}"
        )


def test_each_release_graph_is_the_same_both_ways(built_output: Path, bundled_build: Build) -> None:
    ds = _written(built_output)
    assert bundled_build.releases
    for r in bundled_build.releases:
        _same(r.key, ds.graph(r.graph_iri), r.graph)


def test_the_shared_graphs_are_the_same_both_ways(built_output: Path, bundled_build: Build) -> None:
    ds = _written(built_output)
    m = bundled_build.minter
    _same("reference", ds.graph(m.reference_graph()), bundled_build.reference)
    _same("statistics", ds.graph(m.statistics_graph()), bundled_build.statistics)
    _same("links", ds.graph(m.links_graph()), bundled_build.links)


def test_no_graph_is_written_that_memory_does_not_make(
    built_output: Path, bundled_build: Build
) -> None:
    ds = _written(built_output)
    m = bundled_build.minter
    made = {r.graph_iri for r in bundled_build.releases} | {
        m.reference_graph(),
        m.statistics_graph(),
    }
    if len(bundled_build.links):
        made.add(m.links_graph())
    written = {
        URIRef(str(g.identifier))
        for g in ds.graphs()
        if len(g) and str(g.identifier) != "urn:x-rdflib:default"
    }
    assert written == made
