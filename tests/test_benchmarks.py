"""The benchmark harness (``benchmarks/pipeline.py``) runs end to end at a small size and
reports what the README's Performance section quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.slow  # runs the benchmarks on small inputs

ROOT = Path(__file__).resolve().parents[1]


def test_pipeline_benchmark_reports_stages_and_the_store_floor(tmp_path: Path) -> None:
    keep = tmp_path / "bench"
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "pipeline.py"),
            "--releases",
            "40",
            "--jobs",
            "1",
            "--store-floor",
            "--json",
            "--keep",
            str(keep),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    res = json.loads(out.stdout)
    assert res["releases"] == 40
    assert res["built"] + res["rejected"] == 40
    assert res["built"] >= 35
    assert {"extract", "render", "build (total)", "load store"} <= set(res["stages"])
    assert res["wall_s"] > 0 and res["peak_rss_mib"] > 0
    floor = res["store_floor"]
    # the floor loads exactly the quads aglod's load put in the store
    store = ox.Store.read_only(str(keep / "store"))
    assert floor["quads"] == len(store) > 40 * 100
    assert floor["wall_s"] > 0
    assert floor["quads_per_s"] == floor["quads"] / floor["wall_s"]
    # each triple of the store is in one graph
    assert floor["distinct_triples"] == floor["quads"]
    assert res["store_quads"] == floor["quads"]
    assert res["quads_per_release"] == res["store_quads"] / res["built"]
    # its work files are gone
    assert not (keep / "floor.nq").exists() and not (keep / "floor-store").exists()


def test_agreement_benchmark_scores_the_second_reading_against_the_first(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "agreement.py"), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    res = json.loads(out.stdout)
    assert res["releases"] == len(list((ROOT / "corpus" / "agreement" / "gold").glob("*.json")))
    assert res["releases"] >= 80
    fields = res["fields"]
    assert {"action_type", "action_role", "leads", "counterparties"} <= set(fields)
    assert all(0.0 <= f["value"] <= 1.0 for f in fields.values())
    # a second reading of a release the first never read is no agreement: exit 2
    (tmp_path / "nosuch_release.json").write_text(
        json.dumps({"schema": 2, "file": "nosuch.txt", "release": {}, "actions": []}),
        encoding="utf-8",
    )
    bad = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "agreement.py"), "--second", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2
    assert "no first reading of nosuch.txt" in bad.stderr
