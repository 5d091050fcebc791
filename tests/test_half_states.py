"""No half-states: a build killed between the renames of its commit, and a load killed
between the steps of its store swap, leave nothing that `load` or `publish` take for a
complete build or that `serve` or `query` open as a store; locks hold on real paths;
a full disk is a clear error that leaves nothing the next build trips over.

Processes are killed for real (SIGKILL) at each moment in turn (``killat.py``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from aglod.pipeline.atomic import AtomicFiles
from aglod.pipeline.locks import store_lock_path
from faults import (
    AGLOD,
    free_port,
    generate,
    server_up,
    session_pids,
    snapshot,
    stop,
    wait_for,
)
from helpers import assert_isomorphic

pytestmark = pytest.mark.slow  # kills builds and loads at each rename

KILLAT = Path(__file__).with_name("killat.py")
HOLD = """
import sys, time
from pathlib import Path
from aglod.pipeline.locks import locked
with locked(Path(sys.argv[1]), "it"):
    print("locked", flush=True)
    time.sleep(120)
"""


def aglod(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([*AGLOD, *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == code, run.stderr
    return run


def killed_at(folder: Path, at: int, log: Path, *args: str) -> int:
    """Run aglod ARGS, killed before its ``at``-th change in ``folder``; its exit code
    (-9 when it was killed). ``log`` lists the changes it came to."""
    log.unlink(missing_ok=True)
    cmd = [sys.executable, str(KILLAT), str(folder), str(at), str(log), "--", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    code = proc.wait(timeout=300)
    # workers it started end on their own once it is gone; else they are ended by id
    if not wait_for(lambda: not session_pids(proc.pid), timeout=10, step=0.05):
        for pid in session_pids(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return code


def moments(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@dataclass
class Builds:
    """Two builds of one growing batch: ``old`` (4 releases), ``new`` (all 8)."""

    root: Path
    folder: Path  # the 8 releases
    old: Path
    new: Path
    old_store: Dataset
    new_store: Dataset


def store_dataset(path: Path) -> Dataset:
    """The quads of the store at ``path`` (opened as ``serve`` opens it)."""
    store = ox.Store.read_only(str(path))
    ds = Dataset()
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def graphs(ds: Dataset) -> dict[str, Graph]:
    """The graphs of a dataset by name, the default graph as ''."""
    out: dict[str, Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = "" if g is None or g == DATASET_DEFAULT_GRAPH_ID else str(g)
        out.setdefault(name, Graph()).add((s, p, o))
    return out


def assert_same_store(expected: Dataset, actual: Dataset) -> None:
    """Graph by graph, compared as graphs (blank nodes matched, not named)."""
    want, got = graphs(expected), graphs(actual)
    assert sorted(got) == sorted(want), "the store's named graphs differ"
    for name in want:
        assert_isomorphic(want[name], got[name], f"graph <{name}>")


def assert_consistent(ds: Dataset) -> None:
    """Each triple of the store is in exactly one graph; the default graph is empty."""
    by_graph = graphs(ds)
    assert "" not in by_graph, "the default graph holds triples"
    triples = [t for g in by_graph.values() for t in g]
    assert len(triples) == len(set(triples)), "a triple is in two graphs"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("half")
    folder = generate(8, root / "releases")
    first = root / "first"
    first.mkdir()
    for path in sorted(folder.iterdir())[:4]:
        shutil.copy(path, first / path.name)
    aglod("-q", "build", str(first), "--out", str(root / "old"))
    aglod("-q", "build", str(folder), "--out", str(root / "new"))
    for name in ("old", "new"):
        aglod("-q", "load", "--store", str(root / f"{name}-store"), "--from", str(root / name))
    return Builds(
        root,
        folder,
        root / "old",
        root / "new",
        store_dataset(root / "old-store"),
        store_dataset(root / "new-store"),
    )


def test_load_and_publish_finish_a_commit_killed_half_way(builds: Builds, tmp_path: Path) -> None:
    """Kill a rebuild (old batch to new) before each rename of its commit, and before
    and after: `load --store` then gives a store equal to a clean load of the old
    build or of the new one (the new one whenever the commit had begun), in which each
    triple is in one graph; `publish` of a folder killed amid the renames
    publishes the new build."""
    out = tmp_path / "out"
    log = tmp_path / "log"
    build = ("-q", "build", str(builds.folder), "--out", str(out), "--jobs", "1")
    shutil.copytree(builds.old, out)
    assert killed_at(out, 10**6, log, *build) == 0
    ops = moments(log)
    start = next(i for i, op in enumerate(ops) if op.endswith(" " + AtomicFiles.JOURNAL))
    end = max(i for i, op in enumerate(ops) if op.endswith(" " + AtomicFiles.JOURNAL))
    assert end - start >= 5, ops  # the journal is written, files renamed, journal removed
    half_way = 0
    # before the journal is written, before each rename, before the journal goes
    points = [i for i in range(start, end + 1) if not ops[i].startswith("unlink") or i == end]
    for at in points:
        shutil.rmtree(out)
        shutil.copytree(builds.old, out)
        assert killed_at(out, at + 1, log, *build) == -signal.SIGKILL
        begun = (out / AtomicFiles.JOURNAL).exists()
        mixed = begun and snapshot(out) not in (snapshot(builds.old), snapshot(builds.new))
        half_way += mixed
        store = tmp_path / f"store{at}"
        aglod("-q", "load", "--store", str(store), "--from", str(out))
        ds = store_dataset(store)
        assert_consistent(ds)
        assert_same_store(builds.new_store if begun else builds.old_store, ds)
        assert not (out / AtomicFiles.JOURNAL).exists()
        assert snapshot(out) == snapshot(builds.new if begun else builds.old)
        if mixed and half_way == 1:  # publish too, from a folder killed amid the renames
            shutil.rmtree(out)
            shutil.copytree(builds.old, out)
            assert killed_at(out, at + 1, log, *build) == -signal.SIGKILL
            site = tmp_path / "site"
            aglod("-q", "publish", str(out), "--out", str(site))
            assert snapshot(out) == snapshot(builds.new)
            clean = tmp_path / "clean-site"
            aglod("-q", "publish", str(builds.new), "--out", str(clean))
            for dump in ("aglod.ttl", "aglod-inferred.ttl"):
                got = next(site.rglob(dump))
                want = clean / got.relative_to(site)
                assert_isomorphic(Graph().parse(want), Graph().parse(got), str(got))
    assert half_way >= 3, "no kill fell between two renames of the commit"


def hold(lock: Path) -> subprocess.Popen[str]:
    """A process holding ``lock`` exclusively (as a build or a load does), until killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.wait()
    if holder.stdout is not None:
        holder.stdout.close()


