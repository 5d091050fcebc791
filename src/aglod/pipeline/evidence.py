"""A release's evidence spans rendered without rdflib: the fast path of ``tasks.render``.

Evidence is ~87% of a release's triples and, made of rdflib terms, validated, reasoned
over and converted to Oxigraph's terms like the rest, it was ~70% of the time spent
rendering a release. Its triples are all of one shape (``mapping.evidence_triples``), so
render takes them as records (``mapping.EvidenceSpan``) and:

* makes their triples as Oxigraph terms directly (``evidence_ox``): the same triples,
  hence the same bytes in every file;
* validates them by checking what the evidence shapes could object to (``sound``):
  where it holds, the shapes give no result on the evidence, and the rest of the
  release is validated as before; where it does not, render validates every triple,
  evidence included, with the SHACL validator, and reports what it finds;
* infers what the reasoner infers from a span, by a template the reasoner itself
  derives from one prototype span (``inferred_template``), or, where the reasoner
  would infer anything but types of the span's own nodes, reasons over every triple.

``tests/test_evidence_path.py`` checks that this path and the path over every triple
give the same blocks and meta, byte for byte, on real and generated releases,
broken ones included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..rdf.identifiers import Minter
from ..rdf.mapping import EvidenceSpan, evidence_triples
from ..rdf.namespaces import AGLOD, OA, RDF, SCHEMA, XSD
from ..reasoning.inference import fast_infer_triples
from ..serialization.chunks import Terms

_TYPE = ox.NamedNode(str(RDF.type))
_EVIDENCE = ox.NamedNode(str(AGLOD.Evidence))
_SPECIFIC = ox.NamedNode(str(OA.SpecificResource))
_HAS_SOURCE = ox.NamedNode(str(OA.hasSource))
_FOR = ox.NamedNode(str(AGLOD.evidenceFor))
_PROPERTY = ox.NamedNode(str(AGLOD.evidenceProperty))
_VALUE = ox.NamedNode(str(AGLOD.evidenceValue))
_HAS_SELECTOR = ox.NamedNode(str(OA.hasSelector))
_POSITION = ox.NamedNode(str(OA.TextPositionSelector))
_QUOTE = ox.NamedNode(str(OA.TextQuoteSelector))
_START = ox.NamedNode(str(OA.start))
_END = ox.NamedNode(str(OA.end))
_EXACT = ox.NamedNode(str(OA.exact))
_NONNEG = ox.NamedNode(str(XSD.nonNegativeInteger))
# characters a quote may hold on the fast path: no C0 control but tab and line ends
_CONTROL = frozenset(chr(c) for c in range(0x20)) - {"\t", "\n", "\r"}


def sound(
    spans: Sequence[EvidenceSpan], release: URIRef, triples: set[tuple[Node, Node, Node]]
) -> bool:
    """Whether the evidence shapes can find nothing wrong with ``spans``: the release
    is an aglod:PressRelease with one plain articleBody, and each span's quote is that
    text between its offsets. (The rest of what the shapes check, every span has by
    construction: one source, subject, property, position and quote selector, at most
    one value, never a blank node.)"""
    if not spans:
        return True
    if (release, RDF.type, AGLOD.PressRelease) not in triples:
        return False
    bodies = [o for s, p, o in triples if p == SCHEMA.articleBody and s == release]
    if len(bodies) != 1:
        return False
    body = bodies[0]
    if not isinstance(body, Literal) or body.datatype is not None or body.language:
        return False
    text = str(body)
    for e in spans:
        if not 0 <= e.start < e.end or text[e.start : e.end] != e.quote:
            return False
        if type(e.subject) is not URIRef or type(e.prop) is not URIRef:
            return False
        if e.value is not None and not isinstance(e.value, URIRef | Literal):
            return False
        if not _CONTROL.isdisjoint(e.quote):
            return False
    return True


def evidence_ox(
    terms: Terms, minter: Minter, release: URIRef, spans: Iterable[EvidenceSpan]
) -> list[ox.Triple]:
    """The triples ``mapping.evidence_triples`` gives, as Oxigraph triples (unsorted)."""
    triple, named, literal = ox.Triple, ox.NamedNode, ox.Literal
    source = terms.term(release)
    out: list[ox.Triple] = []
    add = out.append
    for e in spans:
        iri = str(minter.evidence(release, e.n))
        ev, pos, quote = named(iri), named(f"{iri}/position"), named(f"{iri}/quote")
        add(triple(ev, _TYPE, _EVIDENCE))
        add(triple(ev, _TYPE, _SPECIFIC))
        add(triple(ev, _HAS_SOURCE, source))
        add(triple(ev, _FOR, terms.term(e.subject)))
        add(triple(ev, _PROPERTY, terms.term(e.prop)))
        if e.value is not None:
            add(triple(ev, _VALUE, terms.term(e.value)))
        add(triple(ev, _HAS_SELECTOR, pos))
        add(triple(ev, _HAS_SELECTOR, quote))
        add(triple(pos, _TYPE, _POSITION))
        add(triple(pos, _START, literal(str(e.start), datatype=_NONNEG)))
        add(triple(pos, _END, literal(str(e.end), datatype=_NONNEG)))
        add(triple(quote, _TYPE, _QUOTE))
        add(triple(quote, _EXACT, literal(e.quote)))
    return out


def evidence_inferred(
    template: tuple[tuple[int, str], ...],
    minter: Minter,
    release: URIRef,
    spans: Iterable[EvidenceSpan],
) -> list[ox.Triple]:
    """The inferred triples of ``spans`` by ``template`` (``inferred_template``)."""
    out: list[ox.Triple] = []
    classes = [(role, ox.NamedNode(c)) for role, c in template]
    for e in spans:
        iri = str(minter.evidence(release, e.n))
        nodes = (ox.NamedNode(iri), ox.NamedNode(f"{iri}/position"), ox.NamedNode(f"{iri}/quote"))
        out.extend(ox.Triple(nodes[role], _TYPE, c) for role, c in classes)
    return out


@cache
def inferred_template(base: str) -> tuple[tuple[int, str], ...] | None:
    """What the reasoner infers from one span, as (node, class) pairs: node 0 is the
    evidence, 1 its position selector, 2 its quote selector. None where it infers
    anything else (a triple about another node, or not a type), which a template of
    the span's own nodes could not give: then render reasons over every triple."""
    minter = Minter(base)
    release = minter.release("zz/2000-01-01/prototype")
    span = EvidenceSpan(1, release, SCHEMA.headline, Literal("v"), 0, 1, "v")
    ev = minter.evidence(release, 1)
    roles: dict[Node, int] = {ev: 0, URIRef(f"{ev}/position"): 1, URIRef(f"{ev}/quote"): 2}
    out = []
    for s, p, o in fast_infer_triples(set(evidence_triples(minter, release, [span])), base):
        if s not in roles or p != RDF.type or not isinstance(o, URIRef):
            return None
        out.append((roles[s], str(o)))
    return tuple(sorted(out))
