"""The embedded store: an on-disk Oxigraph store (pyoxigraph) holding one named graph
per release, the reference data, the provenance, the vocabulary and the inferred
triples each in a graph of their own.

Loading is idempotent: each graph of the build replaces the graph of the same name;
a release graph that the build no longer has is dropped; loading the same build
twice gives the same store. The default graph holds the union of all graphs, each
triple once, and queries run on it by default.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import DEFAULT_BASE
from .resources import vocabulary_files


def graph_names(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The store's graphs that are not a release's."""
    return {
        "reference": base + "graph/reference",
        "provenance": base + "graph/provenance",
        "vocabulary": base + "graph/vocabulary",
        "inferred": base + "graph/inferred",
        "links": base + "graph/links",
    }


def open_store(path: Path) -> ox.Store:
    """The store in folder ``path`` (created if missing)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot open the store: {exc}") from exc


def load_build(store: ox.Store, build_dir: Path, base: str = DEFAULT_BASE) -> dict[str, int]:
    """Load a build folder (``aglod.nq``, ``aglod-inferred.ttl``) into ``store``.
    Returns counts: graphs loaded, graphs dropped, quads in the store."""
    nq = build_dir / "aglod.nq"
    if not nq.is_file():
        raise InputError(str(nq), "no such file: run `aglod build` first")
    names = graph_names(base)
    incoming = ox.Store()  # parse into memory first: a bad file leaves the store as it was
    try:
        incoming.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        inferred = build_dir / "aglod-inferred.ttl"
        if inferred.is_file():
            incoming.bulk_load(
                path=str(inferred),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(names["inferred"]),
            )
        for path in vocabulary_files():
            incoming.bulk_load(
                path=str(path),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(names["vocabulary"]),
            )
    except (SyntaxError, OSError) as exc:
        raise InputError(str(build_dir), f"cannot be loaded: {exc}") from exc
    # the build's default graph (the provenance of each release graph) gets a name
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(names["provenance"]))
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in incoming.quads_for_pattern(None, None, None, None)
    ]
    new_graphs: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {q.graph_name for q in quads}
    ours = base + "graph/"
    dropped = 0
    for g in list(store.named_graphs()):
        if isinstance(g, ox.NamedNode) and g.value.startswith(ours) and g not in new_graphs:
            store.remove_graph(g)
            dropped += 1
    for name in new_graphs:
        if not isinstance(name, ox.DefaultGraph) and store.contains_named_graph(name):
            store.clear_graph(name)
    store.bulk_extend(quads)
    refresh_default_graph(store)
    store.flush()
    return {
        "graphs_loaded": len(new_graphs),
        "graphs_dropped": dropped,
        "quads": len(store),
    }


def refresh_default_graph(store: ox.Store, clear: bool = True) -> None:
    """Make the default graph the union of all named graphs, each triple once.

    A triple may stand in several graphs (a post is described in each release that
    names its holder); a query over Oxigraph's union-of-graphs view sees it once per
    graph, and joins multiply. The default graph is a set, so queries run on it by
    default; ``GRAPH ?g`` still reaches each release's graph."""
    if clear:  # the store's default graph holds nothing but this union
        store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
