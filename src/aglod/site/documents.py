"""One resource's machine-readable documents: Turtle and JSON-LD of its description.

A resource's **description** is a set of triples: the resource's own (it is their
subject), plus the own triples of the nodes it nests. ``NESTED`` says which: a
property of the resource names nodes to nest, and the properties of those nodes whose
values are nested one level further. So a release nests its actions (``aglod:reports``)
and their participants, leads and targets, its issuer and that official's post, and
its press contacts; an action nests its participants and targets; an official their
posts; an evidence span its two selectors. Turtle and JSON-LD carry the same triples.

The JSON-LD is framed with pyld (the resource at the top, nested nodes embedded where
first referenced) and compacted with aglod's context, which the document names by its
URL on the site. pyld reads that context from ``document_loader``, which serves the
bundled context and refuses every other URL: nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from ..rdf.namespaces import AGLOD, OA
from ..serialization.chunks import prefixes, turtle_head, turtle_statements
from ..serialization.formats import context
from .source import BuildFolder

_TARGETS = frozenset(
    str(AGLOD[p]) for p in ("participant", "lead", "target", "addressee", "defendant")
)
NESTED: dict[str, frozenset[str]] = {
    str(AGLOD.reports): _TARGETS,
    **{p: frozenset() for p in _TARGETS},
    str(AGLOD.issuer): frozenset({str(AGLOD.holds)}),
    str(AGLOD.holds): frozenset(),
    str(AGLOD.contact): frozenset(),
    str(OA.hasSelector): frozenset(),
}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CONTEXT_FILE = "context.jsonld"

Loader = Callable[..., dict[str, Any]]


def description(build: BuildFolder, iri: str) -> list[ox.Triple]:
    """The triples of ``iri``'s description (see the module's docstring), sorted."""
    own = build.own(iri)
    out: set[ox.Triple] = set(own)
    for t in own:
        deeper = NESTED.get(t.predicate.value)
        if deeper is None or not isinstance(t.object, ox.NamedNode) or t.object.value == iri:
            continue
        for t2 in build.own(t.object.value):
            out.add(t2)
            if t2.predicate.value in deeper and isinstance(t2.object, ox.NamedNode):
                out.update(build.own(t2.object.value))
    return sorted(out, key=str)


def turtle(triples: list[ox.Triple], base: str) -> bytes:
    """Turtle with only the prefixes the triples use."""
    used = _used_prefixes(triples, prefixes(base))
    return (turtle_head(used) + turtle_statements(triples, used)).encode("utf-8")


def _used_prefixes(triples: Iterable[ox.Triple], candidates: dict[str, str]) -> dict[str, str]:
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {
        p: ns
        for p, ns in sorted(candidates.items())
        if any(i.startswith(ns) and len(i) > len(ns) for i in iris)
    }


def site_context(base: str) -> dict[str, Any]:
    """The context the site serves: the bundled one, with ``aglodid:`` as the build's
    instance base (so that minted IRIs of any base compact)."""
    ctx = dict(context())
    ctx["aglodid"] = base
    return {"@context": ctx}


def context_url(site_base: str) -> str:
    return site_base + CONTEXT_FILE


def document_loader(documents: Mapping[str, dict[str, Any]]) -> Loader:
    """A pyld document loader that serves ``documents`` (URL → JSON) and refuses
    every other URL."""

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        doc = documents.get(url)
        if doc is None:
            raise jsonld.JsonLdError(
                f"aglod loads only its bundled JSON-LD context, not {url}",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": doc, "tag": "static"}

    return load


def expanded(triples: Iterable[ox.Triple]) -> list[dict[str, Any]]:
    """Triples in expanded JSON-LD, one node object per subject (no blank nodes)."""
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        s = _value(t.subject)["@id"]
        node = nodes.setdefault(s, {"@id": s})
        p, o = t.predicate.value, t.object
        if p == _RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(o.value)
        else:
            node.setdefault(p, []).append(_value(o))
    return list(nodes.values())


def _value(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": term.datatype.value}


def framed(iri: str, triples: list[ox.Triple], ctx_url: str, loader: Loader) -> dict[str, Any]:
    """The description framed with ``iri`` at the top, compacted with the context."""
    frame = {"@context": ctx_url, "@id": iri, "@embed": "@once"}
    doc: dict[str, Any] = jsonld.frame(expanded(triples), frame, {"documentLoader": loader})
    return doc


def jsonld_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
