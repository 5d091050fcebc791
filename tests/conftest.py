"""Shared fixtures. Tests read no data from outside this repository: the releases and gold they use are
bundled under corpus/ (sources in corpus/releases/SOURCES.tsv)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from aglod.pipeline.build import Build, assemble, default_inputs
from aglod.sources.reading import read_releases

# Property tests: "dev" (the default, ``make test``) tries a fifth of the examples
# (``helpers.examples``); "ci" (``make check``, CI) tries them all, derandomized so that
# a failure in CI reproduces. Chosen by HYPOTHESIS_PROFILE.
settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def bundled_build() -> Build:
    """The bundled releases assembled (extracted and mapped), not written anywhere."""
    paths, names = default_inputs()
    return assemble(read_releases(paths, source_names=names))


@pytest.fixture(scope="session")
def built_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full ``aglod build`` of the bundled releases into a temporary folder."""
    from aglod.pipeline.build import build

    out = tmp_path_factory.mktemp("output")
    build(None, out)
    return out
