"""The SHACL shapes: well-formed (SHACL-for-SHACL), and each rule fires where it should."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, SH, SKOS

from aglod import resources
from aglod.rdf.namespaces import AGLOD, DEFAULT_BASE, OA, SCHEMA

AGLODSH = Namespace("https://w3id.org/aglod/shapes#")
SHAPES_IRI = URIRef("https://w3id.org/aglod/shapes")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = Namespace(DEFAULT_BASE)

RELEASE = ID["release/nm/2018-06-19/ag-balderas-leads-letter"]
ACTION = ID["action/nm/2018-06-19/ag-balderas-leads-letter/1"]
EVIDENCE = ID["release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1"]
POSITION = ID["release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/position"]
QUOTE = ID["release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/quote"]
NM = ID["jurisdiction/nm"]
CA = ID["jurisdiction/ca"]
OFFICIAL = ID["person/nm/balderas"]
CONTACT = ID["contact/james-hallinan-505-660-2216"]

BODY = "Albuquerque, NM – Attorney General Hector Balderas today sent a letter."
QUOTED = "Hector Balderas"
START = BODY.index(QUOTED)
END = START + len(QUOTED)

# A release with everything the model asks for: it must conform with no result at all.
VALID_TTL = f"""
@base <https://w3id.org/aglod/id/> .
@prefix aglod: <https://w3id.org/aglod/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<release/nm/2018-06-19/ag-balderas-leads-letter> a aglod:PressRelease ;
    schema:headline "AG Balderas leads letter" ;
    schema:datePublished "2018-06-19"^^xsd:date ;
    schema:articleBody "{BODY}" ;
    dcterms:source "corpus/releases/nm_2018-06-19_family-separation-letter.txt" ;
    aglod:contentHash "sha256:{"0123456789abcdef" * 4}" ;
    schema:url <https://www.nmag.gov/ag-balderas-leads-letter.aspx> ;
    aglod:issuingJurisdiction <jurisdiction/nm> ;
    aglod:issuer <person/nm/balderas> ;
    aglod:dateline "Albuquerque" ;
    aglod:contact <contact/james-hallinan-505-660-2216> ;
    aglod:reports <action/nm/2018-06-19/ag-balderas-leads-letter/1> ;
    schema:mentions <person/nm/balderas> , <person/us/sessions> .

<action/nm/2018-06-19/ag-balderas-leads-letter/1> a aglod:Action , aglod:Letter ;
    aglod:reportedIn <release/nm/2018-06-19/ag-balderas-leads-letter> ;
    dcterms:date "2018-06-19"^^xsd:date ;
    aglod:participant <jurisdiction/nm> , <jurisdiction/ca> ;
    aglod:lead <jurisdiction/nm> ;
    aglod:multistate true ;
    aglod:statedCount "2"^^xsd:nonNegativeInteger ;
    aglod:namedCount "2"^^xsd:nonNegativeInteger ;
    aglod:issuerRole aglod:RoleLed ;
    aglod:target <person/us/sessions> , <org/us-department-of-justice> ;
    aglod:addressee <person/us/sessions> , <org/us-department-of-justice> ;
    schema:about "immigration" .

<person/nm/balderas> a aglod:Official ;
    schema:name "Hector Balderas" ;
    schema:familyName "Balderas" ;
    aglod:holds <post/nm/attorney-general> .

<person/us/sessions> a aglod:Official ;
    schema:name "Jeff Sessions" ;
    schema:familyName "Sessions" ;
    aglod:holds <post/us/attorney-general> .

<post/nm/attorney-general> a aglod:Post ;
    skos:prefLabel "Attorney General of New Mexico"@en ;
    aglod:postTitle "Attorney General" ;
    aglod:postJurisdiction <jurisdiction/nm> .

<post/us/attorney-general> a aglod:Post ;
    skos:prefLabel "Attorney General of the United States"@en ;
    aglod:postTitle "Attorney General" ;
    aglod:postJurisdiction <jurisdiction/us> ;
    aglod:postIn <org/us-department-of-justice> .

