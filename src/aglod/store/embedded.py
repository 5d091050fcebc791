"""The embedded store: an on-disk Oxigraph store (pyoxigraph) holding one named graph
per release, the reference data, the provenance, the vocabulary and the inferred
triples each in a graph of their own.

Loading is idempotent: each graph of the build replaces the graph of the same name;
a release graph that the build no longer has is dropped; loading the same build
twice gives the same store. Each triple is in exactly one graph (what releases share
is in the shared graph, not in each release's), so the union of the graphs holds
each once: queries run on it (Oxigraph's ``use_default_graph_as_union``) and no copy
of it is kept. The default graph is empty.
"""

from __future__ import annotations

import ctypes
import errno
import gzip
import json
import os
import shutil
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..pipeline.atomic import sync_dir
from ..pipeline.locks import version_of
from ..rdf import iris
from ..rdf.namespaces import DEFAULT_BASE
from ..resources import vocabulary_files
from .bulk import bulk_load_dump


def graph_names(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The store's graphs that are not a release's."""
    return {name: iris.graph(base, name) for name in iris.SHARED_GRAPHS}


def open_store(path: Path) -> ox.Store:
    """The store at ``path`` (created if missing), opened at its current version, so
    that a later load's swap does not change the files under it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(os.path.realpath(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot open the store: {exc}") from exc


SIDECAR = "aglod-load.json"  # in the store's folder: what was loaded, for the next load
STATE_SETS = ("shared", "shared-inferred", "links", "statistics", "provenance")


# load_changes applies changes quad by quad; past this share of the releases (plus a
# few), a full bulk load is faster.
INCREMENTAL_SHARE = 0.05
INCREMENTAL_MIN = 50
# how the store's graphs are laid out; a store of another layout gets a full load
# (2: each triple in one graph, no copy of their union in the default graph)
STORE_LAYOUT = 2


def load_build(
    store_dir: Path,
    build_dir: Path,
    base: str = DEFAULT_BASE,
    *,
    full: bool = False,
    jobs: int = 1,
) -> dict[str, int]:
    """Load a build folder into the store in ``store_dir``: only what changed since the
    last load when the store and the build allow it (``load_changes``), else all of it
    (``load_all``; ``full`` forces it). Returns counts: graphs loaded, graphs dropped,
    quads in the store. One load at a time, and none while the store is served nor
    while a build writes the build folder: ``Locked`` otherwise (``pipeline/locks.py``); a
    build folder whose last build was killed half-way through its commit gets that
    commit finished first. ``jobs``: bulk loads at once in a full load (``bulk``)."""
    from ..pipeline.locks import locked, reading_build, store_lock_path, store_path

    home = store_path(store_dir)
    with locked(store_lock_path(home), f"store {store_dir}"), reading_build(build_dir):
        _tidy(home)
        return _load_build(home, build_dir, base, full=full, jobs=jobs)


def _load_build(
    store_dir: Path, build_dir: Path, base: str, *, full: bool, jobs: int = 1
) -> dict[str, int]:
    manifest = _manifest(build_dir)
    sidecar = _sidecar(store_dir)
    if (
        not full
        and manifest is not None
        and sidecar is not None
        and not sidecar.get("dirty")
        and sidecar.get("layout") == STORE_LAYOUT
        and sidecar.get("base") == manifest["base"] == base
    ):
        return load_changes(store_dir, build_dir, manifest, sidecar, jobs)
    return load_all(store_dir, build_dir, base, manifest, jobs)


def _manifest(build_dir: Path) -> dict[str, Any] | None:
    """The build's state (written by the streamed build), if it matches its files."""
    from ..pipeline.state import CACHE_DIR, NQUADS, STATE_FORMAT, file_stamp

    path = build_dir / CACHE_DIR / "state" / "manifest.json"
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != STATE_FORMAT or doc.get("stamp") != file_stamp(build_dir / NQUADS):
            return None
        return doc
    except (OSError, ValueError):
        return None


def _sidecar(store_dir: Path) -> dict[str, Any] | None:
    try:
        doc: dict[str, Any] = json.loads((store_dir / SIDECAR).read_text(encoding="utf-8"))
        return doc
    except (OSError, ValueError):
        return None


def _write_sidecar(store_dir: Path, build_dir: Path, manifest: dict[str, Any] | None) -> None:
    from ..pipeline.atomic import write_atomic
    from ..pipeline.state import CACHE_DIR

    if manifest is None:
        (store_dir / SIDECAR).unlink(missing_ok=True)
        return
    for name in STATE_SETS:
        src = build_dir / CACHE_DIR / "state" / f"{name}.nt"
        write_atomic(store_dir / f"aglod-{name}.nt", src.read_bytes(), sync=False)
    doc = {
        "base": manifest["base"],
        "layout": STORE_LAYOUT,
        "dirty": False,
        "releases": {g: [rel, key, cid] for g, rel, key, cid in manifest["releases"]},
        "quads": manifest.get("quads"),
    }
    write_atomic(store_dir / SIDECAR, json.dumps(doc).encode("utf-8"))


def load_changes(
    store_dir: Path,
    build_dir: Path,
    manifest: dict[str, Any],
    sidecar: dict[str, Any],
    jobs: int = 1,
) -> dict[str, int]:
    """Bring a store loaded from an earlier build of the same inputs up to date: drop the
    graphs of releases changed or removed, with their own inferred triples and their
    graphs' provenance; add the graphs of releases changed or added from the build's
    cached blocks; apply the differences of what releases share and of the links.
    The changes are made in a checkpoint of the store that replaces it when complete,
    so a load that stops half-way leaves the store as it was (a store whose sidecar
    says dirty, as older versions left one, gets a full load). A test checks that
    the result equals a full load."""
    from ..pipeline.state import CACHE_DIR, read_blocks
    from ..serialization.chunks import parse_nt, prefixes, turtle_head

    base = manifest["base"]
    names = graph_names(base)
    cache_root = build_dir / CACHE_DIR
    old: dict[str, list[str]] = sidecar["releases"]
    new = {g: [rel, key, cid] for g, rel, key, cid in manifest["releases"]}
    gone = [g for g in old if g not in new or old[g][2] != new[g][2]]
    come = [g for g in new if g not in old or old[g][2] != new[g][2]]
    if len(gone) + len(come) > INCREMENTAL_SHARE * (len(old) + len(new)) + INCREMENTAL_MIN:
        # Many releases changed (a new aglod re-renders them all): quad by quad removal
        # costs far more than loading everything afresh.
        return load_all(store_dir, build_dir, base, manifest, jobs)
    try:
        blocks = {g: read_blocks(cache_root, new[g][2]) for g in come}
    except Exception:  # missing, or cut short on disk: the dump holds the same quads
        return load_all(store_dir, build_dir, base, manifest, jobs)
    sets_old = {n: _lines(store_dir / f"aglod-{n}.nt") for n in STATE_SETS}
    sets_new = {n: _lines(cache_root / "state" / f"{n}.nt") for n in STATE_SETS}
    # The changes go to a checkpoint of the store (hard links: instant), a new version
    # that replaces it once complete; a load killed half-way leaves the store as it was.
    staging = _next_version(store_dir)
    try:
        current = ox.Store(str(_current(store_dir)))
        current.backup(str(staging))
        del current
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(str(store_dir), f"cannot open the store: {exc}") from exc
    store = open_store(staging)
    try:
        delta = _Delta(store, int(sidecar.get("quads") or len(store)))
        remove, add = delta.remove, delta.add

        inferred, prov = ox.NamedNode(names["inferred"]), ox.NamedNode(names["provenance"])
        links, stats = ox.NamedNode(names["links"]), ox.NamedNode(names["statistics"])
        shared, reference = ox.NamedNode(names["shared"]), ox.NamedNode(names["reference"])
        into = {
            "shared": shared,
            "shared-inferred": inferred,
            "links": links,
            "statistics": stats,
            "provenance": prov,
        }

        def in_graph(lines: Iterable[str], graph: ox.NamedNode) -> list[ox.Quad]:
            return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in parse_nt(lines)]

        for g in gone:
            rel, key = old[g][0], old[g][1]
            own = (rel + "/", iris.owned_prefixes(base, key)[2])
            name = ox.NamedNode(g)
            subjects = {
                q.subject
                for q in store.quads_for_pattern(None, None, None, name)
                if isinstance(q.subject, ox.NamedNode)
                and (q.subject.value == rel or q.subject.value.startswith(own))
            }
            for subject in subjects:
                remove(store.quads_for_pattern(subject, None, None, inferred))
            remove(store.quads_for_pattern(name, None, None, prov))
            remove(store.quads_for_pattern(None, None, None, name))
        for kind, graph in into.items():
            remove(in_graph(sets_old[kind] - sets_new[kind], graph))

        head = turtle_head(prefixes(base))
        for g in come:
            b = blocks[g]
            add(ox.parse(gzip.decompress(b["nq.gz"]), format=ox.RdfFormat.N_QUADS))
            add(
                ox.Quad(t.subject, t.predicate, t.object, inferred)
                for t in _parse(head + b["inferred"])
            )
        for kind, graph in into.items():
            added = in_graph(sets_new[kind] - sets_old[kind], graph)
            if kind == "shared":  # the shared set holds the reference data too
                added = [
                    q
                    for q in added
                    if ox.Quad(q.subject, q.predicate, q.object, reference) not in store
                ]
            add(added)
        store.flush()
        quads = delta.quads
    except BaseException:
        del remove, add, delta, store  # closes the store, so that its folder can go
        shutil.rmtree(staging, ignore_errors=True)
        raise
    del remove, add, delta, store
    manifest = dict(manifest, quads=quads)
    _write_sidecar(staging, build_dir, manifest)
    _swap_in(staging, store_dir)
    dropped = sum(1 for g in old if g not in new)
    return {"graphs_loaded": len(come), "graphs_dropped": dropped, "quads": quads}


