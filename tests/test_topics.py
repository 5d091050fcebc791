"""Topics: the SKOS scheme is well formed, and its rules give the bundled releases the
topics a reader would give them."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from aglod.extraction import extract
from aglod.extraction.segments import segment
from aglod.extraction.topics import topics
from aglod.pipeline.build import Build
from aglod.rdf.namespaces import AGLOD, DCTERMS
from aglod.records import Release
from aglod.resources import topics_file
from helpers import CORPUS


def test_scheme_is_well_formed() -> None:
    g = Graph().parse(topics_file(), format="turtle")
    concepts = set(g.subjects(SKOS.inScheme, AGLOD.Topics))
    assert len(concepts) >= 14
    for c in concepts:
        assert (c, RDF.type, SKOS.Concept) in g
        assert g.value(c, SKOS.prefLabel) is not None
        assert g.value(c, SKOS.definition) is not None
        assert str(c).endswith("/" + str(g.value(c, SKOS.notation)))
        assert len(list(g.objects(c, SKOS.hiddenLabel))) >= 5
    assert len({t.key for t in topics()}) == len(concepts)


@pytest.mark.parametrize(
    "stem, topic",
    [
        ("mn_2022-07-11_ghost-guns-amicus", "firearms"),
        ("nm_2018-08-10_3d-printed-gun-plans-letter", "firearms"),
        ("nm_2018-06-19_family-separation-letter", "immigration"),
        ("mn_2025-01-21_birthright-citizenship-lawsuit", "immigration"),
        ("mn_2020-03-13_covid-scam-alert", "consumer-protection"),
        ("mn_2019-03-20_cfpb-payday-rule-letter", "consumer-protection"),
        ("mn_2018-10-16_insulin-price-lawsuit", "health-care"),
        ("ca_2025-01-23_purdue-sackler-settlement", "health-care"),
        ("mn_2019-05-13_generic-drug-price-fixing-lawsuit", "antitrust"),
        ("mn_2019-03-12_fca-bosch-emissions-settlement", "environment"),
        ("mn_2019-03-01_transgender-student-amicus", "civil-rights"),
        ("nm_2017-08-16_cda-sex-trafficking-letter", "child-safety"),
        ("mn_2023-10-24_meta-youth-mental-health-lawsuit", "technology-privacy"),
        ("mn_2020-08-18_usps-changes-lawsuit", "elections"),
        ("mn_2023-12-07_medicaid-fraud-charges", "criminal-justice"),
        ("nm_2018-06-27_janus-union-rights-statement", "labor"),
        ("mn_2019-10-08_landlord-eviction-lawsuit", "housing"),
    ],
)
def test_release_topic(bundled_build: Build, stem: str, topic: str) -> None:
    built = next(
        r for r in bundled_build.releases if r.facts.release.source.endswith(stem + ".txt")
    )
    keys = [k for k, _iri, _span in built.facts.topics]
    assert topic in keys
    assert (
        built.iri,
        DCTERMS.subject,
        URIRef(f"https://w3id.org/aglod/topic/{topic}"),
    ) in built.graph


def test_every_bundled_release_has_a_topic(bundled_build: Build) -> None:
    for r in bundled_build.releases:
        assert 1 <= len(r.facts.topics) <= 3, r.key


def test_topic_evidence_and_case_rules() -> None:
    text = "AG Sues Over Ghost Guns\n\nDENVER — The attorney general sued a maker of ghost guns and firearm kits today in state court.\n"
    r = Release("t.txt", text, "sha256:0")
    f = extract(r, segment(r))
    [(_key, _iri, span)] = [t for t in f.topics if t[0] == "firearms"]
    assert text[span.start : span.end] == span.quote == "Ghost Guns"
    # "meta" in lower case is not the company Meta
    r2 = Release(
        "u.txt", "AG Statement\n\nDENVER — A note on meta data and metadata today.\n", "sha256:0"
    )
    assert "technology-privacy" not in [k for k, _i, _s in extract(r2, segment(r2)).topics]


def test_corpus_folder_is_bundled() -> None:
    assert (CORPUS / "SOURCES.tsv").is_file()