<jurisdiction/nm> a aglod:Jurisdiction , aglod:State ;
    schema:name "New Mexico" ;
    aglod:uspsCode "NM" ;
    aglod:fipsCode "35" ;
    aglod:ocdDivisionId "ocd-division/country:us/state:nm" ;
    schema:sameAs <http://www.wikidata.org/entity/Q1522> ;
    skos:altLabel "N.M." .

<jurisdiction/ca> a aglod:Jurisdiction , aglod:State ;
    schema:name "California" ;
    aglod:uspsCode "CA" ;
    aglod:fipsCode "06" ;
    aglod:ocdDivisionId "ocd-division/country:us/state:ca" ;
    schema:sameAs <http://www.wikidata.org/entity/Q99> .

<jurisdiction/us> a aglod:Jurisdiction , aglod:Nation ;
    schema:name "United States" ;
    aglod:uspsCode "US" ;
    aglod:ocdDivisionId "ocd-division/country:us" ;
    schema:sameAs <http://www.wikidata.org/entity/Q30> .

<org/us-department-of-justice> a aglod:Organization , aglod:GovernmentBody ;
    schema:name "U.S. Department of Justice" ;
    skos:altLabel "DOJ" ;
    aglod:bodyJurisdiction <jurisdiction/us> .

<contact/james-hallinan-505-660-2216> a schema:ContactPoint ;
    schema:name "James Hallinan" ;
    schema:telephone "505-660-2216" .

<release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1> a aglod:Evidence ;
    oa:hasSource <release/nm/2018-06-19/ag-balderas-leads-letter> ;
    aglod:evidenceFor <release/nm/2018-06-19/ag-balderas-leads-letter> ;
    aglod:evidenceProperty aglod:issuer ;
    aglod:evidenceValue <person/nm/balderas> ;
    oa:hasSelector <release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/position> ,
        <release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/quote> .

<release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/position> a oa:TextPositionSelector ;
    oa:start "{START}"^^xsd:nonNegativeInteger ;
    oa:end "{END}"^^xsd:nonNegativeInteger .

<release/nm/2018-06-19/ag-balderas-leads-letter/evidence/1/quote> a oa:TextQuoteSelector ;
    oa:exact "{QUOTED}" .
