"""Docs that cannot drift: the README's example queries give the answers it shows on
the committed output/, its eval table is what `aglod eval` prints, and the quick start
names the Makefile targets that exist."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from aglod.cli import main
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(
    r"```sparql\n(.*?)```\s*```sh\n\.venv/bin/aglod query ([\w-]+)\n```\s*```text\n(.*?)```",
    README,
    re.S,
)


def run_query(name: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """`aglod query NAME` as the README runs it, from the repository root."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["query", name])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_readme_has_three_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("index", range(3))
def test_example_commands_print_what_the_readme_shows(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _query, name, shown = EXAMPLES[index]
    assert run_query(name, monkeypatch) == shown


@pytest.mark.parametrize("index", range(3))
def test_examples_show_the_saved_queries(index: int) -> None:
    query, name, _shown = EXAMPLES[index]
    saved = (ROOT / "queries" / f"{name}.rq").read_text("utf-8")
    strip = lambda q: [ln for ln in q.strip().splitlines() if not ln.startswith("#")]  # noqa: E731
    assert strip(query) == strip(saved)


def test_eval_table_is_current() -> None:
    shown = re.search(r"`aglod eval` on the 23 bundled.*?```text\n(.*?)```", README, re.S)
    assert shown is not None
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 0
    assert result.stdout == shown.group(1)


def test_readme_names_no_file_the_repository_lacks() -> None:
    named = set(
        re.findall(
            r"\b(?:docs|queries|corpus|benchmarks|ontology|shapes|tests|src|\.ci)/[\w./-]*\w",
            README,
        )
    )
    assert len(named) > 10
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_quick_start_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("build", "check", "test"):
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
