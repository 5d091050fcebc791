"""The gazetteer: the reference data checked against the `us` package and its own rules."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import us

from aglod.reference import gazetteer
from aglod.reference.gazetteer import GazetteerError
from aglod.resources import data_file

QID = re.compile(r"^Q[1-9][0-9]*$")
OCD = re.compile(r"^ocd-division/country:us(?:/(?:state|district|territory):[a-z]{2})?$")

_CACHED = (
    gazetteer.jurisdictions,
    gazetteer._by_code,
    gazetteer._name_index,
    gazetteer._federal,
    gazetteer.government_bodies,
    gazetteer.federal_posts,
    gazetteer.state_posts,
)


def _clear_caches() -> None:
    for function in _CACHED:
        function.cache_clear()


@pytest.fixture
def patched_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Deep copies of both data files, which the loader reads in place of the real ones."""
    data = {
        name: json.loads(data_file(name).read_text(encoding="utf-8"))
        for name in ("jurisdictions.json", "federal.json")
    }
    data = copy.deepcopy(data)
    monkeypatch.setattr(gazetteer, "_load", lambda name: data[name])
    _clear_caches()
    yield data
    _clear_caches()


def _us_entries() -> list[Any]:
    """Every state, territory and DC that `us` knows, once each."""
    by_abbr = {s.abbr: s for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC]}
    return list(by_abbr.values())


# --- jurisdictions ---------------------------------------------------------------------


def test_exactly_57_sorted_and_unique() -> None:
    codes = [j.usps for j in gazetteer.jurisdictions()]
    assert len(codes) == 57
    assert codes == sorted(codes)
    assert len(set(codes)) == 57
    fips = [j.fips for j in gazetteer.jurisdictions() if j.fips is not None]
    assert len(fips) == 56 and len(set(fips)) == 56
    assert gazetteer.jurisdiction("US").fips is None


def test_kinds() -> None:
    kinds = Counter(j.kind for j in gazetteer.jurisdictions())
    assert kinds == {"state": 50, "district": 1, "territory": 5, "nation": 1}
    assert gazetteer.jurisdiction("DC").kind == "district"
    assert gazetteer.jurisdiction("US").kind == "nation"


@pytest.mark.parametrize("entry", _us_entries(), ids=lambda s: s.abbr)
def test_agrees_with_us_package(entry: Any) -> None:
    j = gazetteer.jurisdiction(entry.abbr)
    assert j.usps == entry.abbr
    assert j.fips == entry.fips
    assert entry.name in j.names
    assert (j.kind == "territory") == bool(entry.is_territory)
    if entry.ap_abbr and entry.ap_abbr != entry.name:
        assert j.ap_abbreviation == entry.ap_abbr
    else:
        assert j.ap_abbreviation is None


def test_covers_exactly_the_us_package_and_the_nation() -> None:
    ours = {j.usps for j in gazetteer.jurisdictions()}
    assert ours == {s.abbr for s in _us_entries()} | {"US"}


def test_ocd_ids() -> None:
    for j in gazetteer.jurisdictions():
        assert OCD.match(j.ocd_id), j.ocd_id
        assert j.ocd_id.endswith(j.usps.lower()), j.ocd_id
    assert gazetteer.jurisdiction("NM").ocd_id == "ocd-division/country:us/state:nm"
    assert gazetteer.jurisdiction("DC").ocd_id == "ocd-division/country:us/district:dc"
    assert gazetteer.jurisdiction("PR").ocd_id == "ocd-division/country:us/territory:pr"
    assert gazetteer.jurisdiction("US").ocd_id == "ocd-division/country:us"


def test_qids_well_formed_and_unique() -> None:
    qids = [j.wikidata for j in gazetteer.jurisdictions()]
    assert all(QID.match(q) for q in qids)
    assert len(set(qids)) == len(qids)
    body_qids = [b.wikidata for b in gazetteer.government_bodies() if b.wikidata is not None]
    assert all(QID.match(q) for q in body_qids)
    assert len(set(body_qids)) == len(body_qids)
    assert not set(body_qids) & set(qids)
    assert gazetteer.jurisdiction("NM").wikidata == "Q1522"
    assert gazetteer.jurisdiction("US").wikidata_iri == "http://www.wikidata.org/entity/Q30"


