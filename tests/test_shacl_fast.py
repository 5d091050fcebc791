"""The fast SHACL validator (aglod.validation.compiled.validator) gives pySHACL's report (aglod.validation.shacl)."""

from __future__ import annotations

import sys
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from aglod.pipeline.build import Build
from aglod.rdf.namespaces import AGLOD, OA, SCHEMA
from aglod.validation.compiled.validator import UnsupportedShapes, compile_shapes, fast_validate
from aglod.validation.shacl import (
    Report,
    Result,
    result_order,
    shapes_graph,
    validate,
    with_context,
)
from helpers import ROOT, examples

# a conformance suite: the compiled SHACL validator against pySHACL
pytestmark = pytest.mark.conformance

EX = Namespace("urn:example:")


def _key(r: Result) -> tuple[str, ...]:
    return tuple(
        x or "" for x in (r.severity, r.focus, r.path, r.value, r.message, r.shape, r.constraint)
    )


def assert_same(data: Graph, shapes: Graph | None = None) -> Report:
    """``fast_validate`` reports what ``validate`` (pySHACL) reports, or fails as it does."""
    try:
        expected = validate(data, shapes)
    except Exception as e:
        with pytest.raises(type(e)):
            fast_validate(data, shapes)
        return Report([], 0, 0)
    actual = fast_validate(data, shapes)
    # validate() orders results by result_order only, ties as pySHACL happens to list them
    assert sorted(actual.results, key=_key) == sorted(expected.results, key=_key)
    assert [result_order(r) for r in actual.results] == [result_order(r) for r in expected.results]
    assert actual.focus_nodes == expected.focus_nodes
    assert actual.shapes_checked == expected.shapes_checked
    assert actual.counts_by_shape == expected.counts_by_shape
    return expected


# --- real data -----------------------------------------------------------------------


def test_bundled_releases_with_context(bundled_build: Build) -> None:
    for r in bundled_build.releases:
        assert_same(with_context(r.graph, bundled_build.reference))


def test_bundled_reference_data(bundled_build: Build) -> None:
    assert_same(bundled_build.reference)


@pytest.fixture(scope="module")
def generated() -> Build:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate  # type: ignore[import-not-found]

    from aglod.pipeline.build import assemble

    return assemble(generate(20, 2))


def test_generated_releases(generated: Build) -> None:
    assert len(generated.releases) == 20
    for r in generated.releases:
        assert_same(with_context(r.graph, generated.reference))
    assert_same(generated.reference)


# --- mutated releases ----------------------------------------------------------------

with warnings.catch_warnings():  # rdflib warns of the ill-typed boolean
    warnings.simplefilter("ignore")
    ILL_TYPED_BOOLEAN = Literal("maybe", datatype=XSD.boolean)
ODD_LITERALS = [
    Literal("abc"),
    Literal("abc", lang="en"),
    Literal("abc", lang="EN"),
    Literal("abc", datatype=XSD.string),
    Literal("NM"),
    Literal("5"),
    Literal("sha256:" + "0f" * 32),
    Literal(7),
    Literal("2", datatype=XSD.nonNegativeInteger),
    Literal("0", datatype=XSD.nonNegativeInteger),
    Literal("-3", datatype=XSD.nonNegativeInteger),  # ill-typed
    Literal("-3", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer),  # ill-typed
    Literal("2.5", datatype=XSD.decimal),
    Literal("2.5e0", datatype=XSD.double),
    Literal(True),
    ILL_TYPED_BOOLEAN,
    Literal("2020-02-03", datatype=XSD.date),
    Literal("2020-02-30", datatype=XSD.date),  # ill-typed
    Literal("x", datatype=EX.datatype),
]
CLASSES = [
    AGLOD.PressRelease,
    AGLOD.Action,
    AGLOD.Lawsuit,
    AGLOD.Letter,
    AGLOD.Settlement,
    AGLOD.Official,
    AGLOD.Organization,
    AGLOD.GovernmentBody,
    AGLOD.Jurisdiction,
    AGLOD.State,
    AGLOD.Nation,
    AGLOD.Territory,
    AGLOD.Post,
    AGLOD.Evidence,
    OA.TextPositionSelector,
    OA.TextQuoteSelector,
    SCHEMA.ContactPoint,
    SKOS.Concept,
    EX.Unknown,
]
XSD_NNI = XSD.nonNegativeInteger


