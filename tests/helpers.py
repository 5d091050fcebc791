"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "releases"
GOLD = ROOT / "corpus" / "gold"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The four New Mexico releases supplied with the project brief.
NM_BRIEF = (
    "nm_2017-08-16_cda-sex-trafficking-letter",
    "nm_2018-06-19_family-separation-letter",
    "nm_2018-08-10_3d-printed-gun-plans-letter",
    "nm_undated_border-visit-family-separation-motion",
)


def two_release_build(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of two bundled releases built into ``tmp_path/out``: (folder, out)."""
    import shutil

    from click.testing import CliRunner

    from aglod.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (
        "nm_2018-08-10_3d-printed-gun-plans-letter.txt",
        "nm_2017-08-16_cda-sex-trafficking-letter.txt",
    ):
        shutil.copy(CORPUS / name, folder / name)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["-q", "build", str(folder), "--out", str(out)]).exit_code == 0
    return folder, out


def assert_isomorphic(expected: Graph, actual: Graph, what: str = "graph") -> None:
    """Compare two graphs as graphs; on failure, list the missing and the extra triples."""
    if isomorphic(expected, actual):
        return
    _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{what} differs: {len(missing)} triples missing, {len(extra)} extra"]
    lines += [f"  - {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(missing)[:40]]
    lines += [f"  + {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(extra)[:40]]
    raise AssertionError("\n".join(lines))


def build_quads(out: Path) -> list[ox.Quad]:
    """The quads of a build folder's N-Quads dump (``aglod.nq.gz``)."""
    with gzip.open(out / "aglod.nq.gz", "rb") as fh:
        return list(ox.parse(fh, format=ox.RdfFormat.N_QUADS))


def examples(ci: int) -> int:
    """How many examples a property test tries: ``ci`` under the "ci" Hypothesis profile
    (``make check`` and CI), a fifth of it (at least 10) under "dev" (``make test``)."""
    from hypothesis import settings

    return ci if settings.get_current_profile_name() == "ci" else max(10, ci // 5)


def as_written(g: Graph, kind: str) -> str:
    """``g`` written as a build writes its dataset files ("ttl", "nq" or "jsonld"),
    with the writers of ``aglod.serialization.chunks`` and the bundled context."""
    from aglod.rdf.namespaces import DEFAULT_BASE
    from aglod.serialization.chunks import (
        Compactor,
        Terms,
        jsonld_block,
        jsonld_document,
        nquads,
        prefixes,
        turtle_head,
        turtle_statements,
    )
    from aglod.serialization.formats import context

    triples = sorted(Terms().triples(g), key=str)
    if kind == "ttl":
        prefix_map = prefixes(DEFAULT_BASE)
        return turtle_head(prefix_map) + turtle_statements(triples, prefix_map)
    if kind == "nq":
        return nquads(triples, None)
    head, tail = jsonld_document(context())
    return head + jsonld_block(Compactor(context()).nodes(triples)) + tail
