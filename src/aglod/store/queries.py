"""Saved and ad-hoc SPARQL: resolve a query (inline text, ``@file.rq``, or the name of
a saved query), run it on the embedded store or on RDF files (loaded into an
in-memory Oxigraph store), and print the results as a table, CSV, TSV or SPARQL 1.1
JSON."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..resources import queries_dir
from .embedded import open_store, refresh_default_graph
from .querycheck import QueryRefused, check_query

FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_RDF = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def saved_queries() -> dict[str, Path]:
    """The saved queries by name (file name without ``.rq``)."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


def resolve(query: str) -> str:
    """``@path`` reads a file; a saved query's name gives its text; else the text itself."""
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    saved = saved_queries()
    if query in saved:
        return saved[query].read_text(encoding="utf-8")
    if not any(word in query.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        names = ", ".join(saved) or "(none)"
        raise UsageError(f"{query!r} is neither a SPARQL query nor a saved query ({names})")
    return query


@contextmanager
def store_to_query(store_dir: Path) -> Iterator[ox.Store]:
    """The embedded store in ``store_dir``, held shared as ``aglod serve`` holds it, so
    that no load swaps it out while the query runs."""
    from ..pipeline.locks import locked, store_lock_path

    if not (store_dir.is_dir() and any(store_dir.iterdir())):
        raise InputError(str(store_dir), "no store here: run `aglod load --store` first")
    with locked(store_lock_path(store_dir), f"store {store_dir}", shared=True):
        yield open_store(store_dir)


def memory_store(paths: list[Path]) -> ox.Store:
    """RDF files in an in-memory store (quads keep their graphs; the default graph is
    their union, each triple once, whatever files overlap: query it with
    ``run(..., union=False)``)."""
    store = ox.Store()
    for path in paths:
        fmt = _RDF.get(path.suffix.lower())
        if fmt is None:
            raise InputError(str(path), f"unknown RDF file type {path.suffix!r}")
        if not path.is_file():
            raise InputError(str(path), "no such file")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, OSError) as exc:
            raise InputError(str(path), f"cannot be parsed: {exc}") from exc
    refresh_default_graph(store, clear=False)  # files of triples were read into it
    return store


def run(store: ox.Store, query: str, fmt: str = "table", *, union: bool = True) -> str:
    """The results of ``query`` on the union of the store's graphs, formatted: in a
    store loaded by aglod each triple is in one graph, so the union holds each once
    (``union``; a ``memory_store`` instead holds that union in its default graph).
    Checked first as ``aglod serve`` checks it: no ``SERVICE`` (nothing is fetched),
    no update."""
    try:
        check_query(query)
    except QueryRefused as refused:
        what = "" if refused.status == 400 else "refused: "
        raise UsageError(f"the query is {what}{refused.reason}") from None
    try:
        results = store.query(query, use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise UsageError(f"the query is not valid SPARQL: {exc}") from exc
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        out = io.BytesIO()
        results.serialize(out, ox.RdfFormat.N_TRIPLES)
        return out.getvalue().decode("utf-8")
    if fmt in FORMATS:
        out = io.BytesIO()
        results.serialize(out, FORMATS[fmt])
        return out.getvalue().decode("utf-8")
    return table(results)


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def table(results: ox.QuerySolutions) -> str:
    """Aligned columns for a terminal."""
    names = [v.value for v in results.variables]
    rows = [[_cell(sol[name]) for name in names] for sol in results]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