def _pick(data: st.DataObject, items: list, label: str):  # type: ignore[no-untyped-def]
    return data.draw(
        st.sampled_from(sorted(items, key=lambda x: (type(x).__name__, str(x)))), label
    )


def mutate(g: Graph, data: st.DataObject) -> None:
    """One random change of ``g`` of the kinds that break the shapes."""
    op = data.draw(
        st.sampled_from(
            [
                "delete",
                "literal",
                "extra",
                "type",
                "offsets",
                "quote",
                "count",
                "swap",
                "subclass",
                "bnode",
                "flag",
                "selector",
            ]
        ),
        "op",
    )
    triples = list(g)
    iris = sorted(
        {t[2] for t in triples if isinstance(t[2], URIRef)} | {t[0] for t in triples},
        key=lambda x: (type(x).__name__, str(x)),
    )
    if op == "delete":
        g.remove(_pick(data, triples, "triple"))
    elif op == "literal":
        with_literal = [t for t in triples if isinstance(t[2], Literal)]
        s, p, o = _pick(data, with_literal, "triple")
        g.remove((s, p, o))
        g.add((s, p, _pick(data, ODD_LITERALS, "literal")))
    elif op == "extra":
        s, p, _o = _pick(data, triples, "triple")
        value = data.draw(st.one_of(st.sampled_from(ODD_LITERALS), st.sampled_from(iris)), "value")
        g.add((s, p, value))
    elif op == "type":
        s = _pick(data, [t[0] for t in triples], "subject")
        if data.draw(st.booleans(), "remove a type"):
            types = list(g.objects(s, RDF.type))
            if types:
                g.remove((s, RDF.type, _pick(data, types, "type")))
        g.add((s, RDF.type, _pick(data, CLASSES, "class")))
    elif op == "offsets":
        positions = list(g.subjects(RDF.type, OA.TextPositionSelector))
        if positions:
            position = _pick(data, positions, "position")
            start = data.draw(st.integers(0, 3000), "start")
            end = data.draw(st.integers(0, 3000), "end")
            dt = data.draw(st.sampled_from([XSD_NNI, XSD_NNI, XSD.integer]), "datatype")
            g.set((position, OA.start, Literal(str(start), datatype=dt)))
            g.set((position, OA.end, Literal(str(end), datatype=dt)))
    elif op == "quote":
        quotes = list(g.subjects(RDF.type, OA.TextQuoteSelector))
        if quotes:
            quote = _pick(data, quotes, "quote")
            old = str(g.value(quote, OA.exact) or "")
            new = data.draw(
                st.sampled_from([old + " ", old.upper(), old[1:], "{?start} \\1 {$this}"]), "text"
            )
            g.set((quote, OA.exact, Literal(new, lang=data.draw(st.sampled_from([None, "en"])))))
    elif op == "count":
        actions = list(g.subjects(RDF.type, AGLOD.Action))
        if actions:
            count = data.draw(
                st.one_of(
                    st.integers(0, 6).map(lambda n: Literal(str(n), datatype=XSD_NNI)),
                    st.sampled_from(ODD_LITERALS),
                ),
                "count",
            )
            g.set((_pick(data, actions, "action"), AGLOD.statedCount, count))
    elif op == "swap":
        with_iri = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        s, p, o = _pick(data, with_iri, "triple")
        g.remove((s, p, o))
        g.add((s, p, _pick(data, iris, "iri")))
    elif op == "subclass":
        s = _pick(data, [t[0] for t in triples], "subject")
        cls = _pick(data, CLASSES, "class")
        for t in list(g.objects(s, RDF.type)):
            g.remove((s, RDF.type, t))
        g.add((s, RDF.type, EX.Sub))
        g.add((EX.Sub, RDFS.subClassOf, EX.Mid))
        g.add((EX.Mid, RDFS.subClassOf, cls))
    elif op == "bnode":
        with_iri = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        s, p, o = _pick(data, with_iri, "triple")
        b = BNode()
        g.remove((s, p, o))
        g.add((s, p, b))
        for t in list(g.triples((o, None, None))):
            g.add((b, t[1], t[2]))
    elif op == "selector":  # a selector of another evidence span too (qualifiedMaxCount)
        evidence = list(g.subjects(RDF.type, AGLOD.Evidence))
        selectors = list(g.objects(None, OA.hasSelector))
        if evidence and selectors:
            g.add((_pick(data, evidence, "evidence"), OA.hasSelector, _pick(data, selectors, "s")))
    elif op == "flag":
        actions = list(g.subjects(RDF.type, AGLOD.Action))
        if actions:
            action = _pick(data, actions, "action")
            prop = _pick(data, [AGLOD.multistate, AGLOD.issuerRole, AGLOD.lead], "prop")
            value = _pick(
                data,
                [Literal(True), Literal(False), AGLOD.RoleLeader, AGLOD.RoleSole, *iris[:5]],
                "value",
            )
            g.set((action, prop, value))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_releases(bundled_build: Build, data: st.DataObject) -> None:
    releases = bundled_build.releases
    index = data.draw(st.integers(0, len(releases) - 1), "release")
    g = with_context(releases[index].graph, bundled_build.reference)
    for _ in range(data.draw(st.integers(1, 4), "changes")):
        mutate(g, data)
    assert_same(g)