def test_no_load_or_publish_while_a_build_writes_the_folder(builds: Builds, tmp_path: Path) -> None:
    """While a build holds the build folder, `load` and `publish` exit 2 naming it."""
    out = tmp_path / "out"
    shutil.copytree(builds.new, out)
    holder = hold(out / ".aglod.lock")
    try:
        for args in (
            ("load", "--store", str(tmp_path / "store"), "--from", str(out)),
            ("publish", str(out), "--out", str(tmp_path / "site")),
        ):
            refused = aglod(*args, code=2)
            assert f"build folder {out} is in use by another aglod process (pid {holder.pid})" in (
                refused.stderr
            )
    finally:
        release(holder)
    assert not (tmp_path / "store").exists() and not (tmp_path / "site").exists()


def test_a_store_is_at_its_path_at_every_moment_of_a_load(builds: Builds, tmp_path: Path) -> None:
    """Kill `load --store` (old build to new) before each step of its swap: at every
    moment a complete store, the old or the new, opens at the store's path and answers
    a query; the next load completes. A store as older versions left it (a plain
    folder) is moved to the new layout by a load, and a kill amid that too leaves a
    store at the path."""
    for layout in ("versions", "folder"):
        root = tmp_path / layout
        root.mkdir()
        store = root / "store"
        aglod("-q", "load", "--store", str(store), "--from", str(builds.old))
        if layout == "folder":  # as older versions of aglod left it
            real = Path(os.path.realpath(store))
            store.unlink()
            real.rename(store)
        saved = tmp_path / f"{layout}-saved"
        shutil.copytree(root, saved, symlinks=True)
        log = tmp_path / "log"
        load = ("-q", "load", "--store", str(store), "--from", str(builds.new))
        assert killed_at(root, 10**6, log, *load) == 0
        steps = moments(log)
        assert len(steps) >= 2, steps
        for at in range(1, len(steps) + 1):
            shutil.rmtree(root)
            shutil.copytree(saved, root, symlinks=True)
            assert killed_at(root, at, log, *load) == -signal.SIGKILL, (layout, steps, at)
            ask = ox.Store.read_only(str(store)).query(
                "ASK { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert ask, (layout, steps[at - 1])
            ds = store_dataset(store)
            new = sorted(graphs(ds)) == sorted(graphs(builds.new_store))
            assert_same_store(builds.new_store if new else builds.old_store, ds)
        aglod("-q", "load", "--store", str(store), "--from", str(builds.new))
        assert_same_store(builds.new_store, store_dataset(store))
        assert store.is_symlink()
        left = sorted(p.name for p in root.iterdir())
        assert left == ["store", "store.lock", os.readlink(store)], left


def test_the_lock_is_the_store_s_whatever_its_name(builds: Builds, tmp_path: Path) -> None:
    """A store reached through a symbolic link (to it, or to a folder above it) has
    the lock of the store itself: a load under one name while another process holds it
    under the other is refused (exit 2, naming the holder), and so is a load while
    `aglod serve` serves it under another name."""
    store = tmp_path / "store"
    aglod("-q", "load", "--store", str(store), "--from", str(builds.old))
    link = tmp_path / "link"
    link.symlink_to(store)
    above = tmp_path / "above"
    above.symlink_to(tmp_path)
    names = [store, link, above / "store", above / "link"]
    for held, loaded in ((store, link), (link, store), (above / "link", store)):
        # the lock file as aglod names it for that name (the real path: store.lock)
        holder = hold(tmp_path / "store.lock" if held == store else store_lock_path(held))
        try:
            refused = aglod("load", "--store", str(loaded), "--from", str(builds.new), code=2)
            assert f"store {loaded} is in use by another aglod process (pid {holder.pid})" in (
                refused.stderr
            )
        finally:
            release(holder)
    for served, loaded in ((link, store), (store, above / "link")):
        port = free_port()
        server = subprocess.Popen([*AGLOD, "-q", "serve", "--store", str(served), "--bind",
                                   f"127.0.0.1:{port}"], stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            assert wait_for(lambda u=url: server_up(u), timeout=60)
            refused = aglod("load", "--store", str(loaded), "--from", str(builds.new), code=2)
            assert f"store {loaded} is in use by another aglod process (pid {server.pid})" in (
                refused.stderr
            )
            assert server_up(f"http://127.0.0.1:{port}")
        finally:
            stop(server)
    for name in names:  # every name reaches the one store
        assert_same_store(builds.old_store, store_dataset(name))
    aglod("-q", "load", "--store", str(above / "link"), "--from", str(builds.new))
    assert_same_store(builds.new_store, store_dataset(store))
    assert link.is_symlink() and os.readlink(link) == str(store)


def test_a_build_folder_s_lock_holds_through_a_link(builds: Builds, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(builds.new, out)
    link = tmp_path / "link"
    link.symlink_to(out)
    holder = hold(out / ".aglod.lock")
    try:
        refused = aglod("load", "--store", str(tmp_path / "store"), "--from", str(link), code=2)
        assert f"build folder {link} is in use by another aglod process (pid {holder.pid})" in (
            refused.stderr
        )
        refused = aglod("build", str(builds.folder), "--out", str(link), code=2)
        assert f"(pid {holder.pid})" in refused.stderr
    finally:
        release(holder)


FSIZE = """
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["aglod", *sys.argv[2:]]
runpy.run_module("aglod", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("limit", [4_000, 200_000])
def test_a_full_disk_is_a_clear_error_and_the_next_build_completes(
    builds: Builds, tmp_path: Path, limit: int
) -> None:
    """Writes fail for real past a file size (RLIMIT_FSIZE, as a full disk fails
    them): the build exits 2 saying what it could not write and why, leaves the
    previous dataset as it was, and the next build (with room) equals a clean one."""
    out = tmp_path / "out"
    shutil.copytree(builds.old, out)
    before = snapshot(out)
    args = ["-q", "build", str(builds.folder), "--out", str(out), "--jobs", "1"]
    run = subprocess.run([sys.executable, "-c", FSIZE, str(limit), *args],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "internal error" not in run.stderr
    assert "file size limit writing " + str(out) in run.stderr, run.stderr
    assert snapshot(out) == before
    assert not list(out.rglob("*.tmp"))
    aglod(*args)
    assert snapshot(out) == snapshot(builds.new)


def test_truncated_cache_entries_are_made_again(builds: Builds, tmp_path: Path) -> None:
    """A cache entry cut short or emptied (a machine stopped before the data of a
    renamed entry reached the disk) is read as missing and made again."""
    out = tmp_path / "out"
    shutil.copytree(builds.new, out)
    cut = 0
    for kind in sorted((out / ".cache").iterdir()):
        for entry in sorted(kind.rglob("*"))[:3]:
            if entry.is_file():
                data = entry.read_bytes()
                entry.write_bytes(data[: len(data) // 2] if cut % 2 else b"")
                cut += 1
    assert cut >= 10
    aglod("-q", "build", str(builds.folder), "--out", str(out), "--jobs", "1")
    assert snapshot(out) == snapshot(builds.new)
    aglod("-q", "load", "--store", str(tmp_path / "store"), "--from", str(out))
    assert_same_store(builds.new_store, store_dataset(tmp_path / "store"))


@pytest.mark.parametrize(
    "damage",
    [
        ("chunks/*/*.pickle", "state/segments.json"),  # blocks read where splicing was
        ("chunks/*/*.pickle", "facts/*/*.pickle", "state/metas.pickle"),  # all rendered
        ("facts/*/*.pickle",),
    ],
    ids=["blocks", "render", "facts"],
)
@pytest.mark.parametrize("cut", ["empty", "half"])
def test_every_entry_of_a_kind_cut(
    builds: Builds, tmp_path: Path, damage: tuple[str, ...], cut: str
) -> None:
    """Every entry of some kinds cut short while the record of the sources the build
    read stands (so the next build takes them as unchanged and does not read them):
    each unreadable entry the build needs is made again, from the release's source
    where its facts are gone."""
    out = tmp_path / "out"
    shutil.copytree(builds.new, out)
    damaged = 0
    for pattern in damage:
        for entry in (out / ".cache").glob(pattern):
            data = entry.read_bytes()
            entry.write_bytes(data[: len(data) // 2] if cut == "half" else b"")
            damaged += 1
    assert damaged >= 8
    aglod("-q", "build", str(builds.folder), "--out", str(out), "--jobs", "1")
    assert snapshot(out) == snapshot(builds.new)
    aglod("-q", "load", "--store", str(tmp_path / "store"), "--from", str(out))
    assert_same_store(builds.new_store, store_dataset(tmp_path / "store"))
    aglod("-q", "build", str(builds.folder), "--out", str(out), "--jobs", "1", "--force")
    assert snapshot(out) == snapshot(builds.new)
