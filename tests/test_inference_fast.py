"""The fast path of OWL RL inference (``fast_infer``) against the reference engine
(``infer``): the same triples on the bundled releases, on generated releases and on random
graphs; and the fallback to ``infer`` where the compiled rules do not cover the vocabulary
or the data. (``infer`` takes ~0.6 s a call: these tests make about a hundred.)"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from aglod.pipeline.build import Build, assemble
from aglod.rdf.namespaces import AGLOD, DEFAULT_BASE, ORG, SCHEMA
from aglod.reasoning import inference
from aglod.reasoning.inference import (
    compile_rules,
    compiled_rules,
    fallbacks,
    fast_infer,
    fast_infer_triples,
    fast_path_problem,
    infer,
    vocabulary,
)
from helpers import ROOT, assert_isomorphic, examples

# a conformance suite: the compiled OWL RL rules against owlrl
pytestmark = pytest.mark.conformance

ID = DEFAULT_BASE
TOPIC = "https://w3id.org/aglod/topic/"


def assert_same(data: Graph, what: str) -> Graph:
    """``fast_infer(data)`` has the triples of ``infer(data)``; returns it."""
    expected = infer(data)
    actual = fast_infer(data)
    if set(actual) != set(expected):
        assert_isomorphic(expected, actual, what)  # lists what differs
        raise AssertionError(f"{what}: the same triples up to blank nodes only")
    return actual


def graph(*triples: tuple[object, object, object]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g


# -----------------------------------------------------------------------------
#  Bundled and generated releases
# -----------------------------------------------------------------------------


def test_bundled_vocabulary_is_covered() -> None:
    assert compiled_rules().unsupported == ()


def test_bundled_releases(bundled_build: Build) -> None:
    assert bundled_build.releases
    for r in bundled_build.releases:
        assert fast_path_problem(r.graph) is None, r.key
        out = assert_same(r.graph, r.key)
        assert set(fast_infer_triples(r.graph)) == set(out)
        assert len(out) > 0


def test_reference_data_and_union(bundled_build: Build) -> None:
    for what, g in (("reference", bundled_build.reference), ("union", bundled_build.union())):
        assert fast_path_problem(g) is None, what
        assert_same(g, what)


@pytest.fixture(scope="module")
def generated() -> Build:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return assemble(generate(30, 1))


def test_generated_releases(generated: Build) -> None:
    assert len(generated.releases) == 30
    for r in generated.releases:
        assert fast_path_problem(r.graph) is None, r.key
        assert_same(r.graph, r.key)


def test_result_is_a_fresh_graph_with_the_data_prefixes(bundled_build: Build) -> None:
    g = bundled_build.releases[0].graph
    before = set(g)
    out = fast_infer(g)
    assert set(g) == before
    assert not set(out) & before
    assert dict(out.namespaces())["aglod"] == URIRef(str(AGLOD))
    out.add((URIRef(ID + "x"), RDF.type, AGLOD.Letter))
    assert set(g) == before


def test_graph_in_a_shared_store_gives_its_own_triples(bundled_build: Build) -> None:
    first, second = bundled_build.releases[0].graph, bundled_build.releases[1].graph
    ds = Dataset()
    g = ds.graph(URIRef("urn:x:first"))
    other = ds.graph(URIRef("urn:x:second"))
    for t in first:
        g.add(t)
    for t in second:
        other.add(t)
    assert set(fast_infer_triples(g)) == set(fast_infer_triples(first))
    assert set(fast_infer_triples(other)) == set(fast_infer_triples(second))


# -----------------------------------------------------------------------------
#  Random graphs over the vocabulary
# -----------------------------------------------------------------------------


def _vocabulary_terms() -> tuple[list[URIRef], list[URIRef]]:
    v = vocabulary()
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty)
    properties = {s for k in kinds for s in v.subjects(RDF.type, k) if isinstance(s, URIRef)}
    classes = {s for s in v.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    return sorted(properties), sorted(classes | {SKOS.Concept, OWL.Thing, OWL.NamedIndividual})


PROPERTIES, CLASSES = _vocabulary_terms()
X = [URIRef(f"{ID}x/{i}") for i in range(5)]
NODES = [*X, AGLOD.Letter, URIRef(TOPIC + "firearms"), BNode("b0")]
LITERALS = [
    Literal("a"),
    Literal("a", lang="en"),
    Literal(3),
    Literal("7", datatype=XSD.nonNegativeInteger),
    Literal("2020-01-01", datatype=XSD.date),
    Literal(True),
]
PREDICATES = [*PROPERTIES, RDFS.label, URIRef(ID + "p")]
# data the compiled rules do not cover: each must make fast_infer fall back
EXOTIC = [
    (X[0], OWL.sameAs, X[1]),
    (X[0], RDFS.subClassOf, AGLOD.Action),
    (URIRef(ID + "p"), RDFS.subPropertyOf, AGLOD.participant),
    (AGLOD.reports, RDF.type, OWL.TransitiveProperty),
    (X[0], RDF.type, OWL.Class),
    (X[0], RDF.type, XSD.string),
    (Literal("a"), SCHEMA.name, X[0]),
]

triples = st.one_of(
    st.tuples(
        st.sampled_from(NODES), st.sampled_from(PREDICATES), st.sampled_from(NODES + LITERALS)
    ),
    st.tuples(st.sampled_from(NODES), st.just(RDF.type), st.sampled_from(CLASSES)),
)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(triples, max_size=14), st.integers(0, 5 * len(EXOTIC)))
def test_random_graphs(data: list[tuple[object, object, object]], exotic: int) -> None:
    g = graph(*data)
    if exotic < len(EXOTIC):  # one time in six
        g.add(EXOTIC[exotic])  # type: ignore[arg-type]
        assert fast_path_problem(g) is not None
    else:
        assert fast_path_problem(g) is None
    assert_same(g, "random graph")


# -----------------------------------------------------------------------------
#  Fallbacks
# -----------------------------------------------------------------------------


@pytest.fixture
def reference_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Graph]]:
    """``infer`` replaced by a stub that records its calls (and infers nothing)."""
    calls: list[Graph] = []

    def stub(data: Graph, base: str = DEFAULT_BASE) -> Graph:
        calls.append(data)
        return Graph()

    monkeypatch.setattr(inference, "infer", stub)
    yield calls


@pytest.mark.parametrize("extra", [*EXOTIC, (X[0], BNode("p"), X[1])], ids=repr)
def test_fallback_is_taken(
    reference_calls: list[Graph], extra: tuple[object, object, object]
) -> None:
    g = graph((X[0], RDF.type, AGLOD.Letter), (X[0], AGLOD.lead, X[1]), extra)
    problem = fast_path_problem(g)
    assert problem is not None
    before = fallbacks[problem]
    fast_infer(g)
    assert reference_calls == [g]
    assert fallbacks[problem] == before + 1
    fast_infer_triples(g)
    assert len(reference_calls) == 2


def test_fallback_is_not_taken_for_plain_data(reference_calls: list[Graph]) -> None:
    g = graph(
        (X[0], RDF.type, AGLOD.Letter), (X[0], AGLOD.lead, X[1]), (X[0], RDFS.label, Literal("x"))
    )
    assert fast_path_problem(g) is None
    out = fast_infer(g)
    assert reference_calls == []
    assert (X[0], AGLOD.participant, X[1]) in out
    assert (X[1], RDF.type, AGLOD.Jurisdiction) in out


def test_symmetric_and_inverse_properties() -> None:
    g = graph(
        (X[0], AGLOD.sameActionAs, X[1]),
        (X[2], AGLOD.reports, X[0]),
        (X[3], ORG.holds, X[4]),
    )
    assert fast_path_problem(g) is None
    out = assert_same(g, "symmetric and inverses")
    assert (X[1], AGLOD.sameActionAs, X[0]) in out
    assert (X[1], RDF.type, AGLOD.Action) in out
    assert (X[0], AGLOD.reportedIn, X[2]) in out
    assert (X[4], ORG.heldBy, X[3]) in out
    assert (X[4], RDF.type, ORG.Post) in out


def test_base_covering_the_vocabulary_falls_back(reference_calls: list[Graph]) -> None:
    g = graph((X[0], RDF.type, AGLOD.Letter))
    assert fast_path_problem(g, "https://w3id.org/aglod/") is not None
    assert fast_path_problem(g, "") is not None
    fast_infer(g, "https://w3id.org/aglod/")
    assert len(reference_calls) == 1
    assert fast_path_problem(g, ID + "x/") is None


PREFIXES = """
@prefix aglod: <https://w3id.org/aglod/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix topic: <https://w3id.org/aglod/topic/> .
"""


@pytest.fixture
def extend_vocabulary(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[str]]:
    """Add axioms to the vocabulary of both engines for one test; returns the reasons
    the compiled rules give for not covering it."""
    original = vocabulary()

    def extend(turtle: str) -> list[str]:
        g = Graph()
        for t in original:
            g.add(t)
        g.parse(data=PREFIXES + turtle, format="turtle")
        rules = compile_rules(g)
        monkeypatch.setattr(inference, "vocabulary", lambda: g)
        monkeypatch.setattr(inference, "compiled_rules", lambda: rules)
        return list(rules.unsupported)

    return extend


def test_functional_property_with_two_values_falls_back(
    extend_vocabulary: Callable[[str], list[str]],
) -> None:
    assert extend_vocabulary("aglod:participant a owl:FunctionalProperty .") == []
    one = graph(
        (X[0], RDF.type, AGLOD.Letter), (X[0], AGLOD.lead, X[1]), (X[0], AGLOD.participant, X[1])
    )
    assert fast_path_problem(one) is None
    assert_same(one, "one value")
    # the second value is derived (lead ⊑ participant): owlrl makes X1 owl:sameAs X2
    two = graph(
        (X[0], RDF.type, AGLOD.Letter), (X[0], AGLOD.lead, X[1]), (X[0], AGLOD.participant, X[2])
    )
    problem = fast_path_problem(two)
    assert problem is not None and "functional" in problem
    out = assert_same(two, "two values")
    assert (X[1], OWL.sameAs, X[2]) in out


def test_inverse_functional_property_with_two_subjects_falls_back(
    extend_vocabulary: Callable[[str], list[str]],
) -> None:
    assert extend_vocabulary("aglod:holds a owl:InverseFunctionalProperty .") == []
    g = graph((X[0], AGLOD.holds, X[2]), (X[1], AGLOD.holds, X[2]))
    problem = fast_path_problem(g)
    assert problem is not None and "inverse-functional" in problem
    assert_same(g, "two holders")


def test_transitive_property_joins_the_vocabulary(
    extend_vocabulary: Callable[[str], list[str]],
) -> None:
    assert (
        extend_vocabulary(
            "skos:broader a owl:TransitiveProperty . topic:firearms skos:broader topic:immigration ."
        )
        == []
    )
    g = graph(
        (X[0], SKOS.broader, X[1]),
        (X[1], SKOS.broader, URIRef(TOPIC + "firearms")),
        (X[2], SKOS.broader, X[0]),
    )
    assert fast_path_problem(g) is None
    out = assert_same(g, "transitive")
    assert (X[2], SKOS.broader, URIRef(TOPIC + "immigration")) in out


def test_restriction_in_the_vocabulary_falls_back(
    extend_vocabulary: Callable[[str], list[str]],
) -> None:
    reasons = extend_vocabulary(
        "aglod:Letter owl:equivalentClass [ a owl:Restriction ;"
        " owl:onProperty aglod:addressee ; owl:someValuesFrom aglod:Official ] ."
    )
    assert any("someValuesFrom" in r for r in reasons)
    g = graph((X[0], AGLOD.addressee, X[1]), (X[1], RDF.type, AGLOD.Official))
    assert fast_path_problem(g) is not None
    out = assert_same(g, "someValuesFrom")
    assert (X[0], RDF.type, AGLOD.Letter) in out


def test_has_key_in_the_vocabulary_is_not_covered() -> None:
    g = Graph()
    for t in vocabulary():
        g.add(t)
    g.parse(data=PREFIXES + "aglod:Official owl:hasKey ( schema:name ) .", format="turtle")
    assert any("hasKey" in r for r in compile_rules(g).unsupported)