class _Delta:
    """Adds and removes quads in a store, keeping count of its quads."""

    def __init__(self, store: ox.Store, quads: int) -> None:
        self.store, self.quads = store, quads

    def remove(self, qs: Iterable[ox.Quad]) -> None:
        for q in set(qs):
            if q in self.store:
                self.store.remove(q)
                self.quads -= 1

    def add(self, qs: Iterable[ox.Quad]) -> None:
        for q in set(qs):
            if q not in self.store:
                self.store.add(q)
                self.quads += 1


def _lines(path: Path) -> set[str]:
    try:
        return set(path.read_text(encoding="utf-8").splitlines(keepends=True))
    except OSError:
        return set()


def _parse(turtle: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)]


def vocabulary_quads(store: ox.Store, names: dict[str, str]) -> list[ox.Quad]:
    """The vocabulary (ontology, alignment, topic scheme) for its graph, less what the
    reference graph already holds (the topic concepts): each triple in one graph."""
    reference, vocabulary = ox.NamedNode(names["reference"]), ox.NamedNode(names["vocabulary"])
    return [
        ox.Quad(t.subject, t.predicate, t.object, vocabulary)
        for path in vocabulary_files()
        for t in _parse(path.read_text(encoding="utf-8"))
        if ox.Quad(t.subject, t.predicate, t.object, reference) not in store
    ]