def test_every_kind_of_bundled_constraint_fires(bundled_build: Build) -> None:
    """One release broken in every way the bundled shapes check, as pySHACL reports it."""
    release = next(r for r in bundled_build.releases if (None, AGLOD.lead, None) in r.graph)
    g = with_context(release.graph, bundled_build.reference)
    action = next(iter(g.subjects(RDF.type, AGLOD.Action)))
    release_iri = next(iter(g.subjects(RDF.type, AGLOD.PressRelease)))
    states = sorted(g.subjects(RDF.type, AGLOD.State))
    evidence = sorted(g.subjects(RDF.type, AGLOD.Evidence))
    positions = sorted(g.subjects(RDF.type, OA.TextPositionSelector))
    quotes = sorted(g.subjects(RDF.type, OA.TextQuoteSelector))
    g.add((action, AGLOD.defendant, release_iri))  # sh:or (Action-target)
    g.add((states[0], RDF.type, AGLOD.Territory))  # sh:xone
    g.set((action, AGLOD.issuerRole, AGLOD.RoleLeader))  # sh:in
    g.set((action, AGLOD.statedCount, Literal("9", datatype=XSD_NNI)))  # SPARQL warning
    g.remove((action, AGLOD.participant, next(iter(g.objects(action, AGLOD.lead)))))  # SPARQL
    g.remove((action, DCTERMS.date, None))  # info
    g.set((action, AGLOD.multistate, Literal(True)))
    for participant in list(g.objects(action, AGLOD.participant))[1:]:
        g.remove((action, AGLOD.participant, participant))  # sh:not in sh:or (multistate)
    g.set((states[1], AGLOD.uspsCode, Literal("nm")))  # sh:pattern
    g.set((release_iri, SCHEMA.url, Literal("http://example.org/")))  # sh:nodeKind
    g.set((release_iri, SCHEMA.headline, Literal(5)))  # sh:datatype
    g.add((release_iri, SCHEMA.articleBody, Literal("a second body")))  # sh:maxCount
    g.remove((next(iter(g.subjects(RDF.type, AGLOD.Official))), SCHEMA.familyName, None))
    g.add((evidence[0], OA.hasSelector, positions[-1]))  # qualifiedMaxCount
    g.remove((evidence[1], OA.hasSelector, None))  # qualifiedMinCount, sh:minCount
    g.set((positions[0], OA.start, Literal("900000", datatype=XSD_NNI)))  # lessThanOrEquals
    g.set((quotes[0], OA.exact, Literal("misquoted")))  # SPARQL (evidence quote)
    report = assert_same(g)
    found = {(r.constraint, r.severity) for r in report.results}
    for name, severity in [
        ("Or", "Violation"),
        ("Or", "Warning"),
        ("Xone", "Warning"),
        ("In", "Violation"),
        ("Pattern", "Violation"),
        ("NodeKind", "Violation"),
        ("Datatype", "Violation"),
        ("MaxCount", "Violation"),
        ("MinCount", "Violation"),
        ("MinCount", "Info"),
        ("QualifiedMaxCount", "Violation"),
        ("QualifiedMinCount", "Violation"),
        ("LessThanOrEquals", "Violation"),
        ("SPARQL", "Violation"),
        ("SPARQL", "Warning"),
    ]:
        assert (f"sh:{name}ConstraintComponent", severity) in found, (name, severity)