def test_aliases_and_titles() -> None:
    for j in gazetteer.jurisdictions():
        assert j.name not in j.aliases
        assert len(set(j.aliases)) == len(j.aliases)
        assert j.ag_title.startswith("Attorney General")
        if j.kind == "state":
            assert f"State of {j.name}" in j.aliases
            assert j.ag_title == f"Attorney General of {j.name}"
    for code in ("KY", "MA", "PA", "VA"):
        name = gazetteer.jurisdiction(code).name
        assert f"Commonwealth of {name}" in gazetteer.jurisdiction(code).aliases
    assert gazetteer.jurisdiction("DC").ag_title == "Attorney General for the District of Columbia"
    assert gazetteer.jurisdiction("US").ag_title == "Attorney General of the United States"
    assert gazetteer.jurisdiction("PR").ag_title == "Attorney General of Puerto Rico"
    assert gazetteer.jurisdiction("PR").ag_title_local == "Secretary of Justice of Puerto Rico"
    assert gazetteer.jurisdiction("NM").demonym == "New Mexican"


def test_jurisdiction_lookup_ignores_case() -> None:
    assert gazetteer.jurisdiction("nm") is gazetteer.jurisdiction("NM")


def test_unknown_jurisdiction_code() -> None:
    with pytest.raises(KeyError, match="unknown jurisdiction code 'XX'"):
        gazetteer.jurisdiction("XX")


def test_dataclasses_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer.jurisdiction("NM").name = "Nuevo México"  # type: ignore[misc]


# --- the name index --------------------------------------------------------------------


def test_name_index_has_every_name_once() -> None:
    index = gazetteer.name_index()
    expected = {(n.lower(), j.usps) for j in gazetteer.jurisdictions() for n in j.names}
    assert len(index) == len(expected)
    assert set(index.items()) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the District of Columbia", "DC"),
        ("Washington, D.C.", "DC"),
        ("D.C.", "DC"),
        ("the Commonwealth of Virginia", "VA"),
        ("the U.S. Virgin Islands", "VI"),
        ("Washington", "WA"),
        ("Washington State", "WA"),
        ("Puerto Rico", "PR"),
        ("CNMI", "MP"),
        ("New Mexico", "NM"),
        ("the State of New Mexico", "NM"),
        ("the United States", "US"),
    ],
)
def test_name_index_resolves(text: str, code: str) -> None:
    assert gazetteer.name_index()[text.lower()] == code


def test_name_index_leaves_out_ap_abbreviations() -> None:
    index = gazetteer.name_index()
    for j in gazetteer.jurisdictions():
        if j.ap_abbreviation is not None and j.usps != "DC":
            assert j.ap_abbreviation.lower() not in index


def test_name_index_is_a_copy() -> None:
    gazetteer.name_index()["atlantis"] = "AT"
    assert "atlantis" not in gazetteer.name_index()


# --- federal bodies and posts ----------------------------------------------------------


def test_federal_post_bodies_and_body_parents_exist() -> None:
    keys = {b.key for b in gazetteer.government_bodies()}
    for post in gazetteer.federal_posts():
        assert post.body in keys, post.key
    for body in gazetteer.government_bodies():
        assert body.parent is None or body.parent in keys, body.key
    assert gazetteer.government_body("us-senate").parent == "us-congress"


def test_required_keys_present() -> None:
    for key in ("us-department-of-justice", "us-congress", "white-house", "us-supreme-court"):
        assert gazetteer.government_body(key).name
    for key in ("president", "attorney-general", "speaker-of-the-house", "postmaster-general"):
        assert gazetteer.federal_post(key).label
    assert gazetteer.federal_post("attorney-general").label == (
        "Attorney General of the United States"
    )
    assert gazetteer.government_body("us-department-of-justice").wikidata == "Q1553390"


def test_aliases_unambiguous_within_each_group() -> None:
    groups: list[list[tuple[str, tuple[str, ...]]]] = [
        [(b.key, (b.name, *b.aliases)) for b in gazetteer.government_bodies()],
        [(p.key, p.aliases) for p in gazetteer.federal_posts()],
        [(p.key, p.aliases) for p in gazetteer.state_posts()],
    ]
    for group in groups:
        owners: dict[str, str] = {}
        for key, names in group:
            for name in names:
                assert owners.setdefault(name.lower(), key) == key, name


