"""The vocabulary's own pages: the ontology (classes and properties with their labels,
comments, domains and ranges; the concept schemes) and the SHACL shapes, read from the
bundled files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..rdf.namespaces import PREFIXES
from ..resources import ontology_file, shapes_file, vocabulary_files

ONTOLOGY = URIRef("https://w3id.org/aglod/ontology")
_PREFIXES = sorted(
    [
        *((p, str(ns)) for p, ns in PREFIXES.items()),
        ("aglodsh", "https://w3id.org/aglod/shapes#"),
        ("sh", str(SH)),
    ],
    key=lambda kv: -len(kv[1]),
)


@dataclass
class Term:
    """A class, property or concept as the ontology page lists it."""

    iri: str
    anchor: str
    name: str  # prefixed name
    label: str
    comment: str
    facts: list[tuple[str, list[str]]] = field(default_factory=list)  # (what, prefixed values)


@dataclass
class OntologyPage:
    title: str
    description: str
    version: str
    license: str
    classes: list[Term]
    properties: list[Term]
    schemes: list[tuple[Term, list[Term]]]


def qname(node: Node) -> str:
    """A prefixed name where one of aglod's prefixes fits, else the IRI or a literal."""
    if isinstance(node, BNode):
        return "(blank node)"
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, ns in _PREFIXES:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
    return text


def _en(g: Graph, s: Node, prop: URIRef) -> str:
    values = sorted(
        g.objects(s, prop), key=lambda o: (getattr(o, "language", None) != "en", str(o))
    )
    return str(values[0]) if values else ""


def _names(g: Graph, s: Node, prop: URIRef) -> list[str]:
    return sorted(qname(o) for o in g.objects(s, prop) if isinstance(o, URIRef))


def _term(
    g: Graph, s: URIRef, facts: tuple[tuple[str, URIRef], ...], anchor_prefix: str = ""
) -> Term:
    name = qname(s)
    return Term(
        str(s),
        anchor_prefix + name.split(":", 1)[-1],
        name,
        _en(g, s, RDFS.label) or _en(g, s, SKOS.prefLabel),
        _en(g, s, RDFS.comment) or _en(g, s, SKOS.definition),
        [(what, vals) for what, p in facts if (vals := _names(g, s, p))],
    )


def _concept(g: Graph, concept: URIRef, used: set[str]) -> Term:
    """A concept's entry; its anchor is its local name unless a class or property of
    the same name (OWL punning) has it already."""
    term = _term(g, concept, (("notation", SKOS.notation),))
    term.anchor = re.split(r"[#/:]", term.iri)[-1]
    if term.anchor in used:
        term.anchor = "concept-" + term.anchor
    return term


def _own(g: Graph, cls: URIRef) -> list[URIRef]:
    """Subjects of type ``cls`` that the ontology defines (aglod: namespace)."""
    ns = str(PREFIXES["aglod"])
    return sorted(
        s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef) and str(s).startswith(ns)
    )


def ontology_page() -> OntologyPage:
    g = Graph()
    g.parse(ontology_file(), format="turtle")
    vocab = Graph()
    for path in vocabulary_files():
        vocab.parse(path, format="turtle")
    class_facts = (("subclass of", RDFS.subClassOf), ("equivalent to", OWL.equivalentClass))
    prop_facts = (
        ("type", RDF.type),
        ("domain", RDFS.domain),
        ("range", RDFS.range),
        ("subproperty of", RDFS.subPropertyOf),
        ("inverse of", OWL.inverseOf),
    )
    props: set[URIRef] = set()
    for cls in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property):
        props.update(_own(g, cls))
    classes = [_term(g, c, class_facts) for c in _own(g, OWL.Class)]
    properties = [_term(g, p, prop_facts) for p in sorted(props)]
    used = {t.anchor for t in [*classes, *properties]}
    schemes = []
    for scheme in sorted(
        {s for s in vocab.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
    ):
        concepts = sorted(c for c in vocab.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
        schemes.append(
            (
                _term(vocab, scheme, (), "scheme-"),
                [_concept(vocab, c, used) for c in concepts],
            )
        )
    return OntologyPage(
        _en(g, ONTOLOGY, URIRef("http://purl.org/dc/terms/title")) or "aglod ontology",
        _en(g, ONTOLOGY, URIRef("http://purl.org/dc/terms/description")),
        _en(g, ONTOLOGY, OWL.versionInfo),
        _en(g, ONTOLOGY, URIRef("http://purl.org/dc/terms/license")),
        classes,
        properties,
        schemes,
    )


@dataclass
class Shape:
    name: str
    anchor: str
    targets: list[str]
    message: str
    constraints: list[tuple[str, str]]  # (parameter, value) of the node shape
    properties: list[tuple[str, str, list[tuple[str, str]]]]  # (name, path, constraints)


_PARAMS = [
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "pattern",
    "minInclusive",
    "maxInclusive",
    "in",
    "hasValue",
    "severity",
    "message",
    "node",
    "or",
    "sparql",
]


def _value(g: Graph, o: Node, depth: int = 0) -> str:
    """A constraint's value as text: a name, a literal, a list, or a blank node's own
    constraints in brackets (so the text never shows a blank node's random id)."""
    if isinstance(o, Literal):
        return str(o)
    if isinstance(o, BNode) and (o, RDF.first, None) in g:
        return ", ".join(_value(g, i, depth + 1) for i in g.items(o))
    if isinstance(o, BNode):
        if depth > 3:
            return "[…]"
        parts = sorted(
            f"{qname(p)} {_value(g, v, depth + 1)}"
            for p, v in g.predicate_objects(o)
            if p != SH.message
        )
        return "[" + "; ".join(parts) + "]"
    return qname(o)


def _constraints(g: Graph, s: Node) -> list[tuple[str, str]]:
    out = []
    for p in _PARAMS:
        for o in sorted(g.objects(s, SH[p]), key=str):
            out.append((p, _value(g, o)))
    return out


def _path(g: Graph, shape: Node) -> str:
    path = g.value(shape, SH.path)
    if path is None:
        return "(the node itself)"
    if isinstance(path, BNode):
        inverse = g.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + qname(inverse)
        return " / ".join(qname(i) for i in g.items(path))
    return qname(path)


def shapes_page() -> list[Shape]:
    g = Graph()
    g.parse(shapes_file(), format="turtle")
    out = []
    for shape in sorted(s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        props = []
        for ps in sorted(g.objects(shape, SH.property), key=str):
            props.append(
                (
                    qname(ps),
                    _path(g, ps),
                    [(k, v) for k, v in _constraints(g, ps) if k != "message"],
                )
            )
        targets = [
            qname(t)
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
            for t in sorted(g.objects(shape, p), key=str)
        ]
        name = qname(shape)
        out.append(
            Shape(
                name,
                name.replace(":", "-"),
                targets,
                _en(g, shape, SH.message),
                [(k, v) for k, v in _constraints(g, shape) if k != "message"],
                props,
            )
        )
    return out
