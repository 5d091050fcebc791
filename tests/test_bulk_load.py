"""Loading a dump with several of Oxigraph's bulk loads at once (``store.bulk``): the
same store as one bulk load of the file, blank nodes kept whole, and a bad line or a
cut-short file an error, never a hang."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from aglod.store import bulk
from helpers import build_quads


def _content(store: ox.Store) -> list[str]:
    return sorted(str(q) for q in store)


def _one_load(path: Path, tmp_path: Path) -> list[str]:
    store = ox.Store(str(tmp_path / "reference"))
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return _content(store)


def _within(seconds: float, call: Callable[[], None]) -> None:
    """``call()`` in a thread: what it raises, or a failure if it is still running after
    ``seconds`` (a hang)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still loading after {seconds} s"
    if raised:
        raise raised[0]


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few lines, so that a small file is dealt out to every load."""
    monkeypatch.setattr(bulk, "BLOCK", 700)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_the_bundled_dump_loads_as_one_bulk_load_does(
    built_output: Path, tmp_path: Path, jobs: int, small_blocks: None
) -> None:
    dump = built_output / "aglod.nq.gz"
    store = ox.Store(str(tmp_path / "store"))
    bulk.bulk_load_dump(store, dump, jobs)
    assert _content(store) == _one_load(dump, tmp_path)
    assert len(store) == len(build_quads(built_output))


def test_the_inferred_file_is_loaded_into_its_graph_at_the_same_time(
    built_output: Path, tmp_path: Path
) -> None:
    store = ox.Store(str(tmp_path / "store"))
    graph = ox.NamedNode("https://example.org/inferred")
    inferred = built_output / "aglod-inferred.ttl"
    bulk.bulk_load_dump(
        store, built_output / "aglod.nq.gz", 2, [(inferred, ox.RdfFormat.TURTLE, graph)]
    )
    expected = {q.triple for q in ox.parse(path=str(inferred), format=ox.RdfFormat.TURTLE)}
    assert {q.triple for q in store.quads_for_pattern(None, None, None, graph)} == expected


def test_a_blank_node_is_one_node_whichever_blocks_name_it(
    tmp_path: Path, small_blocks: None
) -> None:
    lines = ['_:b1 <urn:x:p> "first" <urn:x:g> .\n']
    lines += [f'<urn:x:s{i}> <urn:x:p> "{"x" * 40}" <urn:x:g> .\n' for i in range(400)]
    lines.append('_:b1 <urn:x:p> "last" <urn:x:g> .\n')
    dump = tmp_path / "d.nq"
    dump.write_text("".join(lines), encoding="utf-8")
    store = ox.Store(str(tmp_path / "store"))
    bulk.bulk_load_dump(store, dump, 3)
    subjects = {q.subject for q in store if isinstance(q.subject, ox.BlankNode)}
    assert len(subjects) == 1
    assert len(store) == 402


def test_a_bad_line_is_an_error_not_a_hang(tmp_path: Path, small_blocks: None) -> None:
    lines = [f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:g> .\n' for i in range(2000)]
    lines[1200] = "<urn:x:broken <urn:x:p> .\n"
    dump = tmp_path / "d.nq.gz"
    dump.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    with pytest.raises(SyntaxError):
        _within(60, lambda: bulk.bulk_load_dump(ox.Store(str(tmp_path / "store")), dump, 2))


def test_a_cut_short_dump_is_an_error_not_a_hang(tmp_path: Path, small_blocks: None) -> None:
    lines = [f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:g> .\n' for i in range(5000)]
    data = gzip.compress("".join(lines).encode("utf-8"))
    dump = tmp_path / "d.nq.gz"
    dump.write_bytes(data[: len(data) // 2])
    with pytest.raises(EOFError):
        _within(60, lambda: bulk.bulk_load_dump(ox.Store(str(tmp_path / "store")), dump, 2))


def test_load_jobs_gives_the_store_one_load_gives(
    built_output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``aglod load --store --jobs 3`` and the default single load make the same store,
    the inferred triples loaded beside the dump (a small file) or after it (a large one)."""
    from click.testing import CliRunner

    from aglod.cli import main
    from aglod.store import embedded
    from aglod.store.embedded import open_store

    loads: list[tuple[str, int]] = []
    real = bulk.bulk_load_dump

    def counted(store: ox.Store, path: Path, jobs: int, also: Any = ()) -> None:
        loads.append((str(path), len(also)))
        real(store, path, jobs, also)

    monkeypatch.setattr(embedded, "bulk_load_dump", counted)
    stores = {}
    for jobs, beside in (("1", None), ("3", None), ("1", 0)):
        if beside is not None:
            monkeypatch.setattr(embedded, "INFERRED_BESIDE", beside)
        target = tmp_path / f"store{jobs}-{beside}"
        args = ["-q", "load", "--store", str(target), "--from", str(built_output), "--jobs", jobs]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        stores[jobs, beside] = _content(open_store(target))
    assert [n for _, n in loads] == [1, 1, 0]  # the last: the inferred file after the dump
    assert stores["1", None] == stores["3", None] == stores["1", 0]
    assert len(stores["1", None]) > 20_000