def test_federal_post_aliases_do_not_claim_state_titles() -> None:
    state_aliases = {a.lower() for p in gazetteer.state_posts() for a in (p.title, *p.aliases)}
    for post in gazetteer.federal_posts():
        assert not {a.lower() for a in post.aliases} & state_aliases, post.key
    assert "Attorney General" not in gazetteer.federal_post("attorney-general").aliases


def test_state_post_labels() -> None:
    nm = gazetteer.jurisdiction("NM")
    assert gazetteer.state_post("governor").label(nm) == "Governor of New Mexico"
    assert gazetteer.state_post("attorney-general").label(nm) == nm.ag_title
    assert "Gov." in gazetteer.state_post("governor").aliases


@pytest.mark.parametrize(
    "lookup", [gazetteer.government_body, gazetteer.federal_post, gazetteer.state_post]
)
def test_unknown_keys(lookup: Any) -> None:
    with pytest.raises(KeyError, match=r"unknown .*'no-such-key'"):
        lookup("no-such-key")


# --- the loader rejects bad data -------------------------------------------------------


def test_rejects_a_name_shared_by_two_jurisdictions(patched_data: dict[str, Any]) -> None:
    oregon = next(j for j in patched_data["jurisdictions.json"] if j["usps"] == "OR")
    oregon["aliases"].append("Washington")
    with pytest.raises(GazetteerError, match="'Washington' is used by both"):
        gazetteer.name_index()


def test_rejects_a_wrong_ocd_id(patched_data: dict[str, Any]) -> None:
    patched_data["jurisdictions.json"][0]["ocd_id"] = "ocd-division/country:us/state:zz"
    with pytest.raises(GazetteerError, match="OCD id"):
        gazetteer.jurisdictions()


def test_rejects_a_duplicate_code(patched_data: dict[str, Any]) -> None:
    rows = patched_data["jurisdictions.json"]
    rows.append(copy.deepcopy(rows[0]))
    with pytest.raises(GazetteerError, match="duplicate"):
        gazetteer.jurisdictions()


def test_rejects_a_missing_field(patched_data: dict[str, Any]) -> None:
    del patched_data["jurisdictions.json"][0]["demonym"]
    with pytest.raises(GazetteerError, match="demonym"):
        gazetteer.jurisdictions()


def test_rejects_a_post_of_an_unknown_body(patched_data: dict[str, Any]) -> None:
    patched_data["federal.json"]["posts"][0]["body"] = "ministry-of-magic"
    with pytest.raises(GazetteerError, match="unknown body 'ministry-of-magic'"):
        gazetteer.federal_posts()


def test_rejects_a_bad_qid(patched_data: dict[str, Any]) -> None:
    patched_data["federal.json"]["bodies"][0]["wikidata"] = "Q0"
    with pytest.raises(GazetteerError, match="QID"):
        gazetteer.government_bodies()


# --- the federal bodies' own rules ------------------------------------------------------


def test_every_body_parent_exists_and_no_parent_chain_loops() -> None:
    bodies = {b.key: b for b in gazetteer.government_bodies()}
    for body in bodies.values():
        seen = {body.key}
        parent = body.parent
        while parent is not None:
            assert parent in bodies, f"{body.key}: unknown parent {parent!r}"
            assert parent not in seen, f"{body.key}: its parents loop at {parent!r}"
            seen.add(parent)
            parent = bodies[parent].parent
    assert gazetteer.government_body("food-and-drug-administration").parent == (
        "us-department-of-health-and-human-services"
    )
    assert gazetteer.government_body("national-marine-fisheries-service").parent == (
        "national-oceanic-and-atmospheric-administration"
    )


def test_no_name_or_alias_names_two_bodies() -> None:
    owners: dict[str, str] = {}
    for body in gazetteer.government_bodies():
        for name in {n.lower() for n in (body.name, *body.aliases)}:
            other = owners.setdefault(name, body.key)
            assert other == body.key, f"{name!r} names both {other} and {body.key}"


def test_no_body_alias_is_a_jurisdiction_name() -> None:
    places = set(gazetteer.name_index())
    places |= {j.ap_abbreviation.lower() for j in gazetteer.jurisdictions() if j.ap_abbreviation}
    places |= {j.usps.lower() for j in gazetteer.jurisdictions()}
    for body in gazetteer.government_bodies():
        clash = {n.lower() for n in (body.name, *body.aliases)} & places
        assert not clash, f"{body.key}: {sorted(clash)}"


