"""The bytes each release contributes to the dataset files.

A build writes its files as concatenations: a head, a block per release in release-key
order, a tail. Each block is made in the worker process that built the release, with
Oxigraph's serializers (Rust) rather than rdflib's (pure Python, ~50k triples/s), so
that 100,000 releases serialize in minutes. What the blocks look like:

* N-Quads (``aglod.nq.gz``): the release's sorted lines (its named graph, then its
  provenance in the default graph), as a gzip member of their own (``gzip_member``):
  gzip members concatenated are one gzip file, so the blocks are compressed once, in
  the workers, and a rebuild copies them as they are;
* Turtle (``aglod.ttl``, ``aglod-inferred.ttl``): statements about the release's own
  subjects (the release, its evidence, its actions): no other block says anything
  about them. Triples about shared subjects (officials, posts, organisations) are
  collected across releases and written once, sorted, after the last release;
* TriG: the release's named graph and its provenance;
* JSON-LD: node objects compacted with the bundled context (``Compactor``), for the
  same subjects as the Turtle block.

Every block is sorted, so equal input gives equal bytes in any process.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..rdf.namespaces import PREFIXES

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_RDF_TYPE = str(RDF.type)
# module constants: an attribute of rdflib's closed namespaces is looked up each time
_XSD_STRING = str(XSD.string)
_XSD_STRING_REF = URIRef(_XSD_STRING)


def prefixes(base: str) -> dict[str, str]:
    """The prefixes of aglod's documents (``aglodid:`` is the instance base)."""
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    out["aglodid"] = base
    return out


class Terms:
    """rdflib terms to Oxigraph terms, IRIs and datatypes cached."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}
        # by rdflib term: a look-up keyed by the term itself is ~3x cheaper than by its
        # text, and most terms of a release (vocabulary, jurisdictions) recur
        self._terms: dict[Node, OxTerm] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            if len(self._iris) > 200_000:
                self._iris.clear()
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def __call__(self, term: Node) -> OxTerm:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None and term.datatype != _XSD_STRING_REF:
                return ox.Literal(str(term), datatype=self.iri(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        raise TypeError(f"not an RDF term: {term!r}")

    def term(self, term: Node) -> OxTerm:
        """``self(term)``, memoised."""
        node = self._terms.get(term)
        if node is None:
            if len(self._terms) > 200_000:
                self._terms.clear()
            node = self._terms[term] = self(term)
        return node

    def triples(
        self, triples: Iterable[tuple[Node, Node, Node]], more: Iterable[ox.Triple] = ()
    ) -> list[ox.Triple]:
        """Oxigraph triples (with ``more``) sorted by their N-Triples form."""
        memo = self._terms
        if len(memo) > 200_000:
            memo.clear()
        get, make, triple = memo.get, self.__call__, ox.Triple
        out = []
        for s, p, o in triples:
            a = get(s)
            if a is None:
                a = memo[s] = make(s)
            b = get(p)
            if b is None:
                b = memo[p] = make(p)
            c = get(o)
            if c is None:
                c = memo[o] = make(o)
            out.append(triple(a, b, c))  # type: ignore[arg-type]
        out.extend(more)
        out.sort(key=str)
        return out


def parse_nt(lines: Iterable[str]) -> list[ox.Triple]:
    """The triples of N-Triples lines (as ``nt_lines`` writes them), in their order."""
    data = "".join(lines).encode("utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)] if data else []


def nt_lines(triples: Sequence[ox.Triple]) -> list[str]:
    return [f"{t} .\n" for t in triples]


def nquads(triples: Sequence[ox.Triple], graph: ox.NamedNode | None) -> str:
    """N-Quads lines of ``triples`` in ``graph`` (the default graph if None)."""
    if graph is None:
        return "".join(f"{t} .\n" for t in triples)
    g = f" {graph} .\n"
    return "".join(f"{t}{g}" for t in triples)


# gzip's default level: a release's N-Quads block (~120 KB) compresses ~30x in ~1 ms
GZIP_LEVEL = 6


def gzip_member(text: str) -> bytes:
    """``text`` as one gzip member, with no file name and no time in its header, so
    that its bytes depend on the text only; empty text gives no bytes."""
    if not text:
        return b""
    return gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0)


def turtle_statements(triples: Sequence[ox.Triple], prefix_map: dict[str, str]) -> str:
    """Turtle statements of ``triples`` (in their order) without the ``@prefix`` lines,
    which the document's head declares once."""
    if not triples:
        return ""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefix_map)
    assert data is not None
    text = data.decode("utf-8")
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("@prefix "):
        n += 1
    body = "\n".join(lines[n:]).strip("\n")
    return body + "\n" if body else ""


def turtle_head(prefix_map: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefix_map.items())) + "\n"


