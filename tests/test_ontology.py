"""The bundled vocabulary: ontology, alignment axioms, SKOS schemes and JSON-LD context."""

from __future__ import annotations

import json
import re
from pathlib import Path

import owlrl
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from aglod import resources
from aglod.rdf.namespaces import AGLOD, DEFAULT_BASE, OA, ORG, PREFIXES, QB, SCHEMA

ONTOLOGY_IRI = URIRef("https://w3id.org/aglod/ontology")
ALIGNMENT_IRI = URIRef("https://w3id.org/aglod/alignment")
VANN = "http://purl.org/vocab/vann/"
# A plain Namespace: rdflib's closed XSD namespace warns when pytest inspects it.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
MODEL_DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"

ACTION_TYPES = [
    "Letter",
    "Lawsuit",
    "CourtFiling",
    "AmicusBrief",
    "Settlement",
    "Judgment",
    "Agreement",
    "Charges",
    "Investigation",
    "ConsumerAlert",
    "Statement",
    "Meeting",
]
ROLES = {"RoleLed": "led", "RoleCoLed": "co-led", "RoleJoined": "joined", "RoleSole": "sole"}

# Every aglod: term of docs/model.md, with the kind it must be declared as.
AGLOD_CLASSES = [
    "PressRelease",
    "Action",
    *ACTION_TYPES,
    "Official",
    "Post",
    "Jurisdiction",
    "State",
    "FederalDistrict",
    "Territory",
    "Nation",
    "Organization",
    "GovernmentBody",
    "Company",
    "Individual",
    "PartyGroup",
    "Evidence",
]
AGLOD_OBJECT_PROPERTIES = [
    "issuingJurisdiction",
    "issuer",
    "contact",
    "reports",
    "reportedIn",
    "participant",
    "lead",
    "target",
    "addressee",
    "defendant",
    "issuerRole",
    "holds",
    "postJurisdiction",
    "postIn",
    "bodyJurisdiction",
    "evidenceFor",
    "evidenceProperty",
    "sameActionAs",
    "jurisdiction",
    "partner",
    "actionType",
]
# Values that are resources or literals: a plain rdf:Property.
AGLOD_PLAIN_PROPERTIES = ["evidenceValue"]
AGLOD_DATATYPE_PROPERTIES = [
    "dateline",
    "contentHash",
    "multistate",
    "statedCount",
    "namedCount",
    "uspsCode",
    "fipsCode",
    "ocdDivisionId",
    "ocdPersonId",
    "postTitle",
    "inferredTriples",
    "actionCount",
]
# The statistics' RDF Data Cube structures and their components.
AGLOD_STRUCTURES = ["ActionsByJurisdictionAndType", "ActionsByCoalitionPartner"]
AGLOD_COMPONENTS = [
    "jurisdictionComponent",
    "actionTypeComponent",
    "partnerComponent",
    "actionCountComponent",
]
AGLOD_SCHEMES = ["ActionTypes", "IssuerRoles", "Topics"]
AGLOD_KINDS: dict[str, URIRef] = {
    **{name: OWL.Class for name in AGLOD_CLASSES},
    **{name: OWL.ObjectProperty for name in AGLOD_OBJECT_PROPERTIES},
    **{name: OWL.DatatypeProperty for name in AGLOD_DATATYPE_PROPERTIES},
    **{name: RDF.Property for name in AGLOD_PLAIN_PROPERTIES},
    **{name: SKOS.Concept for name in ROLES},
    **{name: SKOS.ConceptScheme for name in AGLOD_SCHEMES},
    **{name: QB.DataStructureDefinition for name in AGLOD_STRUCTURES},
    **{name: QB.ComponentSpecification for name in AGLOD_COMPONENTS},
}

