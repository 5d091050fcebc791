"""Crash safety: every file a build writes is renamed into place whole; a build or a
load killed with SIGKILL at any moment leaves the previous dataset or store as it
was, and the next run completes and equals a clean one; a lock keeps two builds (or
two loads) off one folder (or store). Real processes, killed for real."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from aglod.pipeline.atomic import AtomicFiles
from aglod.pipeline.locks import store_lock_path
from aglod.pipeline.result import OUTPUT_FILES
from faults import (
    AGLOD,
    free_port,
    generated_build,
    kill_hard,
    server_up,
    snapshot,
    spawn,
    stop,
    wait_for,
)

pytestmark = pytest.mark.slow  # kills builds at each step

N_OLD = 10  # releases of the previous dataset, a part of the generated batch


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The generated releases and their clean build: (folder, build)."""
    return generated_build(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def built_old(gen: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A previous dataset: the first releases of the batch, built once."""
    root = tmp_path_factory.mktemp("old")
    folder = root / "old"
    folder.mkdir()
    for path in sorted(gen[0].iterdir())[:N_OLD]:
        shutil.copy(path, folder / path.name)
    aglod("-q", "build", str(folder), "--out", str(root / "out"))
    return root


@pytest.fixture()
def old(built_old: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the previous dataset and its releases for one test: (folder, build)."""
    shutil.copytree(built_old, tmp_path, dirs_exist_ok=True)
    return tmp_path / "old", tmp_path / "out"


def aglod(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([*AGLOD, *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == code, run.stderr
    return run


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp")) + sorted(
        p.name for p in folder.glob(AtomicFiles.JOURNAL)
    )


def test_every_file_is_renamed_into_place_whole(old: tuple[Path, Path], tmp_path: Path) -> None:
    """A file written in place would keep its inode and change under a reader; each
    file of a build is a new file renamed over the old, which a reader holding it
    still sees whole."""
    folder, out = old
    (folder / "empty.txt").write_bytes(b"")  # a reject, so the reject report is written too
    aglod("-q", "build", str(folder), "--out", str(out), code=2)
    names = [*OUTPUT_FILES, "rejected.json", "rejected.txt"]
    held = {name: os.open(out / name, os.O_RDONLY) for name in names}
    before = {name: (out / name).read_bytes() for name in names}
    try:
        (folder / "empty.txt").write_bytes(b"")
        shutil.copy(sorted(folder.iterdir())[0], folder / "copy.txt")  # a changed dataset
        aglod("-q", "build", str(folder), "--out", str(out), code=2)
        for name, fd in held.items():
            assert os.fstat(fd).st_ino != (out / name).stat().st_ino, f"{name} written in place"
            size = os.fstat(fd).st_size
            assert os.pread(fd, size + 1, 0) == before[name], f"{name} changed under a reader"
        assert (out / "aglod.nq.gz").read_bytes() != before["aglod.nq.gz"]
    finally:
        for fd in held.values():
            os.close(fd)
    assert temps(out) == []


def test_a_killed_build_leaves_the_previous_dataset(
    gen: tuple[Path, Path], old: tuple[Path, Path]
) -> None:
    """Kill `aglod build` (SIGKILL) early, at random moments and while it writes its
    files: the folder holds the previous dataset, byte for byte (or, killed after it
    renamed them, the new one); the next build completes and equals a clean build."""
    folder, clean = gen
    _old_folder, out = old
    previous, new = snapshot(out), snapshot(clean)
    rng = random.Random(11)
    moments = [
        ("cache grows", lambda: len(list((out / ".cache" / "facts").rglob("*.pickle"))) > N_OLD),
        ("random", None),
        ("writing", lambda: bool(list(out.glob(".aglod.ttl.*.tmp")))),
    ]
    killed_running = 0
    for what, moment in moments:
        proc = spawn("-q", "build", str(folder), "--out", str(out))
        if moment is None:
            wait_for(lambda p=proc: p.poll() is not None, timeout=rng.uniform(0.5, 2.5))
        else:
            wait_for(lambda m=moment, p=proc: p.poll() is not None or m(), timeout=120, step=0.002)
        if what == "cache grows" and proc.poll() is None:
            # two real builds of one folder: the second is refused at once
            second = aglod("build", str(folder), "--out", str(out), code=2)
            assert f"is in use by another aglod process (pid {proc.pid})" in second.stderr
        killed_running += proc.poll() is None
        kill_hard(proc)
        if (out / AtomicFiles.JOURNAL).exists():  # killed amid the renames: roll forward
            AtomicFiles.recover(out)
            assert snapshot(out) == new
        now = snapshot(out)
        assert now in (previous, new), what
        if now != previous:  # it had (all but) finished: start again from the previous one
            for name in set(now) - set(previous):
                (out / name).unlink()
            for name, data in previous.items():
                (out / name).write_bytes(data)
    assert killed_running >= 2, "the build ended before most of the kills"
    aglod("-q", "build", str(folder), "--out", str(out))
    assert snapshot(out) == new
    assert temps(out) == []


def store_quads(path: Path) -> set[str]:
    """The store's quads, blank nodes canonicalized (the vocabulary has some)."""
    store = ox.Store.read_only(str(path))
    ds = ox.Dataset(store.quads_for_pattern(None, None, None, None))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


def test_a_killed_load_leaves_the_previous_store(
    gen: tuple[Path, Path], old: tuple[Path, Path], tmp_path: Path
) -> None:
    _folder, new_build = gen
    _old_folder, old_build = old
    """Kill `aglod load --store` (SIGKILL) while it fills its new store and at random
    moments: the store opens and holds its previous content (or, killed after the
    swap, the new); the next load completes and equals a clean load."""
    clean = tmp_path / "clean"
    aglod("-q", "load", "--store", str(clean), "--from", str(new_build))
    new = store_quads(clean)
    store = tmp_path / "store"
    aglod("-q", "load", "--store", str(store), "--from", str(old_build))
    previous = store_quads(store)
    rng = random.Random(5)
    # a store is a link to its current version (store.vN): a load fills the next one
    moments = [lambda: len(list(tmp_path.glob("store.v*"))) > 1, None]
    killed_running = 0
    for moment in moments:
        proc = spawn("-q", "load", "--store", str(store), "--from", str(new_build))
        if moment is None:
            wait_for(lambda p=proc: p.poll() is not None, timeout=rng.uniform(0.3, 1.0))
        else:
            wait_for(lambda m=moment, p=proc: p.poll() is not None or m(), timeout=60, step=0.002)
        killed_running += proc.poll() is None
        kill_hard(proc)
        now = store_quads(store)
        assert now in (previous, new)
        if now == new:  # the load had (all but) ended: put the previous store back
            for version in tmp_path.glob("store.v*"):
                shutil.rmtree(version)
            store.unlink()
            aglod("-q", "load", "--store", str(store), "--from", str(old_build))
    assert killed_running >= 1, "the load ended before the kills"
    aglod("-q", "load", "--store", str(store), "--from", str(new_build))
    assert store_quads(store) == new
    assert [p.name for p in tmp_path.glob("store.v*")] == [os.readlink(store)]


HOLD = """
import sys, time
from pathlib import Path
from aglod.pipeline.locks import locked
with locked(Path(sys.argv[1]), "store"):
    print("locked", flush=True)
    time.sleep(120)
"""


def hold(lock: Path) -> subprocess.Popen[str]:
    """A process holding ``lock`` as a build or load does, until killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    holder.kill()  # SIGKILL: the kernel releases the lock
    holder.wait()
    if holder.stdout is not None:
        holder.stdout.close()


def test_two_builds_cannot_write_one_folder(old: tuple[Path, Path]) -> None:
    """While another process holds the folder (a build killed meanwhile is tested
    above), a build exits 2 naming it, and leaves the folder as it was."""
    folder, out = old
    before = snapshot(out)
    holder = hold(out / ".aglod.lock")
    try:
        second = aglod("build", str(folder), "--out", str(out), code=2)
        assert f"output folder {out} is in use by another aglod process (pid {holder.pid})" in (
            second.stderr
        )
        assert snapshot(out) == before
    finally:
        release(holder)
    (folder / "extra.txt").write_text((folder / sorted(os.listdir(folder))[0]).read_text())
    aglod("-q", "build", str(folder), "--out", str(out))
    assert snapshot(out) != before


def test_two_loads_cannot_write_one_store(old: tuple[Path, Path], tmp_path: Path) -> None:
    """A process holding the store's lock (as a load does) keeps a load out; killed,
    it releases the lock."""
    _folder, build = old
    store = tmp_path / "store"
    holder = hold(store_lock_path(store))
    try:
        second = aglod("load", "--store", str(store), "--from", str(build), code=2)
        assert f"store {store} is in use by another aglod process (pid {holder.pid})" in (
            second.stderr
        )
        assert not store.exists()
    finally:
        release(holder)
    aglod("-q", "load", "--store", str(store), "--from", str(build))


def test_no_load_while_the_store_is_served(old: tuple[Path, Path], tmp_path: Path) -> None:
    _folder, build = old
    store = tmp_path / "store"
    aglod("-q", "load", "--store", str(store), "--from", str(build))
    port = free_port()
    server = subprocess.Popen([*AGLOD, "-q", "serve", "--store", str(store), "--bind",
                               f"127.0.0.1:{port}"], stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        assert wait_for(lambda: server_up(f"http://127.0.0.1:{port}"), timeout=30, step=0.05)
        refused = aglod("load", "--store", str(store), "--from", str(build), code=2)
        # the pid is the server's, which holds the lock now, not the finished load's
        assert f"store {store} is in use by another aglod process (pid {server.pid})" in (
            refused.stderr
        )
    finally:
        stop(server)
    aglod("-q", "load", "--store", str(store), "--from", str(build))


def test_the_second_names_of_replaced_files_never_outlive_a_commit(tmp_path: Path) -> None:
    """``commit`` gives each file it replaces a second, temporary name so that it is
    freed in a thread; after the ``with`` block none is left, readers of the old file
    keep reading it whole, and a process killed before the thread removed them leaves
    names that ``recover`` removes."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.ttl").write_bytes(b"old " * 100_000)
    reader = (folder / "a.ttl").open("rb")
    with AtomicFiles(folder) as files:
        files.write("a.ttl", b"new")
        files.write("b.ttl", b"first")
        files.commit()
    assert (folder / "a.ttl").read_bytes() == b"new"
    assert sorted(p.name for p in folder.iterdir()) == ["a.ttl", "b.ttl"]
    assert reader.read() == b"old " * 100_000
    reader.close()
    # killed between the second names and the renames
    files = AtomicFiles(folder)
    files.write("a.ttl", b"newer")
    plan = {"rename": [[files.temps["a.ttl"].name, "a.ttl"]], "remove": []}
    spare = files._keep_old(plan)
    assert len(spare) == 1 and spare[0].read_bytes() == b"new"
    AtomicFiles.recover(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["a.ttl", "b.ttl"]
    assert (folder / "a.ttl").read_bytes() == b"new"
