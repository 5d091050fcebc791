"""Golden graphs: each New Mexico release of the brief, mapped on its own, compared with
tests/golden/<release>.ttl by isomorphism (a triple diff on failure).

Regenerate them on purpose, after checking the change is wanted:
    AGLOD_REGENERATE=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os

import pytest
from rdflib import Graph

from aglod.pipeline.build import assemble
from aglod.sources.inputs import read_text_release
from helpers import CORPUS, GOLDEN, NM_BRIEF, assert_isomorphic


@pytest.mark.parametrize("stem", NM_BRIEF)
def test_release_graph_matches_golden(stem: str) -> None:
    release = read_text_release(CORPUS / f"{stem}.txt", f"corpus/releases/{stem}.txt")
    [built] = assemble([release]).releases
    expected_file = GOLDEN / f"{stem}.ttl"
    if os.environ.get("AGLOD_REGENERATE"):
        expected_file.write_bytes(built.graph.serialize(format="turtle", encoding="utf-8"))
    expected = Graph().parse(expected_file, format="turtle")
    assert_isomorphic(expected, built.graph, f"graph of {stem}")
