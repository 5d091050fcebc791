"""Inputs made to leak or stall a build: symbolic links out of the input folder, system
files, pipes, pages nested to exhaust the parser, feed lines JSON allows but text does
not, entity expansion in RDF/XML, signals mid-build, file names that forge output lines.
Each is rejected (or refused) with a reason naming it, quickly, and the rest is built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aglod.cli import main
from helpers import CORPUS

GOOD = (
    "nm_2018-08-10_3d-printed-gun-plans-letter.txt",
    "nm_2017-08-16_cda-sex-trafficking-letter.txt",
)
LEAD = (
    "SANTA FE, NM – Attorney General Hector Balderas today filed a lawsuit against Acme "
    "Lending Corp. for deceptive loan practices that harmed thousands of New Mexico families."
)


def run_build(*args: str) -> tuple[int, dict[str, Any], str]:
    """``aglod build ARGS --json``: exit code, the JSON summary, stderr."""
    result = CliRunner().invoke(main, ["build", *args, "--json"])
    summary = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, summary, result.stderr


def good_folder(tmp_path: Path) -> Path:
    """A folder of two bundled releases."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def rejects(summary: dict[str, Any]) -> dict[str, str]:
    """The build's rejects, source → reason."""
    return {r["source"]: r["reason"] for r in summary["rejects"]}


def feed_line(n: int) -> str:
    """A good feed line: a release of its own."""
    return json.dumps(
        {
            "url": f"https://ag.example.gov/news/{n}",
            "title": f"AG Sues Acme Lending Number {n}",
            "date": "2021-03-03",
            "office": "NM",
            "text": f"AG Sues Acme Lending Number {n}\n\nMarch 3, 2021\n\n{LEAD}",
        }
    )


# ---------------------------------------------------------------------------- feeds

BAD_LINES = {
    "lone surrogate in the title": (
        '{"title": "AG \\ud800 Sues", "text": "Attorney General Balderas sued Acme."}',
        '"title" holds a lone surrogate (\\ud800), not text',
    ),
    "lone surrogate deep in an extra field": (
        '{"text": "Attorney General Balderas sued Acme.", "extra": [{"a": ["\\udfff"]}]}',
        '"extra" holds a lone surrogate (\\udfff), not text',
    ),
    "lone surrogate in a key": (
        '{"text": "Attorney General Balderas sued Acme.", "\\udc00": 1}',
        "a key holds a lone surrogate (\\udc00), not text",
    ),
    "5,000-digit integer": (
        '{"id": 1' + "0" * 4999 + ', "text": "Attorney General Balderas sued Acme."}',
        "a number of 5,000 digits, over aglod's limit of 100 digits",
    ),
    "number out of range": (
        '{"id": 1e5000, "text": "Attorney General Balderas sued Acme."}',
        "the number 1e5000 is out of range",
    ),
    "NaN": (
        '{"id": NaN, "text": "Attorney General Balderas sued Acme."}',
        "invalid JSON: NaN is not a JSON value",
    ),
    "200,000 nested arrays": ("[" * 200_000, "invalid JSON: nested too deeply"),
    "200,000 nested objects in a field": (
        '{"text": "x", "extra": ' + '{"a": ' * 200_000,
        "invalid JSON: nested too deeply",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_feed_line_is_rejected_and_the_others_built(case: str, tmp_path: Path) -> None:
    line, reason = BAD_LINES[case]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([feed_line(1), line, feed_line(3)]) + "\n", encoding="utf-8")
    code, summary, err = run_build(str(feed), "--out", str(tmp_path / "out"))
    assert code == 2, err
    assert rejects(summary) == {f"{feed}:2": reason}
    assert summary["built"] == 2
    assert f"aglod: rejected {feed}:2: {reason}" in err
