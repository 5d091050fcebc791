"""OWL RL over ontology + alignment + data, with owlrl. The closure is computed on a
copy; only the new triples about the data are kept, less the trivial ones."""

from __future__ import annotations

from functools import cache

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import DEFAULT_BASE
from .resources import vocabulary_files

_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


@cache
def vocabulary() -> Graph:
    """The ontology, its alignment axioms and the SKOS schemes, as one graph."""
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


def _is_trivial(s: object, p: object, o: object, base: str) -> bool:
    """Triples that say nothing about the data: blank nodes, ``x owl:sameAs x``,
    ``owl:Thing``-like types, and anything about a term that is not an instance
    (the vocabularies' own closure: ``xsd:date a rdfs:Datatype``...)."""
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
        return True
    if not str(s).startswith(base):
        return True
    if p == OWL.sameAs and s == o:
        return True
    return p == RDF.type and o in _TRIVIAL_TYPES


def infer(data: Graph, base: str = DEFAULT_BASE) -> Graph:
    """The triples OWL RL adds to ``data`` (with the bundled vocabulary) about its
    instances (IRIs under ``base``), minus trivial ones and what ``data`` states."""
    vocab = vocabulary()
    work = Graph()
    for t in vocab:
        work.add(t)
    for t in data:
        work.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    out = Graph()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns)
    for t in work:
        if t in data or t in vocab:
            continue
        if _is_trivial(*t, base):
            continue
        out.add(t)
    return out
