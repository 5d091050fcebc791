"""The four New Mexico releases supplied with the brief: the graph agrees with their
gold exactly (read back through SPARQL over the stable core terms)."""

from __future__ import annotations

import json

import pytest

from aglod.evaluation.scoring import surname
from aglod.pipeline.build import Build
from aglod.rdf.readback import release_facts
from aglod.validation.shacl import with_context
from helpers import GOLD, NM_BRIEF


@pytest.fixture(scope="module")
def readback(bundled_build: Build) -> dict[str, dict]:
    out = {}
    for r in bundled_build.releases:
        for rec in release_facts(with_context(r.graph, bundled_build.reference)):
            out[rec["file"]] = rec
    return out


@pytest.mark.slow
@pytest.mark.parametrize("stem", NM_BRIEF)
def test_release_fields_match_gold(stem: str, readback: dict[str, dict]) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    got = readback[f"{stem}.txt"]
    g, p = gold["release"], got["release"]
    for key in ("title", "date", "office", "dateline", "contacts"):
        assert p[key] == g[key], key
    assert p["issuer"] == g["issuer"]


@pytest.mark.parametrize("stem", NM_BRIEF)
def test_actions_match_gold(stem: str, readback: dict[str, dict]) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    got = readback[f"{stem}.txt"]
    assert len(got["actions"]) == len(gold["actions"])
    for g, p in zip(gold["actions"], got["actions"], strict=True):
        for key in ("type", "role", "date", "stated_count", "participants", "leads"):
            assert p[key] == g[key], (key, g["type"])


@pytest.mark.parametrize("stem", NM_BRIEF)
def test_people_match_gold(stem: str, readback: dict[str, dict]) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    got = readback[f"{stem}.txt"]
    want = {(surname(x["name"]), x["post"], x["jurisdiction"]) for x in gold["people"]}
    have = {(surname(x["name"]), x["post"], x["jurisdiction"]) for x in got["people"]}
    assert have == want


def test_signed_letter_officials_with_full_names(readback: dict[str, dict]) -> None:
    got = readback["nm_2018-06-19_family-separation-letter.txt"]
    gold = json.loads((GOLD / "nm_2018-06-19_family-separation-letter.json").read_text("utf-8"))
    assert {(x["name"], x["post"], x["jurisdiction"]) for x in got["people"]} == {
        (x["name"], x["post"], x["jurisdiction"]) for x in gold["people"]
    }
