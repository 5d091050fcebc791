"""RDF in and out of files whole: the bundled JSON-LD context, Turtle of a small graph,
JSON-LD read without fetching anything, and every RDF file type aglod reads
(``load_rdf``), gzipped N-Quads included. The dataset files a build writes come from
the per-release pieces of ``chunks``."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

from rdflib import Dataset, Graph

from ..errors import InputError
from ..resources import context_file


class RemoteDocumentRefused(Exception):
    """A JSON-LD document asked for a remote document (an ``@context`` or ``@import``
    by URL): aglod never fetches one."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"refers to the remote JSON-LD context {url[:200]!r}, which aglod does not "
            "fetch: embed the context in the document (as aglod.jsonld does)"
        )


def _refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader for aglod: JSON-LD processing never fetches; the only
    context is the one a document embeds (the bundled one, in aglod's own files)."""
    raise RemoteDocumentRefused(url)


@cache
def context() -> dict[str, Any]:
    """The bundled JSON-LD context (the value of its ``@context``)."""
    doc = json.loads(context_file().read_text(encoding="utf-8"))
    ctx: dict[str, Any] = doc["@context"]
    return ctx


def to_turtle(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data


def parse_jsonld(data: bytes | str) -> Graph:
    """A JSON-LD document of aglod's (with its embedded context) as an rdflib graph.

    Nothing is fetched: a document whose context (or an ``@import``) is a URL raises
    ``RemoteDocumentRefused``, and no request is made. (rdflib's own JSON-LD parser
    would fetch it: aglod never reads JSON-LD with it.)"""
    from pyld import jsonld  # imported when used: most runs never read JSON-LD

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        expanded = jsonld.expand(json.loads(text), {"documentLoader": _refuse_remote})
    except jsonld.JsonLdError as exc:
        refused = _refusal(exc)
        if refused is not None:
            raise refused from None
        raise
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    return g


def _refusal(exc: BaseException) -> RemoteDocumentRefused | None:
    """The refusal behind a pyld error (pyld wraps the loader's exception), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RemoteDocumentRefused):
            return current
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


def open_dump(path: Path) -> IO[bytes]:
    """A dataset file opened for reading, uncompressed on the fly if it is gzipped
    (``.gz``): what Oxigraph's parsers and loader read from."""
    fh = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115 - the caller closes it
    return cast(IO[bytes], fh)


# the RDF file types aglod reads, by suffix (each also gzipped)
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def load_rdf(path: Path) -> Graph:
    """An RDF file as one graph (named graphs merged); gzipped if it ends in ``.gz``
    (``aglod.nq.gz``)."""
    gzipped = path.suffix.lower() == ".gz"
    suffix = Path(path.stem).suffix if gzipped else path.suffix
    fmt = RDF_FORMATS.get(suffix.lower())
    if fmt is None:
        raise InputError(
            str(path),
            f"unknown RDF file type {path.suffix!r} "
            f"(expected one of {', '.join(sorted(RDF_FORMATS))}, each also gzipped)",
        )
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        with open_dump(path) as fh:
            data = fh.read()
        if fmt == "json-ld":
            return parse_jsonld(data)
        if fmt == "xml":
            from ..validation.shacl import check_xml

            check_xml(data, str(path))
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
            g = Graph()
            for q in ds.quads((None, None, None, None)):
                g.add(q[:3])
            return g
        g = Graph()
        g.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        return g
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot be parsed as {fmt}: {exc}") from exc
