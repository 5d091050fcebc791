"""Turtle, JSON-LD (compacted with the bundled context), TriG and N-Quads, with stable
bytes, and atomic file writes."""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld
from rdflib import Dataset, Graph

from .resources import context_file


def _refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """JSON-LD processing never fetches: the only context is the bundled one."""
    raise jsonld.JsonLdError(
        f"aglod does not fetch remote JSON-LD documents ({url}); use the bundled context",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


@cache
def context() -> dict[str, Any]:
    """The bundled JSON-LD context (the value of its ``@context``)."""
    doc = json.loads(context_file().read_text(encoding="utf-8"))
    ctx: dict[str, Any] = doc["@context"]
    return ctx


def to_turtle(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data


def to_nquads(graph: Graph | Dataset) -> bytes:
    """N-Quads (or N-Triples for a graph), lines sorted."""
    fmt = "nquads" if isinstance(graph, Dataset) else "nt"
    text = graph.serialize(format=fmt, encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_trig(ds: Dataset) -> bytes:
    """TriG with the graphs in a stable order: the default graph, then the named graphs
    sorted by name, each block written by rdflib's Turtle serializer."""
    prefixes: list[str] = []
    blocks: list[str] = []
    graphs = sorted(
        (g for g in ds.graphs() if len(g)),
        key=lambda g: (g.identifier != ds.default_graph.identifier, str(g.identifier)),
    )
    for g in graphs:
        part = Graph()
        for prefix, ns in ds.namespaces():
            part.bind(prefix, ns, override=True, replace=True)
        for t in g:
            part.add(t)
        lines = part.serialize(format="turtle").split("\n")
        n = 0  # the prefix lines head the document; a literal may hold "@prefix" too
        while n < len(lines) and lines[n].startswith("@prefix"):
            n += 1
        prefixes.extend(lines[:n])
        content = "\n".join(lines[n:]).strip("\n")
        if g.identifier == ds.default_graph.identifier:
            blocks.append(content + "\n")
        else:
            # no re-indenting: it would change multi-line literals
            blocks.append(f"<{g.identifier}> {{\n{content}\n}}\n")
    head = "\n".join(sorted(set(prefixes)))
    return (head + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _canonical(value: Any) -> Any:
    """Sort arrays of values and nodes so that set order never shows in the bytes."""
    if isinstance(value, dict):
        return {
            k: (_canonical(v) if k != "@list" else [_canonical(x) for x in v])
            for k, v in value.items()
        }
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(graph: Graph) -> bytes:
    """The graph compacted with the bundled context, which the document embeds, so that
    any JSON-LD processor reads it back without fetching anything. rdflib compacts;
    nodes and value arrays are then sorted, since rdflib emits them in set order."""
    ctx = context()
    text = graph.serialize(format="json-ld", context=ctx, auto_compact=True)
    doc = json.loads(text)
    nodes = doc.get(
        "@graph", [] if "@id" not in doc else [{k: v for k, v in doc.items() if k != "@context"}]
    )
    out = {
        "@context": ctx,
        "@graph": sorted((_canonical(n) for n in nodes), key=lambda n: str(n.get("@id", ""))),
    }
    return (json.dumps(out, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def parse_jsonld(data: bytes | str) -> Graph:
    """A JSON-LD document of aglod's (with its embedded context) as an rdflib graph."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    expanded = jsonld.expand(json.loads(text), {"documentLoader": _refuse_remote})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    return g


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed
    into place: a reader sees the old file or the new one, never half of one. Without
    ``sync`` the data is not forced to disk first (for caches, which are checked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class AtomicFiles:
    """Several files written through temporary files in ``folder`` and renamed into
    place together by ``commit()``, after every one is complete and on disk; until then
    the previous files stay as they were. Closing without commit removes the temporary
    files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temps: dict[str, Path] = {}
        self.handles: dict[str, Any] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def open(self, name: str) -> Any:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        os.fchmod(fd, 0o666 & ~_umask())
        self.temps[name] = Path(tmp)
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.handles[name] = fh
        return fh

    def commit(self) -> None:
        for fh in self.handles.values():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        for name, tmp in self.temps.items():
            os.replace(tmp, self.folder / name)
        self.temps.clear()
        self.handles.clear()

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        for fh in self.handles.values():
            fh.close()
        for tmp in self.temps.values():
            tmp.unlink(missing_ok=True)