def test_official_identifiers_broken_every_way(bundled_build: Build) -> None:
    """The identifiers of Attorneys General (aglod:ocdPersonId, schema:sameAs to
    Wikidata), well formed and broken, as pySHACL reports them."""
    release = max(
        bundled_build.releases,
        key=lambda r: len(set(r.graph.subjects(AGLOD.ocdPersonId, None))),
    )
    g = with_context(release.graph, bundled_build.reference)
    assert_same(g)  # as built: conforms
    linked = sorted(g.subjects(AGLOD.ocdPersonId, None))
    others = sorted(set(g.subjects(RDF.type, AGLOD.Official)) - set(linked))
    assert len(linked) >= 2 and others
    ocd = str(g.value(linked[0], AGLOD.ocdPersonId))
    g.set((linked[0], AGLOD.ocdPersonId, Literal(ocd.upper())))  # sh:pattern
    g.add((linked[1], AGLOD.ocdPersonId, Literal(ocd)))  # sh:maxCount
    g.add((others[0], AGLOD.ocdPersonId, Literal(ocd, lang="en")))  # sh:datatype
    g.add((others[0], SCHEMA.sameAs, Literal("Q4772558")))  # sh:nodeKind, sh:pattern
    g.add((linked[0], SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q4772558")))
    g.add((linked[0], SCHEMA.sameAs, URIRef("https://www.wikidata.org/wiki/Q1")))
    report = assert_same(g)
    found = {(r.shape, r.constraint) for r in report.results}
    for shape, name in [
        ("Official-ocdPersonId", "Pattern"),
        ("Official-ocdPersonId", "MaxCount"),
        ("Official-ocdPersonId", "Datatype"),
        ("Official-sameAs", "NodeKind"),
        ("Official-sameAs", "Pattern"),
        ("Official-sameAs", "MaxCount"),
    ]:
        assert (f"aglodsh:{shape}", f"sh:{name}ConstraintComponent") in found, (shape, name)


# --- hand-made shapes ----------------------------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <urn:example:> .
"""


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


# Shapes without sh:message (pySHACL's default messages) for every supported component.
GENERIC_SHAPES = """
ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property ex:name , ex:code , ex:kind , ex:parts , ex:low , ex:tags ;
    sh:or ( [ sh:path ex:name ; sh:minCount 1 ] [ sh:path ex:alias ; sh:minCount 1 ] ) ;
    sh:xone ( [ sh:class ex:Red ] [ sh:class ex:Blue ] ) ;
    sh:not [ sh:class ex:Forbidden ] ;
    sh:node ex:Labelled .
ex:Labelled a sh:NodeShape ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:datatype xsd:string ] .
ex:name a sh:PropertyShape ; sh:path ex:name ; sh:maxCount 1 ; sh:datatype xsd:string .
ex:code a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^[A-Z]{2}$" ; sh:flags "i" ;
    sh:nodeKind sh:Literal .
ex:kind a sh:PropertyShape ; sh:path ex:kind ; sh:in ( ex:A ex:B ) ; sh:nodeKind sh:IRI .
ex:parts a sh:PropertyShape ; sh:path [ sh:alternativePath ( ex:part ex:piece ) ] ;
    sh:qualifiedValueShape [ sh:class ex:Part ] ; sh:qualifiedMinCount 1 ;
    sh:qualifiedMaxCount 2 ; sh:class ex:Component .
ex:low a sh:PropertyShape ; sh:path ex:low ; sh:lessThanOrEquals ex:high ;
    sh:hasValue 1 .
ex:tags a sh:PropertyShape ; sh:path ( ex:tagged [ sh:inversePath ex:tagOf ] ) ;
    sh:minCount 1 .
ex:Unused a sh:NodeShape ; sh:targetNode ex:nobody ; sh:deactivated true ;
    sh:property [ sh:path ex:name ; sh:minCount 5 ] .
ex:Subjects a sh:NodeShape ; sh:targetSubjectsOf ex:kind ; sh:nodeKind sh:IRI ;
    sh:severity sh:Warning .
ex:Objects a sh:NodeShape ; sh:targetObjectsOf ex:part ; sh:class ex:Part ;
    sh:severity sh:Info .
"""

GENERIC_DATA = """
ex:good a ex:Thing , ex:Red ; rdfs:label "good" ; ex:name "Good" ; ex:code "ab" ;
    ex:kind ex:A ; ex:part ex:p1 ; ex:low 1 ; ex:high 3 ; ex:tagged ex:t1 .
ex:t1 ex:tagOf ex:t2 .
ex:p1 a ex:Part , ex:Component .
ex:p2 a ex:Part , ex:Component .
ex:p3 a ex:Part .
ex:Special rdfs:subClassOf ex:Thing .
ex:bad a ex:Special , ex:Red , ex:Blue , ex:Forbidden ;
    ex:name "Bad" , 5 ; ex:code "abc" , ex:notLiteral ; ex:kind ex:C , "A" ;
    ex:part ex:p1 , ex:p2 ; ex:piece ex:p3 ; ex:low 4 , "x" ; ex:high 3 .
_:b a ex:Thing ; ex:alias "blank" ; ex:low 2 ; ex:high "2" ; ex:kind ex:A .
ex:nameless a ex:Thing , ex:Blue ; rdfs:label "nameless"@en ; ex:low 1 ; ex:high 1 .
ex:other ex:part ex:notAPart .
"""


def test_default_messages_of_every_component() -> None:
    report = assert_same(turtle(GENERIC_DATA), turtle(GENERIC_SHAPES))
    components = {r.constraint for r in report.results}
    for name in [
        "MinCount",
        "MaxCount",
        "Datatype",
        "Class",
        "NodeKind",
        "Pattern",
        "In",
        "HasValue",
        "LessThanOrEquals",
        "Or",
        "Xone",
        "Not",
        "Node",
        "QualifiedMaxCount",
        "QualifiedMinCount",
    ]:
        assert f"sh:{name}ConstraintComponent" in components, name
    assert {r.severity for r in report.results} == {"Violation", "Warning", "Info"}


LOGIC_SHAPES = """
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "S failed"@en ;
    sh:or ( ex:Warned [ sh:class ex:Red ; sh:message "not red" ] ) ;
    sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ]
              [ sh:path ex:a ; sh:minCount 1 ] ) ;
    sh:not [ sh:path ex:c ; sh:hasValue ex:bad ; sh:severity sh:Warning ] ;
    sh:node ex:Inner .
