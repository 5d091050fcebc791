"""Incremental builds and loads: work cached by content, the same bytes and the same
store as doing everything again."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from aglod import resources
from aglod.cli import main
from aglod.pipeline import tasks as work
from aglod.pipeline.result import OUTPUT_FILES
from aglod.pipeline.tasks import ChunkMeta
from aglod.rdf.namespaces import AGLOD
from aglod.store import embedded as store_module
from aglod.store.embedded import SIDECAR
from helpers import CORPUS

RELEASES = sorted(CORPUS.glob("*.txt"))[:6]
SPLICED = ("aglod.ttl", "aglod.trig", "aglod.nq.gz", "aglod.jsonld", "aglod-inferred.ttl")


def _build(folder: Path, out: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(
        main, ["-q", "build", str(folder), "--out", str(out), "--json", *extra]
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def _load(store: Path, out: Path) -> dict[str, int]:
    result = CliRunner().invoke(main, ["load", "--store", str(store), "--from", str(out), "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, int] = json.loads(result.stdout)
    return doc


def _quads(store: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store))}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in RELEASES[:5]:
        shutil.copy(path, folder / path.name)
    return folder


def _change(folder: Path) -> None:
    """Edit one release, remove another, add a third."""
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence added later.\n")
    sorted(folder.iterdir())[1].unlink()
    shutil.copy(RELEASES[5], folder / RELEASES[5].name)


def test_rebuild_reuses_unchanged_releases_and_equals_a_clean_build(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    first = _build(folder, out)
    assert first["reused"] == 0
    again = _build(folder, out)
    assert again["reused"] == 5
    _change(folder)
    changed = _build(folder, out)
    assert changed["built"] == 5 and changed["reused"] == 3
    clean = tmp_path / "clean"
    _build(folder, clean, "--force")
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_unchanged_inputs_are_not_read_and_blocks_are_copied(tmp_path: Path) -> None:
    """A rebuild reads only the files whose size or times changed, and copies the
    unchanged releases' blocks from the previous files (``pipeline/splicing.py``); the result is
    still the bytes of a clean build, also when a previous file was altered."""
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    first = _build(folder, out)
    assert first["unread"] == 0 and first["copied_bytes"] == 0
    again = _build(folder, out)
    assert again["unread"] == 5 and again["reused"] == 5
    assert again["copied_bytes"] > 0
    index = json.loads((out / ".cache" / "state" / "segments.json").read_text())
    assert sorted(index["files"]) == sorted(SPLICED)
    assert all(len(index["files"][n]["blocks"]) == 5 for n in SPLICED)
    _change(folder)  # one edited (size and times change), one removed, one added
    changed = _build(folder, out)
    assert changed["unread"] == 3 and changed["copied_bytes"] > 0
    clean = tmp_path / "clean"
    _build(folder, clean, "--force")
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    # an altered file is not copied from: its size and time no longer match the index
    with (out / "aglod.nq.gz").open("r+b") as fh:
        fh.seek(200)
        fh.write(b"#")
    with (out / "aglod.ttl").open("ab") as fh:
        fh.write(b"# a note\n")
    _build(folder, out)
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_compiled_rules_are_kept_in_the_cache(tmp_path: Path) -> None:
    """The OWL RL rule tables are compiled once per version and kept in the build's
    cache; the kept tables are those compiling gives."""
    import pickle

    from aglod.reasoning.inference import compile_rules, vocabulary

    folder = _folder(tmp_path)
    out = tmp_path / "out"
    _build(folder, out)
    [kept] = (out / ".cache" / "rules").glob("*.pickle")
    assert kept.stem == work.code_stamp()
    rules, fresh = pickle.loads(kept.read_bytes()), compile_rules(vocabulary())
    for table in ("closure_facts", "implied_types", "range_types", "unsupported"):
        assert getattr(rules, table) == getattr(fresh, table), table


def test_force_rebuilds_everything(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    _build(folder, out)
    assert _build(folder, out, "--force")["reused"] == 0


def test_changed_code_or_vocabulary_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached work names aglod's code and bundled files (``work.code_stamp``): after an
    edit to a rule or a shape, nothing cached by the old code is reused."""
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    _build(folder, out)
    assert _build(folder, out)["reused"] == 5
    monkeypatch.setattr(work, "code_stamp", lambda: "an edited shape")
    assert _build(folder, out)["reused"] == 0