# The stable core of DESIGN.md ("The published vocabulary: its stable core").
STABLE_CORE_AGLOD = [
    "PressRelease",
    "issuingJurisdiction",
    "Jurisdiction",
    "issuer",
    "Official",
    "dateline",
    "contact",
    "reports",
    "reportedIn",
    "Action",
    *ACTION_TYPES,
    "participant",
    "lead",
    "multistate",
    "statedCount",
    "target",
    "addressee",
    "defendant",
    "holds",
    "Post",
    "postJurisdiction",
    "uspsCode",
    "ocdDivisionId",
    "fipsCode",
]
STABLE_CORE_EXTERNAL: dict[URIRef, URIRef] = {
    SCHEMA.NewsArticle: OWL.Class,
    SCHEMA.headline: OWL.DatatypeProperty,
    SCHEMA.datePublished: OWL.DatatypeProperty,
    SCHEMA.articleBody: OWL.DatatypeProperty,
    DCTERMS.source: OWL.DatatypeProperty,
    SCHEMA.url: OWL.ObjectProperty,
    SCHEMA.ContactPoint: OWL.Class,
    SCHEMA.name: OWL.DatatypeProperty,
    SCHEMA.telephone: OWL.DatatypeProperty,
    SCHEMA.mentions: OWL.ObjectProperty,
    SCHEMA.Action: OWL.Class,
    DCTERMS.date: OWL.DatatypeProperty,
    SCHEMA.Person: OWL.Class,
    ORG.holds: OWL.ObjectProperty,
    ORG.Post: OWL.Class,
    SKOS.prefLabel: OWL.DatatypeProperty,
    SCHEMA.AdministrativeArea: OWL.Class,
    SCHEMA.sameAs: OWL.ObjectProperty,
}


