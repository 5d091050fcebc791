"""A build folder read back for publishing: its files, its instance base (from
``void.ttl``), and an in-memory Oxigraph store over ``aglod.nq.gz`` to look things up in.

The store holds every named graph of the build and the provenance in the default
graph; lookups merge the graphs (a triple several release graphs hold counts once)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal

from ..errors import InputError
from ..pipeline.state import NQUADS
from ..rdf.namespaces import VOID
from ..serialization.formats import open_dump

# the dumps the VoID description names (``description.DUMPS``); the build holds the
# N-Quads gzipped only, and publishing serves it both ways
DUMPS = ("aglod.ttl", "aglod.jsonld", "aglod.trig", "aglod.nq")
REQUIRED = ("aglod.ttl", "aglod.jsonld", "aglod.trig", NQUADS, "void.ttl", "build.json")
# The graph the site's own description (VoID, DCAT) is added to in the store.
DESCRIPTION_GRAPH = ox.NamedNode("urn:aglod:site-description")

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class BuildFolder:
    """A build folder and what publishing reads from it."""

    path: Path
    base: str
    summary: dict[str, Any]
    void: Graph
    store: ox.Store = field(repr=False)

    def file(self, name: str) -> Path:
        return self.path / name

    def own(self, iri: str) -> list[ox.Triple]:
        """The triples with ``iri`` as subject, each once, sorted."""
        node = ox.NamedNode(iri)
        seen = {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.store.quads_for_pattern(node, None, None, None)
        }
        return sorted(seen, key=str)

    def incoming(self, iri: str, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` (subject, predicate) IRI pairs pointing at ``iri``, sorted."""
        node = ox.NamedNode(iri)
        seen = {
            (q.subject.value, q.predicate.value)
            for q in self.store.quads_for_pattern(None, None, node, None)
            if isinstance(q.subject, ox.NamedNode)
        }
        return sorted(seen)[:limit]

    def subjects(self) -> list[str]:
        """Every subject IRI of the build and of the site description, sorted."""
        return sorted(
            {
                q.subject.value
                for q in self.store.quads_for_pattern(None, None, None, None)
                if isinstance(q.subject, ox.NamedNode)
            }
        )

    def select(self, query: str) -> Iterator[dict[str, OxTerm]]:
        """Rows of a SPARQL SELECT over the union of the graphs (unbound: absent)."""
        result = self.store.query(query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        for row in result:
            yield {n: row[n] for n in names if row[n] is not None}

    def add_description(self, triples: list[ox.Triple]) -> None:
        """Add the site's own description (VoID, DCAT) so that lookups see it."""
        self.store.extend(
            ox.Quad(t.subject, t.predicate, t.object, DESCRIPTION_GRAPH) for t in triples
        )


def open_build(path: Path) -> BuildFolder:
    """Read a build folder; a missing or unreadable file is an ``InputError`` naming it."""
    if not path.is_dir():
        raise InputError(str(path), "no such build folder (make one with `aglod build --out`)")
    for name in REQUIRED:
        if not (path / name).is_file():
            raise InputError(
                str(path / name), "missing from the build: run `aglod build` into this folder again"
            )
    try:
        summary = json.loads((path / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path / "build.json"), f"cannot be read as JSON: {exc}") from exc
    void = Graph()
    try:
        void.parse(path / "void.ttl", format="turtle")
    except Exception as exc:
        raise InputError(str(path / "void.ttl"), f"cannot be parsed as Turtle: {exc}") from exc
    spaces = sorted(str(o) for o in void.objects(None, VOID.uriSpace) if isinstance(o, Literal))
    if len(spaces) != 1:
        raise InputError(
            str(path / "void.ttl"),
            "should name the build's instance base in exactly one void:uriSpace",
        )
    store = ox.Store()
    try:
        with open_dump(path / NQUADS) as nq:
            store.bulk_load(nq, format=ox.RdfFormat.N_QUADS)
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as exc:
        raise InputError(str(path / NQUADS), f"cannot be parsed as N-Quads: {exc}") from exc
    return BuildFolder(path, spaces[0], summary, void, store)
