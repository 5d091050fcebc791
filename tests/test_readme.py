"""Docs that cannot drift: the README's example queries give the answers it shows on
the committed output/, its eval table is what `aglod eval` prints, and the quick start
names the Makefile targets that exist."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from rdflib import Graph

from aglod.cli import main
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```sparql\n(.*?)```\s*```text\n(.*?)```", README, re.S)


def answer_table(graph: Graph, query: str) -> str:
    result = graph.query(query)
    lines = [" | ".join(str(v) for v in result.vars or [])]
    for row in result:
        lines.append(" | ".join("" if x is None else str(x) for x in row))  # type: ignore[union-attr]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def published() -> Graph:
    return Graph().parse(ROOT / "output" / "aglod.ttl", format="turtle")


def test_readme_has_three_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("index", range(3))
def test_example_query_answers(published: Graph, index: int) -> None:
    query, shown = EXAMPLES[index]
    assert answer_table(published, query) == shown


@pytest.mark.parametrize("index", range(3))
def test_examples_are_the_saved_queries(index: int) -> None:
    query, _shown = EXAMPLES[index]
    saved = {p.name: p.read_text("utf-8") for p in (ROOT / "queries").glob("*.rq")}
    strip = lambda q: [ln for ln in q.strip().splitlines() if not ln.startswith("#")]  # noqa: E731
    assert any(strip(query) == strip(text) for text in saved.values())


def test_eval_table_is_current() -> None:
    shown = re.search(r"`aglod eval` on the 23 bundled.*?```text\n(.*?)```", README, re.S)
    assert shown is not None
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 0
    assert result.stdout == shown.group(1)


def test_quick_start_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("build", "check"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make check" in ci


def test_holdout_table_is_current() -> None:
    shown = re.search(
        r"`aglod eval corpus/holdout/releases --gold corpus/holdout/gold`:\n\n```text\n(.*?)```",
        README,
        re.S,
    )
    assert shown is not None
    folder = ROOT / "corpus" / "holdout"
    result = CliRunner().invoke(
        main, ["eval", str(folder / "releases"), "--gold", str(folder / "gold")]
    )
    assert result.exit_code == 0
    assert result.stdout == shown.group(1)
