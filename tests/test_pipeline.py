"""End to end: the build of the bundled releases, its files, and that the committed
output/ is what the code produces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from aglod.pipeline.result import OUTPUT_FILES
from aglod.rdf.namespaces import AGLOD, VOID
from aglod.serialization.formats import parse_jsonld
from helpers import ROOT, assert_isomorphic


def test_build_writes_every_file(built_output: Path) -> None:
    written = sorted(p.name for p in built_output.iterdir() if not p.name.startswith("."))
    assert written == sorted(OUTPUT_FILES)
    summary = json.loads((built_output / "build.json").read_text())
    assert summary["read"] == summary["built"] == 23
    assert summary["rejected"] == 0
    assert summary["violations"] == 0
    assert summary["conforms"] is True
    assert summary["schema_version"] == 1


@pytest.mark.slow
def test_turtle_and_jsonld_are_the_same_graph(built_output: Path) -> None:
    ttl = Graph().parse(built_output / "aglod.ttl", format="turtle")
    via_pyld = parse_jsonld((built_output / "aglod.jsonld").read_bytes())
    assert_isomorphic(ttl, via_pyld, "aglod.jsonld (pyld) vs aglod.ttl")
    via_rdflib = Graph().parse(built_output / "aglod.jsonld", format="json-ld")
    assert_isomorphic(ttl, via_rdflib, "aglod.jsonld (rdflib) vs aglod.ttl")


def test_jsonld_is_compacted_with_the_bundled_context(built_output: Path) -> None:
    from aglod.serialization.formats import context

    doc = json.loads((built_output / "aglod.jsonld").read_text())
    assert doc["@context"] == context()
    release = next(n for n in doc["@graph"] if "PressRelease" in n.get("@type", []))
    assert "headline" in release and "articleBody" in release


def test_trig_has_a_named_graph_per_release_with_provenance(built_output: Path) -> None:
    """Each triple in exactly one graph: each release's own statements in its graph,
    what releases share in the shared graph, the provenance of every graph in the
    provenance graph; the graphs but the provenance are what aglod.ttl holds."""
    ds = Dataset()
    ds.parse(built_output / "aglod.trig", format="trig")
    id_ = "https://w3id.org/aglod/id/graph/"
    names = {g.identifier for g in ds.graphs() if len(g)} - {ds.default_graph.identifier}
    shared = {URIRef(id_ + n) for n in ("reference", "statistics", "shared", "provenance")}
    assert shared <= names
    releases = names - shared - {URIRef(id_ + "links")}
    assert len(releases) == 23
    assert not len(ds.graph(ds.default_graph.identifier))
    provenance = ds.graph(URIRef(id_ + "provenance"))
    for name in releases:
        assert (name, AGLOD.contentHash, None) in provenance
        assert (name, PROV.wasGeneratedBy, None) in provenance
        assert (name, PROV.wasDerivedFrom, None) in provenance
    quads = list(ds.quads((None, None, None, None)))
    assert len(quads) == len({(s, p, o) for s, p, o, _ in quads})  # each triple once
    union = Graph()
    for s, p, o, g in quads:
        if g is not None and g in names and g != URIRef(id_ + "provenance"):
            union.add((s, p, o))
    assert_isomorphic(Graph().parse(built_output / "aglod.ttl"), union, "trig graphs vs ttl")


def test_inferred_triples_are_kept_apart(built_output: Path) -> None:
    asserted = Graph().parse(built_output / "aglod.ttl")
    inferred = Graph().parse(built_output / "aglod-inferred.ttl")
    assert len(inferred) > 0
    assert not set(inferred) & set(asserted)
    from rdflib.namespace import OWL

    assert not any(p == OWL.sameAs and s == o for s, p, o in inferred)
    # what OWL RL adds that queries use: superclasses and inverse properties
    assert (None, RDF.type, URIRef("http://schema.org/Action")) in inferred


def test_void_counts_match(built_output: Path) -> None:
    void = Graph().parse(built_output / "void.ttl")
    ds = URIRef("https://w3id.org/aglod/id/dataset")
    assert (ds, RDF.type, VOID.Dataset) in void
    triples = int(void.value(ds, VOID.triples))
    assert triples == len(Graph().parse(built_output / "aglod.ttl"))


def test_committed_output_is_current(built_output: Path) -> None:
    """Fails when output/ is stale: rebuild it with `aglod build` and commit it."""
    committed = ROOT / "output"
    for name in OUTPUT_FILES:
        assert (committed / name).read_bytes() == (built_output / name).read_bytes(), (
            f"output/{name} is stale: run `aglod build` and commit output/"
        )


@pytest.mark.parametrize("seed", ["1"])
def test_two_builds_give_identical_bytes(built_output: Path, tmp_path: Path, seed: str) -> None:
    """A second build, in another process with another hash seed, gives the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run(
        [sys.executable, "-m", "aglod", "--quiet", "build", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (built_output / name).read_bytes(), name
