"""Attorneys General linked to Open States and Wikidata: a state or territorial AG whom a
release names while in office (by the roster, on the release's date) carries the
roster's OCD person id (``aglod:ocdPersonId``) and Wikidata entity (``schema:sameAs``);
no other official does."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from aglod.pipeline.build import Build, assemble
from aglod.rdf.identifiers import Minter
from aglod.rdf.mapping import attorney_general, release_graph
from aglod.rdf.namespaces import AGLOD, DEFAULT_BASE, SCHEMA, WD
from aglod.records import Person, Span
from aglod.reference.roster import fold, roster
from aglod.sources.inputs import read_text_release
from helpers import assert_isomorphic

ID = DEFAULT_BASE
BROWN = URIRef(ID + "person/md/brown")
BROWN_OCD = "ocd-person/1ad81709-e1d6-42bd-86bc-afdec934288c"
BROWN_QID = "Q4772558"
ELLISON_OCD = "ocd-person/46deef0f-6af0-4cb8-b4ac-385aa505df50"

# A Maryland release of 2024: the AG in office (Anthony G. Brown, with an OCD id and a
# QID in the roster), his predecessor named in background, the Governor, and the
# Attorney General of another state.
MD_RELEASE = """Attorney General Brown Sues Company Over Hidden Junk Fees

FOR IMMEDIATE RELEASE
March 5, 2024

BALTIMORE, MD — Maryland Attorney General Anthony G. Brown today filed a lawsuit against \
Acme Fees LLC for charging Maryland consumers hidden fees. The case builds on an \
investigation opened under former Attorney General Brian Frosh. Governor Wes Moore \
welcomed the lawsuit, and Minnesota Attorney General Keith Ellison praised it.

"Marylanders deserve honest prices," said Attorney General Brown.

###
"""


def _identifiers(g: Graph) -> Graph:
    """The OCD person ids and Wikidata links of the officials of ``g``."""
    out = Graph()
    for person in set(g.subjects(AGLOD.holds, None)):
        for p in (AGLOD.ocdPersonId, SCHEMA.sameAs):
            for o in g.objects(person, p):
                out.add((person, p, o))
    return out


def _expected(turtle: str) -> Graph:
    prefixes = (
        f"@base <{ID}> .\n"
        "@prefix aglod: <https://w3id.org/aglod/ontology#> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
    )
    return Graph().parse(data=prefixes + turtle, format="turtle")


@pytest.fixture(scope="module")
def md_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    path: Path = tmp_path_factory.mktemp("md") / "md_2024-03-05_junk-fees.txt"
    path.write_text(MD_RELEASE, encoding="utf-8")
    return assemble([read_text_release(path, "md_2024-03-05_junk-fees.txt")])


def test_the_attorney_general_in_office_gets_the_ocd_id_and_the_qid(md_build: Build) -> None:
    [release] = md_build.releases
    expected = _expected(
        f"""
        <person/md/brown> aglod:ocdPersonId "{BROWN_OCD}" ; schema:sameAs wd:{BROWN_QID} .
        <person/mn/ellison> aglod:ocdPersonId "{ELLISON_OCD}" .
        """
    )
    assert_isomorphic(expected, _identifiers(release.graph), "identifiers of the MD release")
    # the same in the union of the build, where the release's graph meets the others
    assert_isomorphic(expected, _identifiers(md_build.union()), "identifiers of the build")


def test_other_officials_of_the_release_get_none(md_build: Build) -> None:
    [release] = md_build.releases
    g = release.graph
    moore = URIRef(ID + "person/md/moore")
    assert (moore, AGLOD.holds, URIRef(ID + "post/md/governor")) in g
    assert (moore, AGLOD.ocdPersonId, None) not in g
    assert (moore, SCHEMA.sameAs, None) not in g


def test_a_former_attorney_general_kept_by_the_text_gets_none(md_build: Build) -> None:
    """Even where a release's facts name a former AG with the post (extraction drops the
    ones it can tell), the mapping links only the holder on the release's date."""
    [release] = md_build.releases
    frosh = Person("Brian Frosh", "Frosh", "Attorney General", "MD", Span(0, 5, "Attor"))
    facts = dataclasses.replace(release.facts, people=[*release.facts.people, frosh])
    g = release_graph(facts, Minter(), release.key)
    frosh_iri = URIRef(ID + "person/md/frosh")
    assert (frosh_iri, AGLOD.holds, URIRef(ID + "post/md/attorney-general")) in g
    assert (frosh_iri, AGLOD.ocdPersonId, None) not in g
    assert (frosh_iri, SCHEMA.sameAs, None) not in g
    assert (BROWN, AGLOD.ocdPersonId, Literal(BROWN_OCD)) in g


