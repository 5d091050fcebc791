"""aglod as a library: the commands' work as Python functions.

Each function takes and returns plain values (paths, text, rdflib graphs, dictionaries)
and raises ``aglod.errors.AglodError`` subclasses where the command line would exit
with an error (``InputError`` for bad input, ``UsageError``, ``Locked``). Imports are
made inside the functions, so that ``import aglod`` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

    from .pipeline.result import BuildResult
    from .site.publishing import PublishResult
    from .validation.shacl import Report

__all__ = ["Extracted", "build", "extract", "load", "publish", "query", "validate"]


@dataclass
class Extracted:
    """One release read: its facts in the gold-annotation format (``corpus/gold/
    SCHEMA.md``, read back from the graph) and the release's graph (with the reference
    data it points to)."""

    facts: dict[str, Any]
    graph: Graph


def build(
    paths: list[str | Path] | None = None,
    out: str | Path = "output",
    *,
    base: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    on_error: str = "skip",
    follow_symlinks: bool = False,
) -> BuildResult:
    """Build the releases in ``paths`` (files or folders; default: the bundled ones)
    into the folder ``out``, as ``aglod build`` does.

    ``base``: the instance base IRIs are minted under (default
    ``https://w3id.org/aglod/id/``); ``jobs``: worker processes (default: one per
    core); ``force``: rebuild every release rather than reuse the cache in
    ``out/.cache``; ``on_error``: ``"skip"`` a release that cannot be read (reported)
    or ``"fail"`` on it; ``follow_symlinks``: read links out of their folder. Returns
    the counts, the rejects, the validation report and the files written."""
    from .pipeline.build import build as _build
    from .rdf.namespaces import DEFAULT_BASE

    return _build(
        [Path(p) for p in paths] if paths else None,
        Path(out),
        base=base or DEFAULT_BASE,
        jobs=jobs,
        force=force,
        on_error=on_error,
        follow_symlinks=follow_symlinks,
    )


def extract(text: str, *, source: str = "release.txt") -> Extracted:
    """Read one release given as text, as ``aglod extract`` reads a ``.txt`` file;
    ``source`` names it. Raises ``InputError`` where the text cannot be a release."""
    from .errors import InputError
    from .pipeline.build import assemble
    from .rdf.readback import release_facts
    from .records import Release
    from .sources.inputs import content_hash, decode
    from .validation.shacl import with_context

    data = text.encode("utf-8")
    built = assemble([Release(source, decode(data, source), content_hash(data))])
    if built.rejected:
        raise InputError(source, built.rejected[0].reason)
    [release] = built.releases
    graph = with_context(release.graph, built.reference)
    [facts] = release_facts(graph)
    return Extracted(facts, graph)


def validate(data: Graph | str | Path) -> Report:
    """Validate a graph, or an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
    RDF/XML, each also gzipped), against aglod's SHACL shapes, as ``aglod validate``
    does. ``report.conforms`` says whether it holds no violation; ``report.results``
    lists each finding."""
    from rdflib import Graph

    from .serialization.formats import load_rdf
    from .validation.shacl import validate_graph

    return validate_graph(data if isinstance(data, Graph) else load_rdf(Path(data)))


def load(
    build_dir: str | Path = "output", store: str | Path = "store", *, full: bool = False
) -> dict[str, int]:
    """Load a build folder into the embedded store in ``store``, as ``aglod load
    --store`` does: only what changed since the last load, unless ``full``. Returns
    counts (graphs loaded, graphs dropped, quads in the store)."""
    from .store.embedded import load_build

    return load_build(Path(store), Path(build_dir), full=full)


def query(
    sparql: str,
    *,
    store: str | Path | None = None,
    data: list[str | Path] | None = None,
) -> list[dict[str, str]] | bool | Graph:
    """Run a SPARQL query (its text, or the name of a saved query) on the embedded
    store in ``store``, or on RDF files ``data`` (default: ``output/aglod.ttl``). The
    query sees the union of the graphs; it may not fetch (``SERVICE``) nor write.
    SELECT gives a row per solution (variable → the value as text, unbound variables
    left out), ASK a bool, CONSTRUCT and DESCRIBE an rdflib graph."""
    from .errors import UsageError
    from .store.queries import memory_store, resolve, store_to_query

    text = resolve(sparql)
    if store is not None and data:
        raise UsageError("give either store or data, not both")
    if store is not None:
        with store_to_query(Path(store)) as oxstore:
            return _answer(oxstore, text, union=True)
    files = [Path(p) for p in data or ["output/aglod.ttl"]]
    return _answer(memory_store(files), text, union=False)


def _answer(store: Any, text: str, *, union: bool) -> list[dict[str, str]] | bool | Graph:
    """The results of one run of the query: SPARQL JSON for SELECT, true or false for
    ASK, N-Triples for CONSTRUCT and DESCRIBE (``queries.run``)."""
    import json

    from rdflib import Graph

    from .store.queries import run

    out = run(store, text, "json", union=union)
    if out.strip() in ("true", "false"):
        return out.strip() == "true"
    if out.lstrip().startswith("{"):
        rows = json.loads(out)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]
    g = Graph()
    g.parse(data=out, format="nt")
    return g


def publish(
    build_dir: str | Path = "output", out: str | Path = "site", **options: Any
) -> PublishResult:
    """Publish a build folder as a linked-data site in ``out``, as ``aglod publish``
    does; ``options`` are those of ``aglod.site.publishing.publish`` (``base``,
    ``sparql_endpoint``, ``hosted_at``, ``publisher``, ``contact_email``)."""
    from .site.publishing import publish as _publish

    return _publish(Path(build_dir), Path(out), **options)
