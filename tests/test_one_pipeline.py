"""The graphs ``aglod build`` writes (the streamed build: worker processes, the cache,
splicing) are the graphs ``assemble`` makes in memory (what ``aglod extract``, ``aglod
eval`` and most tests use), release by release, compared by graph isomorphism. The
build writes each triple once: a release's graph holds what only it says (the release,
its evidence, its actions), the shared graph what releases share."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from aglod.pipeline.build import Build, BuiltRelease
from aglod.rdf import iris


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


def _split(r: BuiltRelease, base: str) -> tuple[Graph, Graph]:
    """A release's graph as ``assemble`` makes it: what only it says, and the rest."""
    own = iris.owned_prefixes(base, r.key)
    mine, rest = Graph(), Graph()
    for t in r.graph:
        s = str(t[0])
        (mine if s == own[0] or s.startswith(own[1:]) else rest).add(t)
    return mine, rest


def test_each_release_graph_is_the_same_both_ways(built_output: Path, bundled_build: Build) -> None:
    ds = _written(built_output)
    assert bundled_build.releases
    for r in bundled_build.releases:
        _same(r.key, ds.graph(r.graph_iri), _split(r, bundled_build.minter.base)[0])


def test_what_releases_share_is_written_once(built_output: Path, bundled_build: Build) -> None:
    ds = _written(built_output)
    shared = Graph()
    for r in bundled_build.releases:
        shared += _split(r, bundled_build.minter.base)[1]
    shared -= bundled_build.reference
    assert len(shared) > 100
    written = ds.graph(URIRef(iris.graph(bundled_build.minter.base, "shared")))
    _same("shared", written, shared)


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
        URIRef(iris.graph(m.base, "shared")),
        URIRef(iris.graph(m.base, "provenance")),
    }
    if len(bundled_build.links):
        made.add(m.links_graph())
    written = {
        URIRef(str(g.identifier))
        for g in ds.graphs()
        if len(g) and str(g.identifier) != "urn:x-rdflib:default"
    }
    assert written == made
