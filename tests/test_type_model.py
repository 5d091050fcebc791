"""The action-type model: what it reads, that the shipped file is what its training
script makes of the corpus, and that aglod's own sums give scikit-learn's readings."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from aglod.extraction import extract, typemodel, typetraining
from aglod.extraction.actions import type_features
from aglod.extraction.segments import segment
from aglod.records import Release
from aglod.resources import data_file

ROOT = Path(__file__).resolve().parents[1]


def _features(text: str) -> typemodel.Features:
    release = Release("x.txt", text, "sha256:0")
    return type_features(text, segment(release), None)


def test_terms_are_words_and_word_pairs_with_digits_as_zero() -> None:
    # "2" is one letter: no word
    assert typemodel.terms("Files 2 Lawsuits") == ["files", "lawsuits", "files lawsuits"]
    assert typemodel.terms("Wins $25 Million") == [
        "wins",
        "00",
        "million",
        "wins 00",
        "00 million",
    ]


def test_states_and_attorneys_general_are_not_learnt_by_name() -> None:
    # a real headline, and the same news of another office
    a = typemodel.terms("Attorney General Tong Sues Trump Administration for Halting Wind")
    b = typemodel.terms("Attorney General Ellison Sues Trump Administration for Halting Wind")
    assert a == b
    assert "general _name_" in a
    assert typemodel.terms("New Mexico and District of Columbia join") == [
        "_state_",
        "and",
        "_state_",
        "join",
        "_state_ and",
        "and _state_",
        "_state_ join",
    ]
    # a name in lower case is a word ("a long list"), not a person
    assert "long" in typemodel.terms("a long list")


def test_the_features_are_the_headline_the_lead_and_the_rules_cues() -> None:
    f = _features(
        "Attorney General Tong Sues Trump Administration for Halting Wind Energy\n\n"
        "August 5, 2025\n\n"
        "HARTFORD – Attorney General William Tong today filed a lawsuit against the "
        "Department of the Interior.\n"
    )
    assert "sues" in f.headline and "sues" not in f.lead
    assert "filed lawsuit" in f.lead  # "a" is one letter: no word
    assert "filed lawsuit" not in f.headline
    assert {"h:Lawsuit:strong", "l:Lawsuit:strong", "h1:Lawsuit", "any:Lawsuit"} <= set(f.cues)


@pytest.mark.parametrize(
    ("headline", "lead", "expected"),
    [
        # real headlines and leads of development releases
        (
            "Attorney General Tong Sues Trump Administration for Halting Development of Wind",
            "Attorney General William Tong today joined a coalition in filing a lawsuit.",
            "Lawsuit",
        ),
        (
            "Attorney General Knudsen issues statement on State of the State address",
            "Attorney General Austin Knudsen issued the following statement tonight.",
            "Statement",
        ),
        (
            "Schuette Charges Six More in Flint Water Crisis",
            "Attorney General Bill Schuette today charged six more officials.",
            "Charges",
        ),
    ],
)
def test_the_shipped_model_reads_plain_news(headline: str, lead: str, expected: str) -> None:
    f = _features(f"{headline}\n\nMay 1, 2024\n\nCITY – {lead}\n")
    assert typemodel.model().predict(f) == expected


def test_a_model_reads_the_type_of_highest_score() -> None:
    m = typemodel.Model(
        classes=("Letter", "Lawsuit"),
        intercept=(0.5, 0.0),
        idf={"headline": {"sues": 2.0}, "lead": {}},
        weights={
            "headline": {"sues": (0.0, 3.0)},
            "lead": {},
            "cues": {"h:Letter:weak": (1.0, 0.0)},
        },
    )
    # one word, unit length: 0.5 against 3.0
    assert m.scores(typemodel.Features(["sues"], [], [])) == {"Letter": 0.5, "Lawsuit": 3.0}
    assert m.predict(typemodel.Features(["sues"], [], [])) == "Lawsuit"
    assert m.predict(typemodel.Features([], [], ["h:Letter:weak"])) == "Letter"
    # two words: each weighs (1 + ln n) * idf, the group scaled to unit length
    m2 = typemodel.Model(
        classes=("A", "B"),
        intercept=(0.0, 0.0),
        idf={"headline": {"x": 1.0, "y": 1.0}, "lead": {}},
        weights={"headline": {"x": (1.0, 0.0), "y": (0.0, 1.0)}, "lead": {}, "cues": {}},
    )
    s = m2.scores(typemodel.Features(["x", "x", "y"], [], []))
    vx, vy = 1.0 + math.log(2), 1.0
    norm = math.hypot(vx, vy)
    assert s == pytest.approx({"A": vx / norm, "B": vy / norm})


@pytest.fixture(scope="module")
def trained() -> tuple[list[tuple[str, typemodel.Features, str]], object, list[object]]:
    data = typetraining.examples(typetraining.default_folders(ROOT))
    clf, vectorizers = typetraining.fit(data)
    return data, clf, vectorizers


def test_the_shipped_model_is_what_the_training_script_makes_of_the_corpus(
    trained: tuple[list[tuple[str, typemodel.Features, str]], object, list[object]],
) -> None:
    data, clf, vectorizers = trained
    assert len(data) >= 300
    made = typetraining.export(clf, vectorizers)
    shipped = json.loads(data_file(typemodel.MODEL_FILE).read_text(encoding="utf-8"))
    retrain = "the corpus or the features changed: `make type-model` retrains the model"
    assert made["classes"] == shipped["classes"], retrain
    assert made["idf"] == shipped["idf"], retrain
    assert made["weights"].keys() == shipped["weights"].keys()
    for group, features in made["weights"].items():
        assert features.keys() == shipped["weights"][group].keys(), (group, retrain)
        for name, ws in features.items():
            assert ws == pytest.approx(shipped["weights"][group][name], rel=1e-6, abs=1e-9)
    assert made["intercept"] == pytest.approx(shipped["intercept"], rel=1e-6, abs=1e-9)


def test_aglods_sums_are_scikit_learns_decisions(
    trained: tuple[list[tuple[str, typemodel.Features, str]], object, list[object]],
) -> None:
    data, clf, vectorizers = trained
    model = typemodel.from_json(typetraining.export(clf, vectorizers))  # type: ignore[arg-type]
    features = [f for _, f, _ in data]
    decisions = clf.decision_function(typetraining.transform(vectorizers, features))  # type: ignore[attr-defined]
    labels = clf.predict(typetraining.transform(vectorizers, features))  # type: ignore[attr-defined]
    for f, row, label in zip(features, decisions, labels, strict=True):
        ours = model.scores(f)
        assert [ours[c] for c in model.classes] == pytest.approx(list(row), abs=1e-5)
        assert model.predict(f) == label


def test_a_brief_the_model_reads_as_amicus_keeps_the_sentences_that_date_it() -> None:
    # real sentences of a development release (corpus/holdout, Georgia 2017)
    text = (
        "Attorney General Chris Carr, 21 States Fight to Protect Second Amendment Rights\n\n"
        "Attorney General Chris Carr has joined a 21-state coalition in urging the U.S. "
        "Supreme Court to defend the rights of gun owners in Georgia and across the nation.\n\n"
        "The coalition filed a brief on Friday, August 25, 2017 asking the Supreme Court to "
        "hear a challenge to a Maryland weapons ban.\n\n"
        "The following states, led by West Virginia, also supported the friend-of-the-court "
        "brief: Alabama, Arkansas and Wyoming.\n"
    )
    release = Release("x.txt", text, "sha256:0")
    [action] = extract(release, segment(release)).actions
    assert action.type == "AmicusBrief"
    assert action.date == date(2017, 8, 25)


def test_training_refuses_a_folder_that_is_not_there_before_it_fits(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "model.json"
    assert typetraining.main(["--out", str(out), str(ROOT / "corpus" / "holdout")]) == 2
    assert not out.parent.exists()
