"""The embedded store: an on-disk Oxigraph store (pyoxigraph) holding one named graph
per release, the reference data, the provenance, the vocabulary and the inferred
triples each in a graph of their own.

Loading is idempotent: each graph of the build replaces the graph of the same name;
a release graph that the build no longer has is dropped; loading the same build
twice gives the same store. The default graph holds the union of all graphs, each
triple once, and queries run on it by default.
"""

from __future__ import annotations

import shutil
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


def load_build(store_dir: Path, build_dir: Path, base: str = DEFAULT_BASE) -> dict[str, int]:
    """Load a build folder (``aglod.nq``, ``aglod.ttl``, ``aglod-inferred.ttl``) into
    the store in folder ``store_dir``. Returns counts: graphs loaded, graphs dropped
    (release graphs of the previous content that the build no longer has), quads.

    The new content is bulk-loaded (Oxigraph's loader, which streams files) into a new
    store beside the old one, which replaces it only once complete: a bad file or a
    crash leaves the previous store as it was. The default graph gets the build's
    asserted triples as ``aglod.ttl`` has them, each once, with the inferred triples,
    the vocabulary and the provenance: the union of the named graphs."""
    files = {name: build_dir / name for name in ("aglod.nq", "aglod.ttl", "aglod-inferred.ttl")}
    for name in ("aglod.nq", "aglod.ttl"):
        if not files[name].is_file():
            raise InputError(str(files[name]), "no such file: run `aglod build` first")
    names = graph_names(base)
    staging = store_dir.with_name(store_dir.name + ".loading")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
    except OSError as exc:
        raise InputError(str(store_dir), f"cannot create the store: {exc}") from exc
    try:
        store.bulk_load(path=str(files["aglod.nq"]), format=ox.RdfFormat.N_QUADS)
        # the build's default graph holds the provenance of each release graph
        prov = ox.NamedNode(names["provenance"])
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, prov)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        )
        store.bulk_load(path=str(files["aglod.ttl"]), format=ox.RdfFormat.TURTLE)
        extra = (
            [(files["aglod-inferred.ttl"], names["inferred"])]
            if files["aglod-inferred.ttl"].is_file()
            else []
        )
        extra += [(path, names["vocabulary"]) for path in vocabulary_files()]
        for path, graph in extra:
            for to_graph in (ox.NamedNode(graph), ox.DefaultGraph()):
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=to_graph)
        store.flush()
        graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        quads = len(store)
    except (SyntaxError, OSError) as exc:
        del store
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(str(build_dir), f"cannot be loaded: {exc}") from exc
    del store
    ours = base + "graph/"
    dropped = 0
    if store_dir.exists():
        try:
            old = ox.Store.read_only(str(store_dir))
            dropped = sum(
                1
                for g in old.named_graphs()
                if isinstance(g, ox.NamedNode)
                and g.value.startswith(ours)
                and g.value not in graphs
            )
            del old
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise InputError(str(store_dir), f"cannot open the store: {exc}") from exc
        retired = store_dir.with_name(store_dir.name + ".old")
        shutil.rmtree(retired, ignore_errors=True)
        store_dir.rename(retired)
        staging.rename(store_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(store_dir)
    return {"graphs_loaded": len(graphs), "graphs_dropped": dropped, "quads": quads}


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