def test_code_stamp_changes_with_a_bundled_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = tmp_path / "shapes"
    shutil.copytree(resources.shapes_dir(), shapes)
    monkeypatch.setattr(work, "shapes_dir", lambda: shapes)
    work.code_stamp.cache_clear()
    try:
        before = work.code_stamp()
        path = shapes / "aglod-shapes.ttl"
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        work.code_stamp.cache_clear()
        assert work.code_stamp() != before
    finally:
        work.code_stamp.cache_clear()


def test_incremental_load_equals_a_full_load(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    assert (
        _load(store, out)["graphs_loaded"] == 5 + 6
    )  # releases; shared, reference, provenance, vocabulary, inferred, statistics
    _change(folder)
    _build(folder, out)
    counts = _load(store, out)
    assert counts["graphs_loaded"] == 2  # the edited release and the added one
    assert counts["graphs_dropped"] == 1
    full = tmp_path / "full"
    full_counts = _load(full, out)
    assert _quads(store) == _quads(full)
    assert counts["quads"] == full_counts["quads"]
    assert _load(store, out)["graphs_loaded"] == 0  # nothing left to do
    assert _quads(store) == _quads(full)


def test_an_incremental_load_that_fails_half_way_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    _load(store, out)
    before = _quads(store)
    _change(folder)
    _build(folder, out)

    def broken(turtle: str) -> list[ox.Triple]:
        raise OSError("disk full")  # after the old graphs were dropped

    monkeypatch.setattr(store_module, "_parse", broken)
    result = CliRunner().invoke(main, ["load", "--store", str(store), "--from", str(out)])
    assert result.exit_code != 0
    assert _quads(store) == before
    monkeypatch.undo()
    counts = _load(store, out)  # the next load completes, incrementally
    assert counts["graphs_loaded"] == 2
    full = tmp_path / "full"
    _load(full, out)
    assert _quads(store) == _quads(full)


def test_a_load_where_most_releases_changed_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a share of changed releases (as after an upgrade of aglod re-renders them
    all), a bulk load of everything replaces removing quad by quad: same store."""
    folder = _folder(tmp_path)
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    _load(store, out)
    _change(folder)
    _build(folder, out)
    monkeypatch.setattr(store_module, "INCREMENTAL_MIN", 0)
    counts = _load(store, out)
    assert counts["graphs_loaded"] == 5 + 6  # all of them: a full load
    full = tmp_path / "full"
    _load(full, out)
    assert _quads(store) == _quads(full)


def test_a_load_that_stopped_half_way_makes_the_next_one_full(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    _load(store, out)
    sidecar = json.loads((store / SIDECAR).read_text())
    (store / SIDECAR).write_text(json.dumps(dict(sidecar, dirty=True)))
    # a stray triple, as a load killed half-way could leave
    stray = ox.Quad(
        ox.NamedNode("https://example.org/x"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("1"),
    )
    s = ox.Store(str(store))
    s.add(stray)
    del s
    _change(folder)
    _build(folder, out)
    counts = _load(store, out)
    assert counts["graphs_loaded"] == 5 + 6
    assert str(stray) not in _quads(store)
    full = tmp_path / "full"
    _load(full, out)
    assert _quads(store) == _quads(full)


def _remove_cache(out: Path) -> None:
    shutil.rmtree(out / ".cache")


def _cut_blocks(out: Path) -> None:
    for entry in (out / ".cache" / "chunks").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:20])


@pytest.mark.slow
@pytest.mark.parametrize("damage", [_remove_cache, _cut_blocks], ids=["no-cache", "blocks-cut"])
def test_a_build_whose_cache_cannot_be_read_loads_in_full(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    folder = _folder(tmp_path)
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    _load(store, out)
    _change(folder)
    _build(folder, out)
    damage(out)
    assert _load(store, out)["graphs_loaded"] == 5 + 6
    full = tmp_path / "full"
    _load(full, out)
    assert _quads(store) == _quads(full)


@pytest.mark.conformance
def test_streamed_inference_equals_owlrl_over_the_whole_graph(tmp_path: Path) -> None:
    """The build infers release by release with the compiled rules; owlrl over the
    union of everything it asserted (links included) must give the same triples."""
    import sys

    from rdflib import Graph

    from aglod.reasoning.inference import infer
    from helpers import ROOT, assert_isomorphic

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from test_linking import release

    folder = tmp_path / "in"
    folder.mkdir()
    linked = (
        release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission"),
        release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission"),
    )
    for r in (*generate(16, 5), *linked):
        (folder / Path(r.source).name).write_text(r.text, encoding="utf-8")
    out = tmp_path / "out"
    _build(folder, out)
    asserted = Graph().parse(out / "aglod.ttl")
    assert (None, AGLOD.sameActionAs, None) in asserted  # the links take part
    expected = infer(asserted)
    assert_isomorphic(expected, Graph().parse(out / "aglod-inferred.ttl"), "inferred")


def test_worker_processes_give_the_same_bytes(tmp_path: Path) -> None:
    """A build spread over worker processes equals one made in this process."""
    folder = _folder(tmp_path)
    pooled, inline = tmp_path / "pooled", tmp_path / "inline"
    _build(folder, pooled, "--jobs", "2")
    _build(folder, inline, "--jobs", "1")
    for name in OUTPUT_FILES:
        assert (pooled / name).read_bytes() == (inline / name).read_bytes(), name


def test_the_metas_record_grows_by_a_small_file(tmp_path: Path) -> None:
    """After a few releases changed, only the metas rendered since are written (to
    ``metas-new.pickle``); the whole record is rewritten once enough are no longer
    used; damaged records are read around. Each build still equals a clean one."""
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    state = out / ".cache" / "state"
    _build(folder, out)
    base = (state / "metas.pickle").read_bytes()
    assert not (state / "metas-new.pickle").exists()
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA sentence added later.\n")
    _build(folder, out)
    assert (state / "metas.pickle").read_bytes() == base  # not rewritten
    assert (state / "metas-new.pickle").is_file()
    clean = tmp_path / "clean"
    _build(folder, clean, "--force")
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    # a damaged small file: the metas are read from the cache entries instead
    (state / "metas-new.pickle").write_bytes(b"not a pickle")
    first.write_text(first.read_text(encoding="utf-8") + "\nAnother sentence.\n")
    _build(folder, out)
    _build(folder, clean, "--force")
    for name in OUTPUT_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_many_unused_metas_rewrite_the_whole_record(tmp_path: Path) -> None:
    from aglod.pipeline.run import _Metas

    state = tmp_path / "state"
    state.mkdir()
    metas = [ChunkMeta(f"k{i}", f"c{i}", f"s{i}") for i in range(200)]
    record = _Metas(state)
    record.save(metas)
    assert len(_Metas(state).previous) == 200
    kept = [*metas[:100], ChunkMeta("new", "c-new", "s-new")]
    _Metas(state).save(kept)  # 100 no longer used, over the slack of 64
    again = _Metas(state)
    assert set(again.base) == {m.chunk_id for m in kept} and again.delta == {}
    assert not (state / "metas-new.pickle").exists()
    few = [*kept, ChunkMeta("newer", "c-newer", "s-newer")]
    _Metas(state).save(few)
    last = _Metas(state)
    assert set(last.delta) == {"c-newer"} and set(last.previous) == {m.chunk_id for m in few}


def test_an_incremental_load_keeps_the_links_of_a_changed_release(tmp_path: Path) -> None:
    """A changed release whose action is linked to another release's: the load replaces
    its graph and keeps the links in theirs; the store equals a full load."""
    from test_linking import release

    folder = _folder(tmp_path)
    linked = (
        release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission"),
        release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission"),
    )
    for r in linked:
        (folder / Path(r.source).name).write_text(r.text, encoding="utf-8")
    out, store = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    _load(store, out)
    rows = ox.Store.read_only(str(store)).query(
        "SELECT ?src ?a WHERE { ?a <https://w3id.org/aglod/ontology#sameActionAs> ?b ; "
        "<https://w3id.org/aglod/ontology#reportedIn> ?r . "
        "?r <http://purl.org/dc/terms/source> ?src } ORDER BY ?src ?a LIMIT 1",
        use_default_graph_as_union=True,
    )
    [(source, action)] = [(row["src"].value, row["a"]) for row in rows]  # type: ignore[attr-defined]
    changed = folder / Path(source).name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA sentence added later.\n")
    _build(folder, out)
    assert _load(store, out)["graphs_loaded"] == 1
    full = tmp_path / "full"
    _load(full, out)
    assert _quads(store) == _quads(full)
    linked = ox.Store.read_only(str(store)).quads_for_pattern(
        action,
        ox.NamedNode("https://w3id.org/aglod/ontology#sameActionAs"),
        None,
        ox.NamedNode("https://w3id.org/aglod/id/graph/links"),
    )
    assert list(linked)


def test_the_jsonld_of_shared_triples_links_and_statistics_is_cached_by_part(
    tmp_path: Path,
) -> None:
    """The block after the releases' blocks in aglod.jsonld, made part by part (and
    then from the cache), equals the block of all its triples compacted at once."""
    from aglod.pipeline.run import _jsonld_rest
    from aglod.rdf.namespaces import DEFAULT_BASE
    from aglod.serialization.chunks import Compactor, jsonld_block, parse_nt
    from aglod.serialization.formats import context
    from test_linking import release

    folder = _folder(tmp_path)
    for r in (
        release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission"),
        release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission"),
    ):
        (folder / Path(r.source).name).write_text(r.text, encoding="utf-8")
    out = tmp_path / "out"
    _build(folder, out)
    state = out / ".cache" / "state"
    lines = [
        (state / f"{name}.nt").read_text(encoding="utf-8").splitlines(keepends=True)
        for name in ("shared", "links", "statistics")
    ]
    parts = [parse_nt(ls) for ls in lines]
    assert all(parts)  # links too
    whole = jsonld_block(Compactor(context()).nodes([t for p in parts for t in p]))
    cache = tmp_path / "cache"
    for _ in range(2):  # made, then read from the cache
        made = _jsonld_rest(parts, lines, Compactor(context()), DEFAULT_BASE, cache)
        assert made == whole
    assert len(list((cache / "jsonld").rglob("*.pickle"))) == 3


def test_cache_memo_makes_a_missing_or_unreadable_entry_and_reads_a_kept_one(
    tmp_path: Path,
) -> None:
    from aglod.pipeline.state import Cache

    cache = Cache(tmp_path)
    calls: list[int] = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"made": len(calls)}

    assert cache.memo("things", "ab12", make) == {"made": 1}
    assert cache.has("things", "ab12")
    assert cache.memo("things", "ab12", make) == {"made": 1}  # read back, not made
    assert len(calls) == 1
    cache.path("things", "ab12").write_bytes(b"not a pickle")
    assert cache.memo("things", "ab12", make) == {"made": 2}  # unreadable: made again
    assert cache.memo("things", "ab12", make) == {"made": 2}  # and kept
    assert len(calls) == 2


def _entries(out: Path, kind: str) -> set[str]:
    return {p.stem for p in (out / ".cache" / kind).glob("*/*.pickle")}


def test_a_rebuild_leaves_the_cache_and_the_folder_as_a_clean_build_does(tmp_path: Path) -> None:
    """The entries of an edited or removed release go (looked up by the last build's
    record, not by listing the cache); a stray entry no record names goes at the next
    build that reads many files; no second name of a replaced file stays behind."""
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    _build(folder, out)
    stray = out / ".cache" / "facts" / "ab" / ("ab" + "0" * 62 + ".pickle")
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"left by a build that was killed")
    _change(folder)
    _build(folder, out)  # three of five files read: more than 1%, the folders are listed
    clean = tmp_path / "clean"
    _build(folder, clean, "--force")
    for kind in ("facts", "chunks"):
        assert _entries(out, kind) == _entries(clean, kind), kind
    assert not stray.exists()
    # a one-file edit among many: pruned by the record
    many = tmp_path / "many"
    many.mkdir()
    for i in range(101):
        (many / f"r{i:03d}.txt").write_text(
            RELEASES[i % len(RELEASES)].read_text(encoding="utf-8") + f"\nNote {i}.\n"
        )
    out2, clean2 = tmp_path / "out2", tmp_path / "clean2"
    _build(many, out2)
    before = _entries(out2, "facts")
    (many / "r050.txt").write_text((many / "r050.txt").read_text() + "Another line.\n")
    _build(many, out2)
    _build(many, clean2, "--force")
    for kind in ("facts", "chunks"):
        assert _entries(out2, kind) == _entries(clean2, kind), kind
    assert len(before - _entries(out2, "facts")) == 1
    leftovers = [p.name for p in out2.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    """The build tunes the garbage collector of its process and undoes it."""
    import gc

    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    _build(_folder(tmp_path), tmp_path / "out")
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == frozen
