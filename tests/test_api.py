"""The library API documented in docs/api.md: its examples run as doctests, in a
temporary folder, against the installed package."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

import aglod
from aglod.errors import InputError, UsageError
from helpers import ROOT


def test_the_documented_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried >= 10
    assert failures == 0


def test_the_package_exports_the_api() -> None:
    for name in ("build", "extract", "validate", "load", "query", "publish"):
        assert callable(getattr(aglod, name))
        assert name in aglod.__all__
        assert getattr(aglod, name).__doc__


def test_extract_refuses_what_is_no_release() -> None:
    with pytest.raises(InputError) as err:
        aglod.extract("   \n")
    assert "empty" in str(err.value)


def test_query_wants_one_place_to_read(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        aglod.query("ASK { ?s ?p ?o }", store=tmp_path, data=[tmp_path / "x.ttl"])


def test_construct_gives_a_graph(tmp_path: Path) -> None:
    f = tmp_path / "g.ttl"
    f.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    g = aglod.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", data=[f])
    assert len(g) == 1  # type: ignore[arg-type]
    assert os.fspath(f)