# the largest inferred file (bytes) that one load takes beside the dump (``load_all``)
INFERRED_BESIDE = 256 << 20


def load_all(
    store_dir: Path,
    build_dir: Path,
    base: str,
    manifest: dict[str, Any] | None = None,
    jobs: int = 1,
) -> dict[str, int]:
    """Load a build folder (``aglod.nq.gz``, ``aglod.ttl``, ``aglod-inferred.ttl``) into
    the store in folder ``store_dir``. Returns counts: graphs loaded, graphs dropped
    (release graphs of the previous content that the build no longer has), quads.

    The new content is bulk-loaded (Oxigraph's loader, which streams files) into a new
    store beside the old one, which replaces it only once complete: a bad file or a
    crash leaves the previous store as it was. The dump's graphs are loaded as they are,
    the inferred triples and the vocabulary each into a graph of its own."""
    from ..pipeline.state import NQUADS

    files = {name: build_dir / name for name in (NQUADS, "aglod-inferred.ttl")}
    for name in (NQUADS,):
        if not files[name].is_file():
            raise InputError(str(files[name]), "no such file: run `aglod build` first")
    names = graph_names(base)
    staging = _next_version(store_dir)
    try:
        store = ox.Store(str(staging))
    except OSError as exc:
        raise InputError(str(store_dir), f"cannot create the store: {exc}") from exc
    try:
        # The inferred triples load beside the dump, on a core the dump's load leaves
        # idle (10,000 releases: 25.2 s instead of 30.8 s, peak +30 MB). A second load
        # costs memory in proportion to its file, so with one load (the default) a large
        # inferred file follows the dump instead (100,000 releases' worth, 1 GB: the
        # peak went from 1.9 to 3.5 GB).
        inferred = files["aglod-inferred.ttl"]
        graph = ox.NamedNode(names["inferred"])
        present = inferred.is_file()
        beside = present and (jobs > 1 or inferred.stat().st_size <= INFERRED_BESIDE)
        also = [(inferred, ox.RdfFormat.TURTLE, graph)] if beside else []
        bulk_load_dump(store, files[NQUADS], jobs, also)
        if present and not beside:
            store.bulk_load(path=str(inferred), format=ox.RdfFormat.TURTLE, to_graph=graph)
        store.bulk_extend(vocabulary_quads(store, names))
        store.flush()
        graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        quads = len(store)
        del store
        _write_sidecar(
            staging, build_dir, None if manifest is None else dict(manifest, quads=quads)
        )
    except (SyntaxError, OSError, EOFError, zlib.error) as exc:  # gzip: EOFError, zlib.error
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(str(build_dir), f"cannot be loaded: {exc}") from exc
    ours = iris.graphs_prefix(base)
    dropped = 0
    current = _current(store_dir)
    if current is not None and current.is_dir():
        try:
            old = ox.Store.read_only(str(current))
            dropped = sum(
                1
                for g in old.named_graphs()
                if isinstance(g, ox.NamedNode)
                and g.value.startswith(ours)
                and g.value not in graphs
            )
            del old
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise InputError(str(store_dir), f"cannot open the store: {exc}") from exc
    _swap_in(staging, store_dir)
    return {"graphs_loaded": len(graphs), "graphs_dropped": dropped, "quads": quads}


