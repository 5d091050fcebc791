"""Extraction quality on the bundled corpus meets DESIGN's bars (read back from the
graph and scored as corpus/gold/SCHEMA.md says). The bars, not the current figures,
are asserted: a change that lowers a figure below its bar fails here."""

from __future__ import annotations

import pytest

from aglod.evaluation.scoring import Scores, load_gold, score
from aglod.pipeline.build import Build
from aglod.rdf.readback import release_facts
from aglod.validation.shacl import with_context
from helpers import GOLD

pytestmark = pytest.mark.slow  # reads the 474 development releases

# DESIGN.md's quality bars
RELEASE_BARS = {"title": 0.95, "date": 0.95, "office": 0.95, "issuer": 0.95}
SET_BARS = {"participants": 0.95, "leads": 0.95, "people": 0.90}
ACTION_BARS = {"type": 0.90, "role": 0.90}


@pytest.fixture(scope="module")
def scores(bundled_build: Build) -> Scores:
    predicted = {}
    for r in bundled_build.releases:
        for rec in release_facts(with_context(r.graph, bundled_build.reference)):
            predicted[rec["file"]] = rec
    return score(load_gold(GOLD), predicted)


@pytest.mark.parametrize("field", sorted(RELEASE_BARS))
def test_release_field_meets_the_bar(scores: Scores, field: str) -> None:
    assert scores.release_fields[field].value >= RELEASE_BARS[field]


@pytest.mark.parametrize("field", sorted(SET_BARS))
def test_set_f1_meets_the_bar(scores: Scores, field: str) -> None:
    assert scores.sets[field].f1 >= SET_BARS[field]


@pytest.mark.parametrize("field", sorted(ACTION_BARS))
def test_action_accuracy_meets_the_bar(scores: Scores, field: str) -> None:
    assert scores.action_fields[field].value >= ACTION_BARS[field]


def test_all_gold_releases_scored(scores: Scores) -> None:
    assert scores.releases == 23


def _score_folder(name: str) -> Scores:
    """Build the releases of ``corpus/<name>/releases`` and score them against its gold."""
    from aglod.pipeline.build import assemble
    from aglod.sources.reading import read_releases
    from helpers import ROOT

    folder = ROOT / "corpus" / name
    b = assemble(read_releases([folder / "releases"]))
    predicted = {}
    for r in b.releases:
        for rec in release_facts(with_context(r.graph, b.reference)):
            predicted[rec["file"]] = rec
    return score(load_gold(folder / "gold"), predicted)


@pytest.fixture(scope="module")
def holdout_scores() -> Scores:
    """Releases of other offices (corpus/holdout), collected and annotated apart from the
    bundled corpus: DESIGN asks that the figures hold within 0.05 of the bars there."""
    return _score_folder("holdout")


def test_holdout_within_005_of_the_bars(holdout_scores: Scores) -> None:
    assert holdout_scores.releases >= 10
    for field, bar in RELEASE_BARS.items():
        assert holdout_scores.release_fields[field].value >= bar - 0.05, field
    for field, bar in SET_BARS.items():
        assert holdout_scores.sets[field].f1 >= bar - 0.05, field
    for field, bar in ACTION_BARS.items():
        assert holdout_scores.action_fields[field].value >= bar - 0.05, field


# Floors on the development corpus of 40 offices (corpus/dev, annotated blind):
# the figures reached there, less a margin; a change that loses ground on releases of
# offices beyond the bundled three fails here. (docs/quality.md has the figures.)
DEV_FLOORS = {
    "date": 0.98,
    "office": 0.97,
    "issuer": 0.95,
    "title": 0.97,
    "participants": 0.94,
    "leads": 0.89,
    "people": 0.90,
    "contacts": 0.95,
    "action_role": 0.88,
    # the type model is trained on these releases: this floor guards the pipeline
    # around it; what it reads of offices left out is benchmarks/type_model.py's
    "action_type": 0.91,
    "stated_count": 0.85,
    "counterparties": 0.64,
}


def test_development_corpus_of_other_offices_holds_its_floors() -> None:
    scores = _score_folder("dev")
    assert scores.releases >= 100
    values = {name: value for name, _m, value, _p, _r in scores.table()}
    low = {f: round(values[f], 3) for f, floor in DEV_FLOORS.items() if values[f] < floor}
    assert not low, low