"""


@dataclass(frozen=True)
class Result:
    focus: object
    path: object
    value: object
    severity: URIRef
    shape: object
    messages: frozenset[str]


@dataclass(frozen=True)
class Report:
    conforms: bool
    results: list[Result]

    def by_shape(self, shape: URIRef) -> list[Result]:
        return [r for r in self.results if r.shape == shape]

    def with_severity(self, severity: URIRef) -> list[Result]:
        return [r for r in self.results if r.severity == severity]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(resources.shapes_file(), format="turtle")


def valid_graph() -> Graph:
    return Graph().parse(data=VALID_TTL, format="turtle")


def validate(data: Graph, shapes: Graph) -> Report:
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=None,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    results = [
        Result(
            focus=report.value(r, SH.focusNode),
            path=report.value(r, SH.resultPath),
            value=report.value(r, SH.value),
            severity=report.value(r, SH.resultSeverity),
            shape=report.value(r, SH.sourceShape),
            messages=frozenset(str(m) for m in report.objects(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(bool(conforms), results)


def shape_message(shapes: Graph, shape: URIRef) -> str:
    messages = [str(m) for m in shapes.objects(shape, SH.message)]
    assert len(messages) == 1, shape
    return messages[0]


def only(results: list[Result]) -> Result:
    assert len(results) == 1, results
    return results[0]


# --- the shapes graph itself -----------------------------------------------------------


def test_shapes_pass_shacl_for_shacl(shapes: Graph) -> None:
    meta = Graph().parse(str(files("pyshacl") / "assets" / "shacl-shacl.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    assert conforms, text
    conforms, _, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_shacl_for_shacl_catches_a_broken_shape(shapes: Graph) -> None:
    broken = Graph() + shapes
    broken.add((AGLODSH["Action-participant"], SH.minCount, Literal("one")))
    conforms, _, _ = meta_validate(broken, inference="none")
    assert not conforms


def _all_shapes(shapes: Graph) -> set:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.subjects(SH.path, None))
    for prop in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found |= set(shapes.objects(None, prop))
    for prop in (SH["or"], SH.xone, SH["and"]):
        for head in shapes.objects(None, prop):
            found |= set(Collection(shapes, head))
    return found


def test_every_shape_has_an_english_message(shapes: Graph) -> None:
    all_shapes = _all_shapes(shapes)
    assert len(all_shapes) > 60
    missing = [
        s
        for s in all_shapes
        if not any(getattr(m, "language", None) == "en" for m in shapes.objects(s, SH.message))
    ]
    assert missing == []


def test_named_shapes_are_in_the_shapes_namespace(shapes: Graph) -> None:
    named = {s for s in _all_shapes(shapes) if not isinstance(s, BNode)}
    assert named and all(str(s).startswith(str(AGLODSH)) for s in named)


def test_sparql_constraints_declare_their_prefixes(shapes: Graph) -> None:
    constraints = list(shapes.objects(None, SH.sparql))
    assert len(constraints) == 4
    for constraint in constraints:
        assert shapes.value(constraint, SH.prefixes) == SHAPES_IRI
        assert shapes.value(constraint, SH.message) is not None
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in shapes
    declared = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(SHAPES_IRI, SH.declare)
    }
    assert declared["aglod"] == str(AGLOD)
    assert declared["schema"] == str(SCHEMA)
    assert declared["oa"] == str(OA)


@pytest.mark.parametrize(
    ("shape", "severity"),
    [
        ("Action-participant", SH.Violation),
        ("Action-leadIsParticipant", SH.Violation),
        ("PressRelease-headline", SH.Violation),
        ("PressRelease-articleBody", SH.Violation),
        ("PressRelease-source", SH.Violation),
        ("PressRelease-datePublished", SH.Violation),
        ("PressRelease-datePublishedPresent", SH.Warning),
        ("PressRelease-issuingJurisdictionPresent", SH.Warning),
        ("PressRelease-issuerPresent", SH.Warning),
        ("Jurisdiction-uspsCode", SH.Violation),
        ("Official-name", SH.Violation),
        ("Official-ocdPersonId", SH.Violation),
        ("Official-sameAs", SH.Violation),
        ("Evidence-position", SH.Violation),
        ("Evidence-quote", SH.Violation),
        ("EvidenceQuoteShape", SH.Violation),
        ("StatedCountShape", SH.Warning),
        ("NamedCountShape", SH.Violation),
        ("Action-namedCount", SH.Violation),
        ("MultistateShape", SH.Warning),
        ("AdversarialAction-defendant", SH.Warning),
        ("Letter-addressee", SH.Warning),
        ("Action-datePresent", SH.Info),
    ],
)
def test_declared_severity(shapes: Graph, shape: str, severity: URIRef) -> None:
    assert shapes.value(AGLODSH[shape], SH.severity) == severity


# --- data ------------------------------------------------------------------------------


def test_valid_graph_conforms_without_any_result(shapes: Graph) -> None:
    report = validate(valid_graph(), shapes)
    assert report.conforms
    assert report.results == []


@pytest.mark.parametrize("inference", ["none", "rdfs", "owlrl"])
def test_valid_graph_conforms_with_the_vocabulary_mixed_in(shapes: Graph, inference: str) -> None:
    """Inference over ontology + data adds no type or value that the shapes reject."""
    vocabulary = Graph()
    for path in resources.vocabulary_files():
        vocabulary.parse(path, format="turtle")
    # Fail fast rather than hang: pySHACL deep-clones the ontology along its links,
    # endlessly on a scheme -> concept -> scheme cycle (see test_ontology).
    assert list(vocabulary.triples((None, SKOS.hasTopConcept, None))) == []
    conforms, report, text = pyshacl.validate(
        valid_graph(),
        shacl_graph=shapes,
        ont_graph=vocabulary,
        inference=inference,
        advanced=True,
        allow_warnings=True,
    )
    assert conforms, text
    assert list(report.subjects(RDF.type, SH.ValidationResult)) == [], text


def test_action_without_participant_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, None))
    data.remove((ACTION, AGLOD.lead, None))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.by_shape(AGLODSH["Action-participant"]))
    assert result.severity == SH.Violation
    assert result.focus == ACTION
    assert result.messages == {shape_message(shapes, AGLODSH["Action-participant"])}
    assert result.messages == {"action has no participant"}
    assert not report.by_shape(AGLODSH["Action-participantUnknown"])


def test_action_without_participant_of_an_unknown_office_only_warns(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, None))
    data.remove((ACTION, AGLOD.lead, None))
    data.set((ACTION, AGLOD.namedCount, Literal(0, datatype=XSD.nonNegativeInteger)))
    data.remove((RELEASE, AGLOD.issuingJurisdiction, None))
    report = validate(data, shapes)
    assert report.conforms
    assert not report.by_shape(AGLODSH["Action-participant"])
    result = only(report.by_shape(AGLODSH["Action-participantUnknown"]))
    assert (result.severity, result.focus) == (SH.Warning, ACTION)


def test_lead_that_is_not_a_participant_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, NM))
    data.set((ACTION, AGLOD.statedCount, Literal(1, datatype=XSD.nonNegativeInteger)))
    data.set((ACTION, AGLOD.namedCount, Literal(1, datatype=XSD.nonNegativeInteger)))
    data.set((ACTION, AGLOD.multistate, Literal(False)))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.with_severity(SH.Violation))
    assert result.shape == AGLODSH["Action-leadIsParticipant"]
    assert (result.focus, result.path, result.value) == (ACTION, AGLOD.lead, NM)
    assert shape_message(shapes, AGLODSH["Action-leadIsParticipant"]) in result.messages


def test_release_without_date_conforms_with_a_warning(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((RELEASE, SCHEMA.datePublished, None))
    report = validate(data, shapes)
    assert report.conforms
    assert report.with_severity(SH.Violation) == []
    result = only(report.results)
    assert result.severity == SH.Warning
    assert result.focus == RELEASE
    assert result.shape == AGLODSH["PressRelease-datePublishedPresent"]
    assert result.messages == {"release has no date"}


def test_datepublished_that_is_not_a_date_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.set((RELEASE, SCHEMA.datePublished, Literal("June 19, 2018")))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.severity, result.shape) == (SH.Violation, AGLODSH["PressRelease-datePublished"])
    assert result.value == Literal("June 19, 2018")


@pytest.mark.parametrize(
    ("prop", "shape"),
    [
        (SCHEMA.headline, "PressRelease-headline"),
        (SCHEMA.articleBody, "PressRelease-articleBody"),
        (DCTERMS.source, "PressRelease-source"),
    ],
)
def test_release_missing_a_required_field_is_a_violation(
    shapes: Graph, prop: URIRef, shape: str
) -> None:
    data = valid_graph()
    data.remove((RELEASE, prop, None))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.by_shape(AGLODSH[shape]))
    assert (result.severity, result.focus, result.path) == (SH.Violation, RELEASE, prop)


@pytest.mark.parametrize(
    ("prop", "shape", "message"),
    [
        (AGLOD.issuer, "PressRelease-issuerPresent", "release has no issuer"),
        (
            AGLOD.issuingJurisdiction,
            "PressRelease-issuingJurisdictionPresent",
            "release has no issuing jurisdiction",
        ),
    ],
)
def test_release_without_office_or_issuer_warns(
    shapes: Graph, prop: URIRef, shape: str, message: str
) -> None:
    data = valid_graph()
    data.remove((RELEASE, prop, None))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert (result.severity, result.shape, result.focus) == (SH.Warning, AGLODSH[shape], RELEASE)
    assert result.messages == {message}


def test_stated_count_differing_from_participants_warns(shapes: Graph) -> None:
    data = valid_graph()
    data.set((ACTION, AGLOD.statedCount, Literal(3, datatype=XSD.nonNegativeInteger)))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert result.severity == SH.Warning
    assert result.shape == AGLODSH.StatedCountShape
    assert result.focus == ACTION
    assert result.value == Literal(3, datatype=XSD.nonNegativeInteger)
    assert "action states a coalition of 3 but names 2 participants" in result.messages


def test_stated_count_with_no_participant_at_all_warns(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, None))
    data.remove((ACTION, AGLOD.lead, None))
    report = validate(data, shapes)
    result = only(report.by_shape(AGLODSH.StatedCountShape))
    assert "action states a coalition of 2 but names 0 participants" in result.messages


def test_named_count_differing_from_participants_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, CA))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.by_shape(AGLODSH.NamedCountShape))
    assert (result.severity, result.focus) == (SH.Violation, ACTION)
    assert "action's namedCount is 2 but it has 1 participants" in result.messages


def test_missing_named_count_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.namedCount, None))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.severity, result.focus, result.path) == (
        SH.Violation,
        ACTION,
        AGLOD.namedCount,
    )


def test_multistate_action_with_one_participant_warns(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.participant, CA))
    data.set((ACTION, AGLOD.statedCount, Literal(1, datatype=XSD.nonNegativeInteger)))
    data.set((ACTION, AGLOD.namedCount, Literal(1, datatype=XSD.nonNegativeInteger)))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert (result.severity, result.shape, result.focus) == (
        SH.Warning,
        AGLODSH.MultistateShape,
        ACTION,
    )
    # The same action, no longer flagged multistate, raises nothing.
    data.set((ACTION, AGLOD.multistate, Literal(False)))
    assert validate(data, shapes).results == []


def test_evidence_quote_not_matching_the_text_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.set((QUOTE, OA.exact, Literal("Hector Balderaz")))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.severity, result.shape, result.focus) == (
        SH.Violation,
        AGLODSH.EvidenceQuoteShape,
        EVIDENCE,
    )
    assert result.value == Literal("Hector Balderaz")


def test_evidence_offsets_off_by_one_are_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.set((POSITION, OA.start, Literal(START + 1, datatype=XSD.nonNegativeInteger)))
    data.set((POSITION, OA.end, Literal(END + 1, datatype=XSD.nonNegativeInteger)))
    report = validate(data, shapes)
    assert not report.conforms
    assert only(report.results).shape == AGLODSH.EvidenceQuoteShape


@pytest.mark.parametrize(
    ("selector", "shape"),
    [(POSITION, "Evidence-position"), (QUOTE, "Evidence-quote")],
)
def test_evidence_without_position_or_quote_is_a_violation(
    shapes: Graph, selector: URIRef, shape: str
) -> None:
    data = valid_graph()
    data.remove((EVIDENCE, OA.hasSelector, selector))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.by_shape(AGLODSH[shape]))
    assert (result.severity, result.focus) == (SH.Violation, EVIDENCE)


def test_jurisdiction_with_lower_case_usps_code_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.set((NM, AGLOD.uspsCode, Literal("nm")))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.severity, result.shape) == (SH.Violation, AGLODSH["Jurisdiction-uspsCode"])
    assert (result.focus, result.path, result.value) == (NM, AGLOD.uspsCode, Literal("nm"))


def test_jurisdiction_without_usps_code_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((CA, AGLOD.uspsCode, None))
    report = validate(data, shapes)
    assert not report.conforms
    assert only(report.results).focus == CA


def test_official_without_name_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((OFFICIAL, SCHEMA.name, None))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.severity, result.shape, result.focus) == (
        SH.Violation,
        AGLODSH["Official-name"],
        OFFICIAL,
    )


def test_contact_with_neither_name_nor_telephone_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((CONTACT, SCHEMA.name, None))
    assert validate(data, shapes).results == []  # a telephone alone is enough
    data.remove((CONTACT, SCHEMA.telephone, None))
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.shape, result.focus) == (AGLODSH.ContactPointShape, CONTACT)


@pytest.mark.parametrize("kind", [AGLOD.Lawsuit, AGLOD.Settlement, AGLOD.Charges])
def test_adversarial_action_without_defendant_warns(shapes: Graph, kind: URIRef) -> None:
    data = valid_graph()
    data.remove((ACTION, RDF.type, AGLOD.Letter))
    data.add((ACTION, RDF.type, kind))
    data.remove((ACTION, AGLOD.target, None))
    data.remove((ACTION, AGLOD.addressee, None))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert (result.severity, result.shape) == (SH.Warning, AGLODSH["AdversarialAction-defendant"])
    assert any(m.endswith("names no defendant") for m in result.messages)
    # A defendant silences it.
    data.add((ACTION, AGLOD.defendant, ID["org/us-department-of-justice"]))
    assert validate(data, shapes).results == []


def test_letter_without_addressee_warns(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, AGLOD.target, None))
    data.remove((ACTION, AGLOD.addressee, None))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert (result.severity, result.shape) == (SH.Warning, AGLODSH["Letter-addressee"])
    assert result.messages == {"letter names no addressee"}


def test_action_without_date_is_an_info(shapes: Graph) -> None:
    data = valid_graph()
    data.remove((ACTION, DCTERMS.date, None))
    report = validate(data, shapes)
    assert report.conforms
    result = only(report.results)
    assert (result.severity, result.focus) == (SH.Info, ACTION)


def test_target_that_is_no_party_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.add((ACTION, AGLOD.defendant, RELEASE))  # a press release is no party
    report = validate(data, shapes)
    assert not report.conforms
    result = only(report.results)
    assert (result.shape, result.value) == (AGLODSH["Action-target"], RELEASE)


def test_a_state_on_the_other_side_of_a_case_is_a_target(shapes: Graph) -> None:
    data = valid_graph()
    data.add((ACTION, AGLOD.defendant, CA))
    assert validate(data, shapes).conforms


def test_unknown_issuer_role_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.set((ACTION, AGLOD.issuerRole, AGLOD.RoleLeader))
    report = validate(data, shapes)
    assert not report.conforms
    assert only(report.results).shape == AGLODSH["Action-issuerRole"]


# --- identifiers of officials ----------------------------------------------------------

OCD_PERSON = "ocd-person/1ad81709-e1d6-42bd-86bc-afdec934288c"


def test_official_with_ocd_id_and_wikidata_conforms(shapes: Graph) -> None:
    data = valid_graph()
    data.add((OFFICIAL, AGLOD.ocdPersonId, Literal(OCD_PERSON)))
    data.add((OFFICIAL, SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q4772558")))
    report = validate(data, shapes)
    assert report.conforms
    assert report.results == []


@pytest.mark.parametrize(
    "value",
    [
        Literal("ocd-person/1AD81709-E1D6-42BD-86BC-AFDEC934288C"),  # upper case
        Literal("ocd-person/1ad81709-e1d6-42bd-86bc-afdec934288"),  # a digit short
        Literal("ocd-division/country:us/state:md"),  # a division, not a person
        Literal("1ad81709-e1d6-42bd-86bc-afdec934288c"),  # no scheme
        Literal(OCD_PERSON, lang="en"),  # not an xsd:string
        URIRef("https://example.org/" + OCD_PERSON),  # not a literal
    ],
    ids=repr,
)
def test_malformed_ocd_person_id_is_a_violation(shapes: Graph, value: Literal | URIRef) -> None:
    data = valid_graph()
    data.add((OFFICIAL, AGLOD.ocdPersonId, value))
    report = validate(data, shapes)
    assert not report.conforms
    results = report.by_shape(AGLODSH["Official-ocdPersonId"])
    assert results and report.results == results
    assert {(r.severity, r.focus, r.path, r.value) for r in results} == {
        (SH.Violation, OFFICIAL, AGLOD.ocdPersonId, value)
    }


def test_two_ocd_person_ids_are_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    data.add((OFFICIAL, AGLOD.ocdPersonId, Literal(OCD_PERSON)))
    data.add((OFFICIAL, AGLOD.ocdPersonId, Literal(OCD_PERSON.replace("1ad8", "2ad8"))))
    report = validate(data, shapes)
    assert not report.conforms
    assert only(report.results).shape == AGLODSH["Official-ocdPersonId"]


@pytest.mark.parametrize(
    "value",
    [
        Literal("http://www.wikidata.org/entity/Q4772558"),
        URIRef("https://www.wikidata.org/wiki/Q4772558"),
        URIRef("http://www.wikidata.org/entity/P39"),
    ],
    ids=repr,
)
def test_official_same_as_that_is_no_wikidata_entity_is_a_violation(
    shapes: Graph, value: Literal | URIRef
) -> None:
    data = valid_graph()
    data.add((OFFICIAL, SCHEMA.sameAs, value))
    report = validate(data, shapes)
    assert not report.conforms
    results = report.by_shape(AGLODSH["Official-sameAs"])
    assert results and report.results == results
