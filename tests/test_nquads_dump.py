"""The N-Quads dump is gzipped (``aglod.nq.gz``): one gzip member per release block,
so rebuilds copy blocks as they are. These tests check that it is a plain gzip file
to standard tools, that it holds the quads the TriG dump holds, that it is made of
members a block each, and that publishing still serves it uncompressed too."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import zlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.store.embedded import graph_names
from helpers import CORPUS, build_quads

RELEASES = sorted(CORPUS.glob("*.txt"))[:4]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for path in RELEASES:
        shutil.copy(path, folder / path.name)
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["-q", "build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _members(data: bytes) -> list[bytes]:
    """The uncompressed content of each gzip member of ``data``."""
    out = []
    while data:
        d = zlib.decompressobj(wbits=31)
        out.append(d.decompress(data))
        assert d.eof, "a truncated gzip member"
        data = d.unused_data
    return out


SHARED = graph_names()  # the graphs no release owns, by name


def test_the_dump_holds_the_quads_of_the_trig_dump(built: Path) -> None:
    quads = build_quads(built)
    assert not (built / "aglod.nq").exists()
    trig = ox.parse(path=str(built / "aglod.trig"), format=ox.RdfFormat.TRIG)
    expected = list(trig)
    # no blank nodes are minted, so equal sets of quads are isomorphic datasets
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in q)
    assert len(quads) == len(set(quads))
    assert set(quads) == set(expected)
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert len(graphs - set(SHARED.values())) == len(RELEASES)
    assert {SHARED[n] for n in ("reference", "statistics", "shared", "provenance")} <= graphs


def test_each_release_block_is_a_gzip_member_of_its_own(built: Path) -> None:
    data = (built / "aglod.nq.gz").read_bytes()
    members = _members(data)
    assert b"".join(members) == gzip.decompress(data)
    assert all(m.endswith(b"\n") for m in members)  # whole lines, none empty
    graphs = [
        {
            q.graph_name.value
            for q in ox.parse(m, format=ox.RdfFormat.N_QUADS)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        for m in members
    ]
    release_graphs = {g for gs in graphs for g in gs} - set(SHARED.values())
    assert len(release_graphs) == len(RELEASES)
    for g in release_graphs:  # in one member, with the provenance of its graph only
        assert [gs for gs in graphs if g in gs] == [{g, SHARED["provenance"]}]


def test_standard_tools_read_the_dump(built: Path) -> None:
    gzip_tool = shutil.which("gzip")
    if gzip_tool is None:
        pytest.fail("the gzip command is missing (Debian package gzip)")
    done = subprocess.run(
        [gzip_tool, "-dc", str(built / "aglod.nq.gz")], capture_output=True, check=True
    )
    assert done.stdout == gzip.decompress((built / "aglod.nq.gz").read_bytes())
    assert done.stdout.count(b"\n") == len(build_quads(built))


def test_a_build_removes_the_plain_dump_of_an_older_version(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    (out / "aglod.nq").write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for path in RELEASES:
        shutil.copy(path, folder / path.name)
    result = CliRunner().invoke(main, ["-q", "build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "aglod.nq").exists()
    # the same releases, read from another folder (the provenance names the path)
    assert len(build_quads(out)) == len(build_quads(built))


def test_publishing_serves_the_dump_plain_and_gzipped(built: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["-q", "publish", str(built), "--out", str(site)])
    assert result.exit_code == 0, result.output
    dumps = next(p.parent for p in site.rglob("aglod.nq.gz"))
    plain = (dumps / "aglod.nq").read_bytes()
    assert plain == gzip.decompress((built / "aglod.nq.gz").read_bytes())
    assert (dumps / "aglod.nq.gz").read_bytes() == (built / "aglod.nq.gz").read_bytes()
    downloads = next(site.rglob("downloads.html")).read_text(encoding="utf-8")
    assert "aglod.nq.gz" in downloads and "aglod.nq" in downloads.replace("aglod.nq.gz", "")


def test_a_corrupt_dump_is_reported_by_name(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    data = (out / "aglod.nq.gz").read_bytes()
    (out / "aglod.nq.gz").write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(
        main, ["load", "--store", str(tmp_path / "store"), "--from", str(out)]
    )
    assert result.exit_code != 0
    assert str(out) in result.output and "cannot be loaded" in result.output
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())
