"""Targeted triple assertions for single mapping rules."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from aglod.pipeline.build import Build
from aglod.rdf.identifiers import Minter
from aglod.rdf.mapping import reference_graph
from aglod.rdf.namespaces import AGLOD, DCTERMS, OA, SCHEMA

ID = "https://w3id.org/aglod/id/"


def _release(b: Build, stem: str):
    return next(r for r in b.releases if r.facts.release.source.endswith(stem + ".txt"))


def test_release_core_terms(bundled_build: Build) -> None:
    r = _release(bundled_build, "nm_2018-06-19_family-separation-letter")
    g, iri = r.graph, r.iri
    assert (
        str(iri)
        == ID + "release/nm/2018-06-19/ag-balderas-leads-21-attorneys-general-demanding-sessions"
    )
    assert (iri, RDF.type, AGLOD.PressRelease) in g
    assert (iri, SCHEMA.datePublished, Literal("2018-06-19", datatype=XSD.date)) in g
    assert (
        iri,
        DCTERMS.source,
        Literal("corpus/releases/nm_2018-06-19_family-separation-letter.txt"),
    ) in g
    assert (iri, AGLOD.issuingJurisdiction, URIRef(ID + "jurisdiction/nm")) in g
    assert (iri, AGLOD.issuer, URIRef(ID + "person/nm/balderas")) in g
    assert (iri, AGLOD.dateline, Literal("Las Cruces")) in g
    contact = URIRef(ID + "contact/james-hallinan-505-660-2216")
    assert (iri, AGLOD.contact, contact) in g
    assert (contact, SCHEMA.telephone, Literal("(505) 660-2216")) in g


def test_action_terms(bundled_build: Build) -> None:
    r = _release(bundled_build, "nm_2018-06-19_family-separation-letter")
    g = r.graph
    [action] = list(g.objects(r.iri, AGLOD.reports))
    assert (action, AGLOD.reportedIn, r.iri) in g
    assert (action, RDF.type, AGLOD.Letter) in g and (action, RDF.type, AGLOD.Action) in g
    assert (action, AGLOD.multistate, Literal(True)) in g
    assert (action, AGLOD.statedCount, Literal(21, datatype=XSD.nonNegativeInteger)) in g
    assert (action, AGLOD.lead, URIRef(ID + "jurisdiction/nm")) in g
    assert (action, AGLOD.participant, URIRef(ID + "jurisdiction/nm")) in g  # lead ⊑ participant
    assert len(set(g.objects(action, AGLOD.participant))) == 21
    assert (action, AGLOD.namedCount, Literal(21, datatype=XSD.nonNegativeInteger)) in g
    sessions = URIRef(ID + "person/us/sessions")
    assert (action, AGLOD.addressee, sessions) in g and (action, AGLOD.target, sessions) in g
    assert (action, AGLOD.issuerRole, AGLOD.RoleLed) in g


def test_officials_and_posts(bundled_build: Build) -> None:
    r = _release(bundled_build, "nm_2018-06-19_family-separation-letter")
    g = r.graph
    nielsen = URIRef(ID + "person/us/nielsen")
    assert (r.iri, SCHEMA.mentions, nielsen) in g
    assert (nielsen, SCHEMA.name, Literal("Kirstjen Nielsen")) in g
    post = URIRef(ID + "post/us/secretary-of-homeland-security")
    assert (nielsen, AGLOD.holds, post) in g
    assert (post, AGLOD.postJurisdiction, URIRef(ID + "jurisdiction/us")) in g
    assert (post, AGLOD.postTitle, Literal("Secretary of Homeland Security")) in g


def test_evidence_quotes_the_article_body(bundled_build: Build) -> None:
    for r in bundled_build.releases:
        g = r.graph
        body = str(g.value(r.iri, SCHEMA.articleBody))
        evidence = list(g.subjects(OA.hasSource, r.iri))
        assert evidence, r.key
        for ev in evidence:
            sels = list(g.objects(ev, OA.hasSelector))
            start = next(
                int(g.value(s, OA.start)) for s in sels if g.value(s, OA.start) is not None
            )
            end = next(int(g.value(s, OA.end)) for s in sels if g.value(s, OA.end) is not None)
            exact = next(
                str(g.value(s, OA.exact)) for s in sels if g.value(s, OA.exact) is not None
            )
            assert body[start:end] == exact


def test_no_blank_nodes(bundled_build: Build) -> None:
    from rdflib import BNode

    g = bundled_build.union()
    assert not any(isinstance(x, BNode) for t in g for x in t)


def test_reference_graph_has_57_jurisdictions_with_codes() -> None:
    g = reference_graph(Minter())
    jurisdictions = set(g.subjects(RDF.type, AGLOD.Jurisdiction))
    assert len(jurisdictions) == 57
    nm = URIRef(ID + "jurisdiction/nm")
    assert (nm, AGLOD.uspsCode, Literal("NM")) in g
    assert (nm, AGLOD.fipsCode, Literal("35")) in g
    assert (nm, AGLOD.ocdDivisionId, Literal("ocd-division/country:us/state:nm")) in g
    assert (nm, SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q1522")) in g
    post = URIRef(ID + "post/nm/attorney-general")
    assert (post, AGLOD.postJurisdiction, nm) in g