class Compactor:
    """JSON-LD node objects compacted with aglod's context, which has only prefixes and
    terms with an ``@id`` and an optional ``@type`` coercion (checked here). Values are
    written so that expansion gives back exactly the RDF term: typed literals keep their
    lexical form as strings. Tests check the result against pyld's expansion."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.prefixes: list[tuple[str, str]] = []
        self.iri = functools.lru_cache(maxsize=100_000)(self.iri)  # type: ignore[method-assign]
        terms: dict[str, str] = {}
        coercion: dict[str, str | None] = {}
        for key, value in ctx.items():
            if key.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")) and ":" in value:
                self.prefixes.append((key, value))
        self.prefixes.sort(key=lambda kv: -len(kv[1]))
        for key, value in ctx.items():
            if key.startswith("@") or (isinstance(value, str) and value.endswith(("/", "#"))):
                continue
            if isinstance(value, str):
                iri, typ = self._expand(value), None
            elif isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
                iri = self._expand(value["@id"])
                typ = value.get("@type")
                typ = typ if typ in (None, "@id") else self._expand(typ)
            else:
                raise ValueError(f"context term {key!r} is not a simple term definition")
            if iri not in terms or len(key) < len(terms[iri]):
                terms[iri] = key
                coercion[iri] = typ
        self.terms = terms
        self.coercion = coercion
        self._plain = {iri for iri, typ in coercion.items() if typ is None}

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        for p, ns in self.prefixes:
            if p == prefix:
                return ns + local
        return value

    def iri(self, value: str) -> str:
        """A compact IRI (``prefix:local``) where a prefix fits, else the IRI (memoised
        in ``__init__``: vocabulary and reference IRIs recur in every release)."""
        for p, ns in self.prefixes:
            if value.startswith(ns) and len(value) > len(ns):
                local = value[len(ns) :]
                if not local.startswith("//"):
                    return f"{p}:{local}"
        return value

    def vocab(self, value: str) -> str:
        """A class or property: its term where the context has one."""
        term = self.terms.get(value)
        return term if term is not None and term not in self._coerced_terms() else self.iri(value)

    @cache  # noqa: B019 - one Compactor per process
    def _coerced_terms(self) -> frozenset[str]:
        return frozenset(self.terms[i] for i, t in self.coercion.items() if t is not None)

    def value(self, term: OxTerm) -> dict[str, str]:
        if isinstance(term, ox.NamedNode):
            return {"@id": self.iri(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.iri(dt)}

    def nodes(self, triples: Sequence[ox.Triple]) -> list[dict[str, Any]]:
        """One node object per subject, in order of ``triples`` (sorted by subject)."""
        out: list[dict[str, Any]] = []
        current: object = None
        node: dict[str, Any] = {}
        for t in triples:
            if t.subject != current:
                current = t.subject
                node = {"@id": self.value(t.subject)["@id"]}  # type: ignore[arg-type]
                out.append(node)
            p, o = t.predicate.value, t.object
            if isinstance(o, ox.Triple):
                raise TypeError("RDF-star triples are not written")
            if p == _RDF_TYPE and isinstance(o, ox.NamedNode):
                node.setdefault("@type", []).append(self.vocab(o.value))
                continue
            key, val = self._property(p, o)
            node.setdefault(key, []).append(val)
        for n in out:
            for k, v in list(n.items()):
                if k == "@id":
                    continue
                v.sort(key=_sort_key)
                n[k] = v[0] if len(v) == 1 else v
        return [dict(sorted(n.items())) for n in out]

    def _property(self, p: str, o: OxTerm) -> tuple[str, Any]:
        term = self.terms.get(p)
        if term is not None:
            typ = self.coercion[p]
            if typ == "@id" and isinstance(o, ox.NamedNode):
                return term, self.iri(o.value)
            if (
                isinstance(o, ox.Literal)
                and not o.language
                and typ not in (None, "@id")
                and o.datatype.value == typ
            ):
                return term, o.value
            if typ is None:
                v = self.value(o)
                return term, v["@value"] if set(v) == {"@value"} else v
        return self.iri(p), self.value(o)


def _sort_key(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, dict) and len(v) == 1 and isinstance(v.get("@value"), str):
        return v["@value"]
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def jsonld_block(nodes: list[dict[str, Any]]) -> str:
    """Node objects as JSON text to sit in a document's ``@graph`` array, separated by
    commas (one ``json.dumps`` for all: a call per node costs more than the nodes)."""
    if not nodes:
        return ""
    text = json.dumps(nodes, indent=1, ensure_ascii=False, sort_keys=True)
    return text[2:-2]  # without "[\n" and "\n]"


def jsonld_document(ctx: dict[str, Any]) -> Iterator[str]:
    """The head of a JSON-LD document (the context, the opening of ``@graph``), then
    its tail: the node objects go between, separated by ``",\\n "``."""
    head = json.dumps({"@context": ctx}, indent=1, ensure_ascii=False)
    yield head[: head.rindex("}")].rstrip() + ',\n "@graph": [\n'
    yield "\n ]\n}\n"