def test_body_qids_are_well_formed_unique_and_not_places() -> None:
    qids = [b.wikidata for b in gazetteer.government_bodies() if b.wikidata is not None]
    assert all(QID.match(q) for q in qids), [q for q in qids if not QID.match(q)]
    assert len(set(qids)) == len(qids), [q for q, n in Counter(qids).items() if n > 1]
    assert not set(qids) & {j.wikidata for j in gazetteer.jurisdictions()}
    assert gazetteer.government_body("federal-bureau-of-investigation").wikidata == "Q8333"


# words and other abbreviations that an alias matched without regard to case would
# take for a body ("ICE", "ED", the union "NEA", "NSF" fees, Black Lives Matter)
_NOT_ALIASES = {"ice", "ed", "nea", "nsf", "blm", "fsa", "fta", "eta", "pto", "the fed", "fed"}


def test_aliases_are_not_words_or_other_abbreviations() -> None:
    for body in gazetteer.government_bodies():
        for name in (body.name, *body.aliases):
            assert name.strip() == name and "  " not in name, f"{body.key}: {name!r}"
            assert name.lower() not in _NOT_ALIASES, f"{body.key}: {name!r}"
            if " " not in name and "." not in name:  # a bare abbreviation
                assert len(name) >= 3, f"{body.key}: {name!r}"


def test_state_bodies_names_are_not_federal_aliases() -> None:
    """Names a state's own body bears left out, unless "U.S." or the department says
    whose it is: a Wage and Hour Division, a Civil Rights Division, an Office for Civil
    Rights, a bare "First Circuit" (Hawaii's First Circuit Court)."""
    names = {n.lower() for b in gazetteer.government_bodies() for n in (b.name, *b.aliases)}
    for shared in (
        "wage and hour division",
        "civil rights division",
        "antitrust division",
        "office for civil rights",
        "first circuit",
        "second circuit",
        "third circuit",
        "fifth circuit",
        "6th circuit",
        "bureau of investigation",
    ):
        assert shared not in names, shared


def test_court_aliases_say_court() -> None:
    """Extraction tells a court from another body by the word "court" in the alias it
    matched (a brief filed in a court is not aimed at it), so every court alias holds it."""
    circuits = [
        b for b in gazetteer.government_bodies() if b.key.startswith("us-court-of-appeals-")
    ]
    assert len(circuits) == 13
    for body in circuits:
        for name in (body.name, *body.aliases):
            assert "court" in name.lower(), f"{body.key}: {name!r}"


def test_few_body_names_hold_and() -> None:
    """Extraction joins every body name holding "and" or "&" into one pattern searched
    through each release: each body keeps one such form (CMS two), not its variants."""
    with_and = re.compile(r"\s(?:and|&)\s", re.I)
    per_body = Counter(
        b.key
        for b in gazetteer.government_bodies()
        for n in {n.lower() for n in (b.name, *b.aliases)}
        if with_and.search(n)
    )
    assert sum(per_body.values()) <= 45, per_body


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("CMS", "centers-for-medicare-and-medicaid-services"),
        (
            "Centers for Medicare and Medicaid Services",
            "centers-for-medicare-and-medicaid-services",
        ),
        ("ATF", "bureau-of-alcohol-tobacco-firearms-and-explosives"),
        ("NHTSA", "national-highway-traffic-safety-administration"),
        ("Bureau of Prisons", "federal-bureau-of-prisons"),
        ("Ninth Circuit Court of Appeals", "us-court-of-appeals-ninth-circuit"),
        ("DOGE", "department-of-government-efficiency"),
        ("HHS", "us-department-of-health-and-human-services"),
    ],
)
def test_body_aliases_resolve(alias: str, key: str) -> None:
    owners = {n.lower(): b.key for b in gazetteer.government_bodies() for n in (b.name, *b.aliases)}
    assert owners[alias.lower()] == key


def test_rejects_a_body_of_an_unknown_parent(patched_data: dict[str, Any]) -> None:
    patched_data["federal.json"]["bodies"][-1]["parent"] = "ministry-of-magic"
    with pytest.raises(GazetteerError, match="unknown parent 'ministry-of-magic'"):
        gazetteer.government_bodies()