def _graph(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return _graph(*resources.vocabulary_files())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _graph(resources.ontology_file())


@pytest.fixture(scope="module")
def alignment() -> Graph:
    return _graph(resources.alignment_file())


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(resources.context_file().read_text(encoding="utf-8"))


# --- files ---------------------------------------------------------------------------


def test_files_are_found_through_resources() -> None:
    files = resources.vocabulary_files()
    assert [p.name for p in files] == ["aglod.ttl", "alignment.ttl", "schemes.ttl", "topics.ttl"]
    assert files[0] == resources.ontology_file()
    assert files[1] == resources.alignment_file()
    for path in [*files, resources.context_file(), resources.shapes_file()]:
        assert path.is_file(), path


@pytest.mark.parametrize(
    "path",
    [*resources.vocabulary_files(), resources.shapes_file()],
    ids=lambda p: p.name,
)
def test_turtle_files_parse(path: Path) -> None:
    assert len(_graph(path)) > 20


def test_no_owl_imports(vocabulary: Graph) -> None:
    assert list(vocabulary.triples((None, OWL.imports, None))) == []


# --- ontology metadata -----------------------------------------------------------------


def test_ontology_metadata(ontology: Graph) -> None:
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(o, OWL.versionIRI) == URIRef("https://w3id.org/aglod/ontology/0.1.0")
    assert ontology.value(o, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(o, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert ontology.value(o, prop) is not None, prop
    assert ontology.value(o, URIRef(VANN + "preferredNamespacePrefix")) == Literal("aglod")
    assert str(ontology.value(o, URIRef(VANN + "preferredNamespaceUri"))) == str(AGLOD)


def test_alignment_header(alignment: Graph) -> None:
    assert (ALIGNMENT_IRI, RDF.type, OWL.Ontology) in alignment
    assert alignment.value(ALIGNMENT_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert alignment.value(ALIGNMENT_IRI, RDFS.label) is not None
    assert alignment.value(ALIGNMENT_IRI, RDFS.comment) is not None


# --- declarations ----------------------------------------------------------------------


def _assert_declared(graph: Graph, term: URIRef, kind: URIRef) -> None:
    assert (term, RDF.type, kind) in graph, f"{term} is not declared as {kind}"
    labels = list(graph.objects(term, RDFS.label))
    comments = list(graph.objects(term, RDFS.comment))
    assert any(isinstance(x, Literal) and x.language == "en" for x in labels), term
    assert any(isinstance(x, Literal) and x.language == "en" for x in comments), term
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph, term


@pytest.mark.parametrize("name", sorted(AGLOD_KINDS))
def test_model_term_is_declared(vocabulary: Graph, name: str) -> None:
    _assert_declared(vocabulary, AGLOD[name], AGLOD_KINDS[name])


@pytest.mark.parametrize("name", STABLE_CORE_AGLOD)
def test_stable_core_aglod_term_is_declared(vocabulary: Graph, name: str) -> None:
    assert name in AGLOD_KINDS
    _assert_declared(vocabulary, AGLOD[name], AGLOD_KINDS[name])


@pytest.mark.parametrize("term", sorted(STABLE_CORE_EXTERNAL), ids=str)
def test_stable_core_external_term_is_declared(vocabulary: Graph, term: URIRef) -> None:
    assert (term, RDF.type, STABLE_CORE_EXTERNAL[term]) in vocabulary


def test_every_aglod_term_of_the_model_doc_is_listed() -> None:
    used = set(re.findall(r"aglod:([A-Za-z][A-Za-z0-9]*)", MODEL_DOC.read_text("utf-8")))
    assert used, "docs/model.md names no aglod: term"
    assert used - set(AGLOD_KINDS) == set()


def test_every_aglod_subject_is_documented(vocabulary: Graph) -> None:
    """No aglod: term is half-declared: each has a kind, labels and isDefinedBy."""
    subjects = {s for s in vocabulary.subjects() if isinstance(s, URIRef) and s in AGLOD}
    assert subjects == {AGLOD[name] for name in AGLOD_KINDS}


def test_every_used_external_term_is_typed(vocabulary: Graph) -> None:
    """Superclasses, superproperties and ranges outside aglod: have an OWL declaration."""
    builtin = (str(XSD), str(RDF), str(RDFS), str(OWL))
    referenced = set()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.range, RDFS.domain, OWL.inverseOf):
        referenced |= {o for o in vocabulary.objects(None, prop) if isinstance(o, URIRef)}
    missing = [
        t
        for t in referenced
        if not str(t).startswith(builtin) and vocabulary.value(t, RDF.type) is None
    ]
    assert missing == []


# --- axioms DESIGN.md states -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (AGLOD.PressRelease, SCHEMA.NewsArticle),
        (AGLOD.PressRelease, PROV.Entity),
        (AGLOD.Action, SCHEMA.Action),
        (AGLOD.Official, SCHEMA.Person),
        (AGLOD.Post, ORG.Post),
        (AGLOD.Jurisdiction, SCHEMA.AdministrativeArea),
        (AGLOD.State, AGLOD.Jurisdiction),
        (AGLOD.FederalDistrict, AGLOD.Jurisdiction),
        (AGLOD.Territory, AGLOD.Jurisdiction),
        (AGLOD.Nation, AGLOD.Jurisdiction),
        (AGLOD.Organization, SCHEMA.Organization),
        (AGLOD.Organization, ORG.Organization),
        (AGLOD.GovernmentBody, AGLOD.Organization),
        (AGLOD.GovernmentBody, SCHEMA.GovernmentOrganization),
        (AGLOD.Evidence, OA.SpecificResource),
        *[(AGLOD[name], AGLOD.Action) for name in ACTION_TYPES],
    ],
    ids=str,
)
def test_subclass_axiom(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (AGLOD.lead, AGLOD.participant),
        (AGLOD.addressee, AGLOD.target),
        (AGLOD.defendant, AGLOD.target),
        (AGLOD.holds, ORG.holds),
        (AGLOD.postIn, ORG.postIn),
        (AGLOD.ocdPersonId, DCTERMS.identifier),
    ],
    ids=str,
)
def test_subproperty_axiom(ontology: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subPropertyOf, sup) in ontology


def test_reported_in_is_the_inverse_of_reports(ontology: Graph) -> None:
    assert (AGLOD.reportedIn, OWL.inverseOf, AGLOD.reports) in ontology