# A store ``NAME`` is a symbolic link to its current version, ``NAME.vN`` beside it
# (older versions of aglod made ``NAME`` the store's folder itself: such a store is
# moved to the layout by its next load). A load fills a new version and switches the
# link by renaming a new link over it, which rename(2) does atomically: at every
# instant the path holds a complete store, the old one or the new one.


def _current(home: Path) -> Path | None:
    """The folder of the store ``home`` now: its link's target, or ``home`` itself (an
    older store's folder); None when there is no store."""
    try:
        return home.with_name(os.readlink(home))
    except OSError:
        return home if home.is_dir() else None


def _versions(home: Path) -> dict[int, Path]:
    """The version folders beside ``home``, by number."""
    found = {}
    for entry in home.parent.iterdir():
        n = version_of(home, entry.name)
        if n is not None and entry.is_dir() and not entry.is_symlink():
            found[n] = entry
    return found


def _next_version(home: Path) -> Path:
    """A new, empty version folder's path for the store ``home``."""
    return home.with_name(f"{home.name}.v{max(_versions(home), default=0) + 1}")


def exchange(a: Path, b: Path) -> bool:
    """Swap the entries ``a`` and ``b`` in one step (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``); False where the system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(staging: Path, home: Path) -> None:
    """Make the complete store in the version folder ``staging`` the store ``home``:
    a link to it renamed over ``home`` (one atomic step). An older store's folder at
    ``home`` is exchanged with the link in one step where the system can
    (``exchange``), else moved aside first (``_tidy`` completes a load killed in
    between). The previous version is removed."""
    link = home.with_name(home.name + ".swap")
    _remove(link)
    os.symlink(staging.name, link)
    if home.is_dir() and not home.is_symlink() and not exchange(link, home):
        retired = home.with_name(home.name + ".old")
        _remove(retired)
        home.rename(retired)
    if link.is_symlink():  # not exchanged
        os.replace(link, home)
    sync_dir(home.parent)
    _tidy(home)


def _tidy(home: Path) -> None:
    """Under the store's lock: complete the swap of a load killed in between (a
    store's path never stays empty), then remove what killed loads left beside the
    store (unfinished versions, links, the folders older versions of aglod used) and
    the versions that are no longer current."""
    link = home.with_name(home.name + ".swap")
    staging = home.with_name(home.name + ".loading")  # older aglod's new store
    retired = home.with_name(home.name + ".old")
    if not os.path.lexists(home):
        if link.is_symlink() and link.exists():
            os.replace(link, home)
        elif retired.is_dir() and staging.is_dir():
            staging.rename(home)
    for leftover in (link, staging, retired):
        _remove(leftover)
    current = _current(home)
    for folder in _versions(home).values():
        if folder != current:
            _remove(folder)


def _remove(path: Path) -> None:
    """Remove a folder, a file or a link, if there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink()


def refresh_default_graph(store: ox.Store, clear: bool = True) -> None:
    """Make the default graph the union of all named graphs, each triple once.

    A triple may stand in several graphs (a post is described in each release that
    names its holder); a query over Oxigraph's union-of-graphs view sees it once per
    graph, and joins multiply. The default graph is a set, so queries run on it by
    default; ``GRAPH ?g`` still reaches each release's graph."""
    if clear:  # the store's default graph holds nothing but this union
        store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
