"""OWL RL over the bundled vocabulary: what it adds, what it leaves out."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from aglod.rdf.namespaces import AGLOD, ORG, SCHEMA
from aglod.reasoning.inference import infer

ID = "https://w3id.org/aglod/id/"
RELEASE, ACTION = URIRef(ID + "release/x"), URIRef(ID + "action/x/1")
PERSON, POST = URIRef(ID + "person/nm/doe"), URIRef(ID + "post/nm/attorney-general")
NM = URIRef(ID + "jurisdiction/nm")


def data() -> Graph:
    g = Graph()
    g.add((RELEASE, RDF.type, AGLOD.PressRelease))
    g.add((RELEASE, AGLOD.reports, ACTION))
    g.add((ACTION, RDF.type, AGLOD.Letter))
    g.add((ACTION, AGLOD.lead, NM))
    g.add((ACTION, AGLOD.addressee, PERSON))
    g.add((PERSON, RDF.type, AGLOD.Official))
    g.add((PERSON, AGLOD.holds, POST))
    g.add((PERSON, SCHEMA.name, Literal("Jo Doe")))
    return g


def test_owl_rl_adds_what_queries_use() -> None:
    inferred = infer(data())
    assert (ACTION, RDF.type, AGLOD.Action) in inferred
    assert (ACTION, RDF.type, SCHEMA.Action) in inferred
    assert (RELEASE, RDF.type, SCHEMA.NewsArticle) in inferred
    assert (ACTION, AGLOD.reportedIn, RELEASE) in inferred  # inverse
    assert (ACTION, AGLOD.participant, NM) in inferred  # lead ⊑ participant
    assert (ACTION, AGLOD.target, PERSON) in inferred  # addressee ⊑ target
    assert (PERSON, ORG.holds, POST) in inferred  # holds ⊑ org:holds
    assert (PERSON, RDF.type, SCHEMA.Person) in inferred


def test_trivial_and_asserted_triples_are_left_out() -> None:
    asserted = data()
    inferred = infer(asserted)
    assert not set(inferred) & set(asserted)
    assert not any(p == OWL.sameAs for _s, p, _o in inferred)
    assert not any(o in (OWL.Thing, OWL.NamedIndividual) for _s, _p, o in inferred)
    # nothing about the vocabulary's own terms
    assert not any(str(s).startswith(str(AGLOD)) for s, _p, _o in inferred)


def test_input_graph_is_not_modified() -> None:
    g = data()
    before = set(g)
    infer(g)
    assert set(g) == before