@pytest.mark.parametrize(
    ("prop", "range_"),
    [
        (AGLOD.issuingJurisdiction, AGLOD.Jurisdiction),
        (AGLOD.issuer, AGLOD.Official),
        (AGLOD.contact, SCHEMA.ContactPoint),
        (AGLOD.reports, AGLOD.Action),
        (AGLOD.reportedIn, AGLOD.PressRelease),
        (AGLOD.participant, AGLOD.Jurisdiction),
        (AGLOD.holds, AGLOD.Post),
        (AGLOD.postJurisdiction, AGLOD.Jurisdiction),
        (AGLOD.multistate, XSD.boolean),
        (AGLOD.statedCount, XSD.nonNegativeInteger),
        (AGLOD.namedCount, XSD.nonNegativeInteger),
        (AGLOD.uspsCode, XSD.string),
    ],
    ids=str,
)
def test_range(ontology: Graph, prop: URIRef, range_: URIRef) -> None:
    assert set(ontology.objects(prop, RDFS.range)) == {range_}


def test_targets_have_no_range(ontology: Graph) -> None:
    """Targets are officials or organizations: any range would mistype one of them."""
    for prop in (AGLOD.target, AGLOD.addressee, AGLOD.defendant):
        assert list(ontology.objects(prop, RDFS.range)) == []


def test_content_hash_has_no_domain(ontology: Graph) -> None:
    """Named graphs carry a content hash too: a domain would type them as releases."""
    assert list(ontology.objects(AGLOD.contentHash, RDFS.domain)) == []