ex:Warned a sh:NodeShape ; sh:severity sh:Warning ; sh:class ex:Blue .
ex:Inner a sh:NodeShape ; sh:message "inner failed" ;
    sh:property [ sh:path ex:d ; sh:minCount 1 ; sh:severity sh:Info ; sh:message "no d" ] ,
        [ sh:path ex:e ; sh:maxCount 0 ; sh:message "has e" ] .
ex:Q a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:part ; sh:message "q"@en ;
    sh:qualifiedValueShape [ sh:class ex:Wheel ] ; sh:qualifiedValueShapesDisjoint true ;
    sh:qualifiedMaxCount 1 .
ex:Q2 a sh:PropertyShape ; sh:path ex:part ;
    sh:qualifiedValueShape [ sh:class ex:Tyre ] ; sh:qualifiedValueShapesDisjoint true ;
    sh:qualifiedMinCount 1 .
ex:Car a sh:NodeShape ; sh:targetClass ex:Car ; sh:property ex:Q2 , ex:Q3 .
ex:Q3 a sh:PropertyShape ; sh:path ex:part ;
    sh:qualifiedValueShape [ sh:class ex:Wheel ] ; sh:qualifiedValueShapesDisjoint true ;
    sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 3 .
"""

LOGIC_DATA = """
ex:t1 a ex:Thing , ex:Red ; ex:a 1 ; ex:d 1 .
ex:t2 a ex:Thing ; ex:b 1 ; ex:c ex:bad ; ex:e 1 .
ex:t3 a ex:Thing , ex:Blue ; ex:a 1 ; ex:b 2 ; ex:part ex:w1 , ex:w2 .
ex:car a ex:Car ; ex:part ex:w1 , ex:w2 , ex:x .
ex:w1 a ex:Wheel , ex:Tyre . ex:w2 a ex:Wheel . ex:x a ex:Tyre .
"""


def test_logical_shapes_nested_severities_and_details() -> None:
    report = assert_same(turtle(LOGIC_DATA), turtle(LOGIC_SHAPES))
    assert report.results
    assert any(r.shape is None for r in report.results)  # sh:node details


SPARQL_SHAPES = """
ex:decl a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "urn:example:"^^xsd:anyURI ] .
ex:P a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ;
    sh:sparql [ sh:prefixes ex:decl ;
        sh:message "{$this} has size {?value} over {?limit} via {?path}" ;
        sh:select "SELECT $this ?value ?limit WHERE { $this $PATH ?value . $this ex:limit ?limit . FILTER (?value > ?limit) }" ] .
