"""``Report.to_json`` lays out its results itself (for speed): it must give what
``json.dumps`` gives for the same document, for any text in any field."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from aglod.validation.shacl import Report, Result


def reference(report: Report) -> str:
    doc = {
        "conforms": report.conforms,
        "violations": report.violations,
        "warnings": report.warnings,
        "infos": report.infos,
        "focus_nodes": report.focus_nodes,
        "shapes": report.shapes_checked,
        "counts_by_shape": report.counts_by_shape,
        "results": [asdict(r) for r in report.results],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


text = st.text(st.characters(codec="utf-8"), max_size=20)
results = st.builds(
    Result,
    severity=st.sampled_from(["Violation", "Warning", "Info"]),
    focus=text,
    path=st.none() | text,
    value=st.none() | text,
    message=text,
    shape=st.none() | text,
    constraint=st.none() | text,
)
reports = st.builds(
    Report,
    results=st.lists(results, max_size=6),
    focus_nodes=st.integers(0, 10**6),
    shapes_checked=st.integers(0, 500),
    counts_by_shape=st.dictionaries(text, st.integers(0, 10**5), max_size=3),
)


@given(reports)
def test_to_json_is_json_dumps(report: Report) -> None:
    out = report.to_json()
    assert out == reference(report)
    assert json.loads(out)["results"] == [asdict(r) for r in report.results]


def test_to_json_of_a_hostile_shape_name() -> None:
    """A shape named like the layout's own marker does not cut the document."""
    r = Result("Warning", '<a>\n  "results": [],\n', None, '"]', "m\u2028", None, None)
    report = Report([r, r], 3, 1, {'\n  "results": [],\n': 2, "": 0})
    assert report.to_json() == reference(report)