# --- alignment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "triple",
    [
        (ORG.holds, OWL.inverseOf, ORG.heldBy),
        (ORG.postIn, OWL.inverseOf, ORG.hasPost),
        (ORG.Post, RDF.type, OWL.Class),
        (SCHEMA.NewsArticle, RDFS.subClassOf, SCHEMA.Article),
        (SCHEMA.Article, RDFS.subClassOf, SCHEMA.CreativeWork),
        (SCHEMA.AdministrativeArea, RDFS.subClassOf, SCHEMA.Place),
        (SCHEMA.GovernmentOrganization, RDFS.subClassOf, SCHEMA.Organization),
        (OA.SpecificResource, RDF.type, OWL.Class),
        (OA.TextPositionSelector, RDFS.subClassOf, OA.Selector),
        (OA.TextQuoteSelector, RDFS.subClassOf, OA.Selector),
        (PROV.Entity, RDF.type, OWL.Class),
        (SKOS.Concept, RDF.type, OWL.Class),
        (SCHEMA.familyName, RDF.type, OWL.DatatypeProperty),
        (SCHEMA.email, RDF.type, OWL.DatatypeProperty),
        (SCHEMA.about, RDF.type, OWL.DatatypeProperty),
        (SKOS.altLabel, RDF.type, OWL.DatatypeProperty),
        (OA.hasSource, RDF.type, OWL.ObjectProperty),
        (OA.hasSelector, RDF.type, OWL.ObjectProperty),
        (OA.start, RDF.type, OWL.DatatypeProperty),
        (OA.end, RDF.type, OWL.DatatypeProperty),
        (OA.exact, RDF.type, OWL.DatatypeProperty),
    ],
    ids=lambda t: " ".join(str(x).rsplit("/", 1)[-1] for x in t),
)
def test_alignment_axiom(alignment: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in alignment


@pytest.mark.parametrize("path", resources.vocabulary_files(), ids=lambda p: p.name)
def test_no_merging_axioms(path: Path) -> None:
    """owl:hasKey, functional properties and owl:sameAs make OWL RL merge distinct nodes."""
    graph = _graph(path)
    assert list(graph.triples((None, OWL.hasKey, None))) == []
    assert list(graph.triples((None, OWL.sameAs, None))) == []
    for kind in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
        assert list(graph.subjects(RDF.type, kind)) == []


def test_alignment_stays_small(alignment: Graph) -> None:
    """Single copied axioms about external terms, not a whole external ontology."""
    aglod_subjects = {s for s in alignment.subjects() if isinstance(s, URIRef) and s in AGLOD}
    assert aglod_subjects == set()
    assert len(alignment) < 150


def test_owl_rl_keeps_distinct_nodes_apart(vocabulary: Graph) -> None:
    data = Graph().parse(data=ROUND_TRIP_TTL, format="turtle")
    graph = vocabulary + data
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    same = {(s, o) for s, o in graph.subject_objects(OWL.sameAs) if s != o}
    assert same == set()
    action = URIRef(DEFAULT_BASE + "action/nm/2018-06-19/x/1")
    lead = URIRef(DEFAULT_BASE + "jurisdiction/nm")
    doj = URIRef(DEFAULT_BASE + "org/us-department-of-justice")
    post = URIRef(DEFAULT_BASE + "post/nm/attorney-general")
    official = URIRef(DEFAULT_BASE + "person/nm/balderas")
    assert (action, AGLOD.participant, lead) in graph
    assert (action, AGLOD.target, doj) in graph
    assert (post, ORG.heldBy, official) in graph
    assert (doj, RDF.type, SCHEMA.Person) not in graph
    assert (doj, RDF.type, AGLOD.Official) not in graph


def test_vocabulary_links_form_no_cycle(vocabulary: Graph) -> None:
    """pySHACL's ``ont_graph`` mixing deep-clones along IRI links and never ends on a cycle
    (for instance a scheme's skos:hasTopConcept back to concepts that are skos:inScheme it)."""
    links: dict[URIRef, set[URIRef]] = {}
    for s, _, o in vocabulary:
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o:
            links.setdefault(s, set()).add(o)
    done: set[URIRef] = set()

    def visit(node: URIRef, path: tuple[URIRef, ...]) -> None:
        if node in path:
            pytest.fail("cycle: " + " -> ".join(map(str, (*path, node))))
        if node in done:
            return
        for nxt in links.get(node, ()):
            visit(nxt, (*path, node))
        done.add(node)

    for start in list(links):
        visit(start, ())


# --- SKOS schemes ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTION_TYPES)
def test_action_type_concept(vocabulary: Graph, name: str) -> None:
    concept = AGLOD[name]
    assert (concept, RDF.type, OWL.Class) in vocabulary
    assert (concept, RDF.type, SKOS.Concept) in vocabulary
    assert (concept, RDF.type, OWL.NamedIndividual) in vocabulary
    assert (concept, SKOS.inScheme, AGLOD.ActionTypes) in vocabulary
    assert (concept, SKOS.topConceptOf, AGLOD.ActionTypes) in vocabulary
    assert list(vocabulary.objects(concept, SKOS.notation)) == [Literal(name)]
    for prop in (SKOS.prefLabel, SKOS.definition):
        values = list(vocabulary.objects(concept, prop))
        assert len(values) == 1 and values[0].language == "en", (concept, prop)


def test_action_types_scheme_holds_exactly_the_twelve(vocabulary: Graph) -> None:
    members = set(vocabulary.subjects(SKOS.inScheme, AGLOD.ActionTypes))
    assert members == {AGLOD[name] for name in ACTION_TYPES}
    notations = {str(vocabulary.value(m, SKOS.notation)) for m in members}
    assert notations == set(ACTION_TYPES)


@pytest.mark.parametrize(("name", "code"), sorted(ROLES.items()))
def test_issuer_role_concept(vocabulary: Graph, name: str, code: str) -> None:
    concept = AGLOD[name]
    assert (concept, RDF.type, OWL.NamedIndividual) in vocabulary
    assert (concept, SKOS.inScheme, AGLOD.IssuerRoles) in vocabulary
    assert (concept, SKOS.topConceptOf, AGLOD.IssuerRoles) in vocabulary
    assert list(vocabulary.objects(concept, SKOS.notation)) == [Literal(code)]
    assert vocabulary.value(concept, SKOS.prefLabel).language == "en"
    assert vocabulary.value(concept, SKOS.definition).language == "en"


def test_issuer_roles_scheme_holds_exactly_the_four(vocabulary: Graph) -> None:
    members = set(vocabulary.subjects(SKOS.inScheme, AGLOD.IssuerRoles))
    assert members == {AGLOD[name] for name in ROLES}


# --- JSON-LD context -------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"duplicate keys in context.jsonld: {duplicates}"
    return dict(pairs)


def _expand_term(ctx: dict, value: str) -> str:
    prefix, _, local = value.partition(":")
    return ctx[prefix] + local if prefix in ctx and isinstance(ctx[prefix], str) else value


def test_context_prefixes(context: dict) -> None:
    ctx = context["@context"]
    assert ctx["@version"] == 1.1
    for prefix, namespace in PREFIXES.items():
        assert ctx[prefix] == str(namespace), prefix
    assert ctx["aglodid"] == DEFAULT_BASE


def test_context_terms_are_unique() -> None:
    text = resources.context_file().read_text(encoding="utf-8")
    ctx = json.loads(text, object_pairs_hook=_no_duplicate_keys)["@context"]
    iris = [
        _expand_term(ctx, v if isinstance(v, str) else v["@id"])
        for k, v in ctx.items()
        if not k.startswith("@")
    ]
    assert len(iris) == len(set(iris))


def test_context_types_match_the_ontology(vocabulary: Graph, context: dict) -> None:
    ctx = context["@context"]
    checked = 0
    for term, definition in ctx.items():
        if term.startswith("@") or isinstance(definition, str):
            continue
        iri = URIRef(_expand_term(ctx, definition["@id"]))
        if (iri, RDF.type, OWL.ObjectProperty) in vocabulary:
            assert definition.get("@type") == "@id", term
            checked += 1
        elif (iri, RDF.type, OWL.DatatypeProperty) in vocabulary:
            ranges = {str(r) for r in vocabulary.objects(iri, RDFS.range)}
            if ranges:
                assert {_expand_term(ctx, definition["@type"])} == ranges, term
                checked += 1
        assert "@container" not in definition, term
    assert checked > 20


@pytest.mark.parametrize(
    ("term", "iri", "type_"),
    [
        ("headline", SCHEMA.headline, None),
        ("articleBody", SCHEMA.articleBody, None),
        ("source", DCTERMS.source, None),
        ("name", SCHEMA.name, None),
        ("datePublished", SCHEMA.datePublished, XSD.date),
        ("date", DCTERMS.date, XSD.date),
        ("statedCount", AGLOD.statedCount, XSD.nonNegativeInteger),
        ("multistate", AGLOD.multistate, XSD.boolean),
        ("start", OA.start, XSD.nonNegativeInteger),
        ("end", OA.end, XSD.nonNegativeInteger),
        ("participant", AGLOD.participant, "@id"),
        ("lead", AGLOD.lead, "@id"),
        ("target", AGLOD.target, "@id"),
        ("addressee", AGLOD.addressee, "@id"),
        ("defendant", AGLOD.defendant, "@id"),
        ("issuer", AGLOD.issuer, "@id"),
        ("issuingJurisdiction", AGLOD.issuingJurisdiction, "@id"),
        ("reports", AGLOD.reports, "@id"),
        ("reportedIn", AGLOD.reportedIn, "@id"),
        ("mentions", SCHEMA.mentions, "@id"),
        ("holds", AGLOD.holds, "@id"),
        ("sameAs", SCHEMA.sameAs, "@id"),
    ],
)
def test_context_term(context: dict, term: str, iri: URIRef, type_: object) -> None:
    ctx = context["@context"]
    definition = ctx[term]
    if type_ is None:
        assert _expand_term(ctx, definition) == str(iri)
    else:
        assert _expand_term(ctx, definition["@id"]) == str(iri)
        expected = type_ if type_ == "@id" else str(type_)
        assert _expand_term(ctx, definition["@type"]) == expected


ROUND_TRIP_TTL = """
@base <https://w3id.org/aglod/id/> .
@prefix aglod: <https://w3id.org/aglod/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<release/nm/2018-06-19/x> a aglod:PressRelease ;
    schema:headline "AG Balderas leads 21 attorneys general" ;
    schema:datePublished "2018-06-19"^^xsd:date ;
    schema:articleBody "Albuquerque, NM – Attorney General Hector Balderas led a letter." ;
    dcterms:source "corpus/releases/nm_2018-06-19_family-separation-letter.txt" ;
    schema:url <https://www.nmag.gov/x.aspx> ;
    aglod:contentHash "sha256:00ff" ;
    aglod:issuingJurisdiction <jurisdiction/nm> ;
    aglod:issuer <person/nm/balderas> ;
    aglod:dateline "Albuquerque" ;
    aglod:contact <contact/james-hallinan-505-660-2216> ;
    aglod:reports <action/nm/2018-06-19/x/1> ;
    schema:mentions <person/nm/balderas> , <person/us/sessions> .

<action/nm/2018-06-19/x/1> a aglod:Action , aglod:Letter ;
    aglod:reportedIn <release/nm/2018-06-19/x> ;
    dcterms:date "2018-06-19"^^xsd:date ;
    aglod:participant <jurisdiction/nm> , <jurisdiction/ca> ;
    aglod:lead <jurisdiction/nm> ;
    aglod:multistate true ;
    aglod:statedCount "21"^^xsd:nonNegativeInteger ;
    aglod:issuerRole aglod:RoleLed ;
    aglod:target <org/us-department-of-justice> , <person/us/sessions> ;
    aglod:addressee <org/us-department-of-justice> ;
    schema:about "immigration" , "family separation" .

<person/nm/balderas> a aglod:Official ;
    schema:name "Hector Balderas" ;
    schema:familyName "Balderas" ;
    aglod:holds <post/nm/attorney-general> .

<post/nm/attorney-general> a aglod:Post ;
    skos:prefLabel "Attorney General of New Mexico"@en ;
    aglod:postTitle "Attorney General" ;
    aglod:postJurisdiction <jurisdiction/nm> .

<jurisdiction/nm> a aglod:Jurisdiction , aglod:State ;
    schema:name "New Mexico" ;
    aglod:uspsCode "NM" ;
    aglod:fipsCode "35" ;
    aglod:ocdDivisionId "ocd-division/country:us/state:nm" ;
    schema:sameAs <http://www.wikidata.org/entity/Q1522> ;
    skos:altLabel "N.M." .

<org/us-department-of-justice> a aglod:Organization , aglod:GovernmentBody ;
    schema:name "U.S. Department of Justice" ;
    aglod:bodyJurisdiction <jurisdiction/us> .

<contact/james-hallinan-505-660-2216> a schema:ContactPoint ;
    schema:name "James Hallinan" ;
    schema:telephone "505-660-2216" .

<release/nm/2018-06-19/x/evidence/1> a aglod:Evidence ;
    oa:hasSource <release/nm/2018-06-19/x> ;
    aglod:evidenceFor <action/nm/2018-06-19/x/1> ;
    aglod:evidenceProperty aglod:statedCount ;
    aglod:evidenceValue "21" ;
    oa:hasSelector <release/nm/2018-06-19/x/evidence/1/position> ,
        <release/nm/2018-06-19/x/evidence/1/quote> .

<release/nm/2018-06-19/x/evidence/1/position> a oa:TextPositionSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ;
    oa:end "11"^^xsd:nonNegativeInteger .

<release/nm/2018-06-19/x/evidence/1/quote> a oa:TextQuoteSelector ;
    oa:exact "Albuquerque" .

<release/nm/2018-06-19/x/evidence/2> a aglod:Evidence ;
    aglod:evidenceValue <jurisdiction/nm> .

<graph/nm/2018-06-19/x> prov:wasDerivedFrom <file:///corpus/nm.txt> ;
    prov:generatedAtTime "2024-01-01T00:00:00Z"^^xsd:dateTime .
"""


def _no_remote_documents(url: str, options: object = None) -> dict:
    raise AssertionError(f"pyld tried to fetch {url}")


PYLD_OPTIONS = {"documentLoader": _no_remote_documents}


def _assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, missing, added = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graphs differ\nmissing:\n"
            + "\n".join(sorted(map(str, missing)))
            + "\nadded:\n"
            + "\n".join(sorted(map(str, added)))
        )