ex:N a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing"@en ;
    sh:sparql [ sh:prefixes ex:decl ; sh:message "no label on {$this}" ;
        sh:select "SELECT $this WHERE { OPTIONAL { $this ex:label ?l } FILTER (!BOUND(?l)) }" ] ,
      [ sh:prefixes ex:decl ; sh:deactivated true ;
        sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
ex:F a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:prefixes ex:decl ;
        sh:select "SELECT $this ?failure WHERE { $this ex:broken ?x . BIND (true AS ?failure) }" ] .
ex:A a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:prefixes ex:decl ; sh:message "any {?p}" ;
        sh:select "SELECT $this ?p WHERE { $this ?p ?o FILTER (isBlank(?o)) }" ] .
"""

SPARQL_DATA = """
ex:t1 a ex:Thing ; ex:size 5 ; ex:limit 3 ; ex:label "one" .
ex:t2 a ex:Thing ; ex:size 2 , 9 ; ex:limit 3 ; ex:broken 1 , 2 ; ex:odd [ ex:x 1 ] .
ex:t3 a ex:Thing ; ex:size "7" ; ex:limit 3 ; ex:label "three" .
"""


def test_sparql_constraints_messages_paths_and_failures() -> None:
    report = assert_same(turtle(SPARQL_DATA), turtle(SPARQL_SHAPES))
    assert any("over 3" in r.message for r in report.results)


def test_sparql_constraint_on_risky_literals_uses_rdflib_semantics() -> None:
    data = turtle(SPARQL_DATA)
    data.add((EX.t1, EX.limit, Literal("2.5", datatype=XSD.decimal)))
    data.add((EX.t3, EX.size, Literal("-1", datatype=XSD.nonNegativeInteger)))
    assert_same(data, turtle(SPARQL_SHAPES))


FUNCTION_SHAPES = """
ex:decl a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "urn:example:"^^xsd:anyURI ] .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:sparql [ sh:prefixes ex:decl ; sh:message "substr {?cut} of {?name}" ;
    sh:select "SELECT $this ?name ?cut WHERE { $this ex:name ?name ; ex:n ?n . BIND (SUBSTR(?name, ?n - 2, ?n) AS ?cut) FILTER (STRLEN(?cut) != ?n) }" ] ,
   [ sh:prefixes ex:decl ; sh:message "in {?v}" ;
    sh:select "SELECT $this ?v WHERE { $this ex:n ?v FILTER (?v IN (1, 2, \\"3\\")) }" ] ,
   [ sh:prefixes ex:decl ; sh:message "iri {?v}" ;
    sh:select "SELECT $this ?v WHERE { $this ex:link ?v FILTER (isIRI(?v) || ?v = 3) FILTER (!sameTerm(?v, ex:ok)) }" ] ,
   [ sh:prefixes ex:decl ; sh:message "and {?v}" ;
    sh:select "SELECT $this ?v WHERE { $this ex:link ?v BIND ((STRLEN(?v) = 1 && false) AS ?x) FILTER (!BOUND(?x)) }" ] .