def test_an_undated_release_links_nobody(md_build: Build) -> None:
    [release] = md_build.releases
    facts = dataclasses.replace(release.facts, date=None)
    assert len(_identifiers(release_graph(facts, Minter(), release.key))) == 0


def _ag(name: str, family: str, office: str, title: str = "Attorney General") -> Person:
    return Person(name, family, title, office, Span(0, len(name), name))


@pytest.mark.parametrize(
    ("person", "on", "expected"),
    [
        (_ag("Anthony G. Brown", "Brown", "MD"), date(2024, 3, 5), "Anthony G. Brown"),
        (_ag("Brown", "Brown", "MD"), date(2024, 3, 5), "Anthony G. Brown"),
        (_ag("Keith Ellison", "Ellison", "MN"), date(2019, 7, 22), "Keith Ellison"),
        # a former AG, and an AG before his term
        (_ag("Brian Frosh", "Frosh", "MD"), date(2024, 3, 5), None),
        (_ag("Anthony G. Brown", "Brown", "MD"), date(2021, 6, 1), None),
        # another post, another office's AG said to be Maryland's, no date, federal AG
        (_ag("Wes Moore", "Moore", "MD", "Governor"), date(2024, 3, 5), None),
        (_ag("Anthony G. Brown", "Brown", "MD", "Lieutenant Governor"), date(2024, 3, 5), None),
        (_ag("Keith Ellison", "Ellison", "MD"), date(2024, 3, 5), None),
        (_ag("Anthony G. Brown", "Brown", "MD"), None, None),
        (_ag("Merrick Garland", "Garland", "US"), date(2022, 7, 11), None),
    ],
)
def test_attorney_general_rule(person: Person, on: date | None, expected: str | None) -> None:
    holder = attorney_general(person, on)
    assert (holder.name if holder else None) == expected


def test_bundled_partner_attorneys_general_are_linked(bundled_build: Build) -> None:
    """The New Mexico letter of 2018 names its partners' AGs: those the roster has an
    OCD id for get it; Balderas (no id in the roster) and Sessions (federal) get none."""
    stem = "nm_2018-06-19_family-separation-letter.txt"
    release = next(r for r in bundled_build.releases if r.facts.release.source.endswith(stem))
    ids = _identifiers(release.graph)
    assert (URIRef(ID + "person/nc/stein"), AGLOD.ocdPersonId, None) in ids
    assert (URIRef(ID + "person/wa/ferguson"), AGLOD.ocdPersonId, None) in ids
    assert (URIRef(ID + "person/nm/balderas"), None, None) not in ids
    assert (URIRef(ID + "person/us/sessions"), None, None) not in ids


def test_holders_of_an_office_sharing_a_surname_share_their_ids() -> None:
    """An official's IRI is its office and family name: two holders of one office with
    one family name (Janet Mills's two tenures) must be one person, or the graph would
    give one IRI two OCD ids."""
    seen: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for h in roster():
        key = (h.office, fold(h.family_name))
        ids = (h.ocd_person_id, h.wikidata)
        earlier = seen.setdefault(key, ids)
        assert all(a is None or b is None or a == b for a, b in zip(earlier, ids, strict=True)), key


def test_roster_qids_are_well_formed_and_distinct() -> None:
    qids = [h.wikidata for h in roster() if h.wikidata]
    assert len(qids) >= 10
    assert all(q.startswith("Q") and q[1:].isdigit() for q in qids)
    by_person = {(h.office, fold(h.name)): h.wikidata for h in roster() if h.wikidata}
    assert len(set(by_person.values())) == len(by_person)
    assert WD[BROWN_QID] == URIRef("http://www.wikidata.org/entity/Q4772558")