def _node(document: dict, iri_suffix: str) -> dict:
    for node in document["@graph"]:
        if node["@id"] == "aglodid:" + iri_suffix:
            return node
    raise AssertionError(f"no node aglodid:{iri_suffix} in {document}")


@pytest.fixture(scope="module")
def round_trip_graph() -> Graph:
    return Graph().parse(data=ROUND_TRIP_TTL, format="turtle")


@pytest.fixture(scope="module")
def compacted(round_trip_graph: Graph, context: dict) -> dict:
    expanded = json.loads(round_trip_graph.serialize(format="json-ld"))
    return jsonld.compact(expanded, context, PYLD_OPTIONS)


def test_compaction_uses_the_short_terms(compacted: dict) -> None:
    release = _node(compacted, "release/nm/2018-06-19/x")
    assert release["@type"] == "PressRelease"
    assert release["headline"] == "AG Balderas leads 21 attorneys general"
    assert release["datePublished"] == "2018-06-19"
    assert release["issuingJurisdiction"] == "aglodid:jurisdiction/nm"
    assert release["url"] == "https://www.nmag.gov/x.aspx"
    action = _node(compacted, "action/nm/2018-06-19/x/1")
    assert sorted(action["@type"]) == ["Action", "Letter"]
    assert sorted(action["participant"]) == ["aglodid:jurisdiction/ca", "aglodid:jurisdiction/nm"]
    assert action["lead"] == "aglodid:jurisdiction/nm"
    assert action["multistate"] is True
    assert action["statedCount"] == "21"
    assert action["date"] == "2018-06-19"
    assert action["issuerRole"] == "aglod:RoleLed"
    jurisdiction = _node(compacted, "jurisdiction/nm")
    assert jurisdiction["sameAs"] == "wd:Q1522"
    position = _node(compacted, "release/nm/2018-06-19/x/evidence/1/position")
    assert (position["start"], position["end"]) == ("0", "11")
    # A value that may be an IRI or a literal keeps its explicit form.
    assert _node(compacted, "release/nm/2018-06-19/x/evidence/2")["evidenceValue"] == {
        "@id": "aglodid:jurisdiction/nm"
    }


def test_compacted_document_parses_back_with_rdflib(
    round_trip_graph: Graph, compacted: dict
) -> None:
    assert isinstance(compacted["@context"], dict)  # inline: nothing to fetch
    parsed = Graph().parse(data=json.dumps(compacted), format="json-ld")
    _assert_isomorphic(round_trip_graph, parsed)


def test_compacted_document_expands_back_with_pyld(
    round_trip_graph: Graph, compacted: dict
) -> None:
    expanded = jsonld.expand(compacted, PYLD_OPTIONS)
    nquads = jsonld.to_rdf(expanded, {**PYLD_OPTIONS, "format": "application/n-quads"})
    _assert_isomorphic(round_trip_graph, Graph().parse(data=nquads, format="nquads"))


def test_rdflib_compaction_with_the_context_round_trips(
    round_trip_graph: Graph, context: dict
) -> None:
    text = round_trip_graph.serialize(format="json-ld", context=context["@context"])
    assert '"headline"' in text
    _assert_isomorphic(round_trip_graph, Graph().parse(data=text, format="json-ld"))