"""

FUNCTION_DATA = """
ex:a a ex:Thing ; ex:name "abcdef" ; ex:n 1 ; ex:link ex:ok .
ex:b a ex:Thing ; ex:name "abcdef" ; ex:n 0 ; ex:link ex:bad , 3 .
ex:c a ex:Thing ; ex:name "abcdef" ; ex:n 4 ; ex:link "x" .
ex:d a ex:Thing ; ex:name "ab" ; ex:n 3 .
ex:e a ex:Thing ; ex:name "abcdefgh" ; ex:n -3 .
"""


def test_sparql_functions_as_rdflib_evaluates_them() -> None:
    shapes = turtle(FUNCTION_SHAPES)
    oxigraph = [q.ox_text is not None for q in compile_shapes(shapes).sparql]
    assert sorted(oxigraph) == [False, False, True, True]  # IN and && are left to rdflib
    report = assert_same(turtle(FUNCTION_DATA), shapes)
    assert len(report.results) == 8
    data = turtle(FUNCTION_DATA)  # a language tag: rdflib runs the query
    data.add((EX.e, EX.name, Literal("abc", lang="en")))
    assert_same(data, shapes)


def test_reference_path_query_cache_changes_nothing(bundled_build: Build) -> None:
    class Uncached(Graph):
        pass

    g = with_context(bundled_build.releases[0].graph, bundled_build.reference)
    for action in list(g.subjects(RDF.type, AGLOD.Action))[:1]:
        g.set((action, AGLOD.statedCount, Literal("9", datatype=XSD_NNI)))
    for quote in list(g.subjects(RDF.type, OA.TextQuoteSelector))[:2]:
        g.set((quote, OA.exact, Literal("misquoted")))
    plain = Uncached()
    for t in g:
        plain.add(t)
    cached, uncached = validate(g), validate(plain)
    assert len(cached.results) >= 3
    assert sorted(cached.results, key=_key) == sorted(uncached.results, key=_key)
    assert (cached.focus_nodes, cached.counts_by_shape) == (
        uncached.focus_nodes,
        uncached.counts_by_shape,
    )


@pytest.mark.parametrize(
    "extra",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true .",
        "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:a ; sh:equals ex:b .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:and ( [ sh:class ex:A ] ) .",
        "ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path [ sh:zeroOrMorePath ex:a ] .",
        "ex:S a sh:NodeShape , rdfs:Class ; sh:class ex:A .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:node ex:S .",
        'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select "SELECT ?x WHERE { ?x ?p ?o }" ] .',
    ],
)
def test_unsupported_shapes_are_refused(extra: str) -> None:
    with pytest.raises(UnsupportedShapes):
        compile_shapes(turtle(extra))


def test_bundled_shapes_compile_once() -> None:
    assert compile_shapes(shapes_graph()) is compile_shapes(shapes_graph())


def test_a_set_of_triples_gets_the_report_of_its_graph(bundled_build: Build) -> None:
    """The build validates sets of triples (no graph made): the same report, broken
    releases included."""
    for r in bundled_build.releases:
        g = with_context(r.graph, bundled_build.reference)
        assert fast_validate(set(g)) == fast_validate(g)
    broken = with_context(bundled_build.releases[0].graph, bundled_build.reference)
    for s, _p, _o in list(broken.triples((None, RDF.type, AGLOD.Jurisdiction)))[:2]:
        broken.remove((s, AGLOD.uspsCode, None))
    for s, p, _o in list(broken.triples((None, AGLOD.statedCount, None))):
        broken.set((s, p, Literal("many")))
    report = fast_validate(set(broken))
    assert report.violations > 0
    assert report == fast_validate(broken)
