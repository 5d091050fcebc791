"""The embedded store (a real on-disk Oxigraph store) and `aglod query`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.store.embedded import graph_names, load_build, open_store
from aglod.store.queries import resolve, saved_queries
from helpers import ROOT, two_release_build

OUTPUT = ROOT / "output"


def _quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def test_load_is_idempotent_and_graph_per_release(tmp_path: Path) -> None:
    first = load_build(tmp_path / "store", OUTPUT)
    before = _quads(open_store(tmp_path / "store"))
    second = load_build(tmp_path / "store", OUTPUT)
    store = open_store(tmp_path / "store")
    assert _quads(store) == before
    assert first["quads"] == second["quads"] == len(before)
    graphs = {g.value for g in store.named_graphs()}
    releases = [g for g in graphs if "/graph/" in g and g not in graph_names().values()]
    assert len(releases) == 23
    named = graph_names()
    assert {named[k] for k in ("reference", "provenance", "vocabulary", "inferred")} <= graphs


def test_a_release_removed_from_the_build_is_dropped(tmp_path: Path) -> None:
    runner = CliRunner()
    folder, out = two_release_build(tmp_path)
    store_dir = tmp_path / "store"
    assert (
        runner.invoke(main, ["-q", "load", "--store", str(store_dir), "--from", str(out)]).exit_code
        == 0
    )
    (folder / "nm_2017-08-16_cda-sex-trafficking-letter.txt").unlink()
    assert runner.invoke(main, ["-q", "build", str(folder), "--out", str(out)]).exit_code == 0
    result = runner.invoke(main, ["load", "--store", str(store_dir), "--from", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["graphs_dropped"] == 1
    count = runner.invoke(
        main,
        [
            "query",
            "--store",
            str(store_dir),
            "--format",
            "csv",
            "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/aglod/ontology#PressRelease> }",
        ],
    )
    assert count.stdout.splitlines()[1] == "1"


def test_query_formats_and_saved_names(tmp_path: Path) -> None:
    runner = CliRunner()
    store_dir = tmp_path / "store"
    assert runner.invoke(main, ["-q", "load", "--store", str(store_dir)]).exit_code == 0
    as_csv = runner.invoke(
        main, ["query", "actions-by-type", "--store", str(store_dir), "--format", "csv"]
    )
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["type", "actions"]
    assert ("Letter", "5") in {tuple(r) for r in rows[1:]}
    as_json = runner.invoke(
        main, ["query", "actions-by-type", "--store", str(store_dir), "--format", "json"]
    )
    doc = json.loads(as_json.stdout)
    assert doc["head"]["vars"] == ["type", "actions"]
    assert doc["results"]["bindings"][0]["actions"]["datatype"].endswith("#integer")
    table = runner.invoke(main, ["query", "actions-by-type", "--store", str(store_dir)])
    assert table.stdout.splitlines()[0].split() == ["type", "actions"]
    assert table.stdout.rstrip().endswith("rows)")
    listed = runner.invoke(main, ["query", "list"])
    assert "actions-by-type" in listed.stdout


def test_query_files_match_the_store(tmp_path: Path) -> None:
    """The same saved query on the files and on the store gives the same rows."""
    runner = CliRunner()
    store_dir = tmp_path / "store"
    runner.invoke(main, ["-q", "load", "--store", str(store_dir)])
    for name in saved_queries():
        on_store = runner.invoke(
            main, ["query", name, "--store", str(store_dir), "--format", "tsv"]
        )
        on_files = runner.invoke(
            main,
            [
                "query",
                name,
                "--format",
                "tsv",
                "--data",
                str(OUTPUT / "aglod.ttl"),
                "--data",
                str(OUTPUT / "aglod-inferred.ttl"),
            ],
        )
        assert on_store.exit_code == on_files.exit_code == 0, name
        assert on_store.stdout == on_files.stdout, name


def test_query_errors_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["query", "SELECT WHERE {"])
    assert bad.exit_code == 2 and "not valid SPARQL" in bad.stderr
    unknown = runner.invoke(main, ["query", "no-such-query"])
    assert unknown.exit_code == 2 and "neither a SPARQL query nor a saved query" in unknown.stderr
    nostore = runner.invoke(main, ["query", "actions-by-type", "--store", str(tmp_path / "none")])
    assert nostore.exit_code == 2 and "no store here" in nostore.stderr
    with pytest.raises(Exception, match="cannot be read"):
        resolve("@" + str(tmp_path / "missing.rq"))
