"""OWL RL over ontology + alignment + data, with owlrl. The closure is computed on a
copy; only the new triples about the data are kept, less the trivial ones."""

from __future__ import annotations

from functools import cache

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .resources import vocabulary_files

_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


@cache
def vocabulary() -> Graph:
    """The ontology, its alignment axioms and the SKOS schemes, as one graph."""
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


def _is_trivial(s: object, p: object, o: object, vocab_terms: set[URIRef]) -> bool:
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return True
    # statements about the vocabulary itself (sub-class closure, property types...)
    return s in vocab_terms


def infer(data: Graph) -> Graph:
    """The triples OWL RL adds to ``data`` (with the bundled vocabulary), minus trivial
    ones and minus what ``data`` or the vocabulary already state."""
    vocab = vocabulary()
    work = Graph()
    for t in vocab:
        work.add(t)
    for t in data:
        work.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    vocab_terms = {s for s in vocab.subjects() if isinstance(s, URIRef)}
    out = Graph()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns)
    for t in work:
        if t in data or t in vocab:
            continue
        if _is_trivial(*t, vocab_terms):
            continue
        out.add(t)
    return out
