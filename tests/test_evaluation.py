"""`aglod eval` scores honestly: nothing to score is an error, an unreadable release
counts as missed; counterparties have a precision; money, cases and statutes (schema
version 2) are scored where the gold has them; offices apart and a confusion table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.evaluation.scoring import score, score_by_office
from helpers import CORPUS, GOLD

NM = "nm_2017-08-16_cda-sex-trafficking-letter"
MN = "mn_2019-07-22_equifax-settlement"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_no_release_with_gold_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(CORPUS / f"{NM}.txt", tmp_path / "not-in-the-gold.txt")
    result = runner.invoke(main, ["eval", str(tmp_path / "not-in-the-gold.txt")])
    assert result.exit_code == 2
    assert "nothing to score" in result.stderr
    assert "1.000" not in result.stdout


def test_an_unreadable_release_counts_as_missed(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(CORPUS / f"{NM}.txt", tmp_path / f"{NM}.txt")
    (tmp_path / f"{MN}.txt").write_text("   \n", encoding="utf-8")  # empty: rejected
    result = runner.invoke(main, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["releases"] == 2
    assert doc["fields"]["title"]["value"] == 0.5
    assert doc["fields"]["participants"]["recall"] < 1.0
    assert f"{MN}.txt" in result.stderr and "scored as missed" in result.stderr


def test_by_office_and_confusion(runner: CliRunner) -> None:
    paths = [str(CORPUS / f"{NM}.txt"), str(CORPUS / f"{MN}.txt")]
    result = runner.invoke(main, ["eval", *paths, "--json", "--by-office"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert sorted(doc["offices"]) == ["MN", "NM"]
    assert doc["offices"]["NM"]["releases"] == 1
    assert {"gold": "Letter", "predicted": "Letter", "count": 1} in doc["confusion"]["type"]
    text = runner.invoke(main, ["eval", *paths, "--by-office", "--confusion"])
    assert text.exit_code == 0
    assert "action type: gold -> read" in text.stdout
    assert any(line.startswith("MN ") for line in text.stdout.splitlines())


def _doc(office: str, actions: list[dict[str, Any]], schema: int = 2) -> dict[str, Any]:
    return {
        "schema": schema,
        "release": {"title": "t", "date": None, "office": office, "issuer": None},
        "actions": actions,
        "people": [],
    }


def _action(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "Settlement",
        "role": "sole",
        "date": None,
        "stated_count": None,
        "participants": ["MN"],
        "leads": [],
        "counterparties": [],
    }
    return base | fields


def test_counterparties_have_a_precision() -> None:
    gold = {"a.txt": _doc("MN", [_action(counterparties=["Equifax"])], schema=1)}
    pred = {"a.txt": _doc("MN", [_action(counterparties=["Equifax Inc.", "Today", "Minnesota"])])}
    s = score(gold, pred)
    assert s.counterparty_recall.value == 1.0
    assert s.counterparty_precision.right == 1 and s.counterparty_precision.total == 3
    assert "amounts" not in {row[0] for row in s.table()}  # a schema 1 gold: not scored


def test_schema_2_amounts_cases_and_statutes() -> None:
    gold_action = _action(
        amounts=[
            {"value": 1_200_000, "currency": "USD", "kind": "total", "text": "$1.2 million"},
            {"value": 50_000, "currency": "USD", "kind": "fees", "text": "$50,000"},
        ],
        case={"name": "Janus v. AFSCME Council 31", "court": "U.S. Supreme Court", "docket": None},
        statutes=["Minnesota Consumer Fraud Act", "Clean Air Act"],
    )
    pred_action = _action(
        amounts=[
            {"value": 1_204_000, "currency": "USD", "kind": "total", "text": "$1.2 million"},
            {"value": 50_000, "currency": "USD", "kind": "civil_penalty", "text": "$50,000"},
        ],
        case={"name": "Janus v. AFSCME", "court": "Hennepin County District Court", "docket": None},
        statutes=["the Minnesota Consumer Fraud Act", "Sherman Act"],
    )
    s = score({"a.txt": _doc("MN", [gold_action])}, {"a.txt": _doc("MN", [pred_action])})
    assert (s.amounts.tp, s.amounts.fp, s.amounts.fn) == (1, 1, 1)  # 0.33% off: a match
    assert s.case_fields["name"].value == 1.0
    assert s.case_fields["court"].value == 0.0  # shares only "Court": under half
    assert s.statute_recall.right == 1 and s.statute_recall.total == 2
    assert s.statute_precision.right == 1 and s.statute_precision.total == 2
    rows = {row[0]: row for row in s.table()}
    assert rows["amounts"][2] == pytest.approx(0.5)
    off = score(
        {"a.txt": _doc("MN", [_action(amounts=[gold_action["amounts"][0]])])},
        {
            "a.txt": _doc(
                "MN", [_action(amounts=[{**gold_action["amounts"][0], "value": 1_207_000}])]
            )
        },
    )
    assert off.amounts.tp == 0  # 0.58% off: no match


def test_scores_by_office_split_the_gold() -> None:
    gold = {"a.txt": _doc("MN", [_action()]), "b.txt": _doc("NM", [_action(type="Letter")])}
    pred = {"a.txt": _doc("MN", [_action()]), "b.txt": _doc("NM", [_action()])}
    offices = score_by_office(gold, pred)
    assert offices["MN"].action_fields["type"].value == 1.0
    assert offices["NM"].action_fields["type"].value == 0.0
    assert offices["NM"].confusion["type"][("Letter", "Settlement")] == 1


def test_the_bundled_gold_is_all_scored() -> None:
    assert len(list(GOLD.glob("*.json"))) == 23


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("the Minnesota Consumer Fraud Act", "Minnesota Consumer Fraud Act", True),
        ("Clean Air Act", "Clean Water Act", False),
        ("Clean Air Act", "Sherman Act", False),
        ("Public Charge Rule", "the public charge rule", True),
        ("Fair Debt Collection Practices Act", "Debt Collection Practices Act of 1977", True),
    ],
)
def test_statutes_match_by_their_own_words(a: str, b: str, same: bool) -> None:
    from aglod.evaluation.scoring import _same_statute

    assert _same_statute(a, b) is same
