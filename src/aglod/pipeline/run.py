"""The build, streamed: releases spread over worker processes (``pipeline/tasks.py``), the
dataset files written block by block (``serialization/chunks.py``), cross-release steps (officials'
names, release keys, linking, dataset counts) over small summaries.

Memory is bounded by what the releases share (officials, posts, organisations and the
reference data, kept once) and by one small summary per release, not by the dataset.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import multiprocessing
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import Stopped, disk_failure
from ..rdf import iris
from ..rdf.description import provenance, void_description
from ..rdf.identifiers import Minter, release_key
from ..rdf.linking import link
from ..rdf.mapping import merge_names
from ..rdf.statistics import Tally, count_triples
from ..rdf.statistics import counts as action_counts
from ..serialization.chunks import (
    Compactor,
    Terms,
    jsonld_block,
    jsonld_document,
    nquads,
    nt_lines,
    parse_nt,
    prefixes,
    turtle_head,
    turtle_statements,
)
from ..serialization.formats import context, to_turtle
from ..sources.feeds import read_feed
from ..sources.inputs import (
    FEED_SUFFIXES,
    INTERNAL,
    STDIN,
    Rejected,
    check_file,
    expand_paths,
    one_line,
)
from ..validation.shacl import Report
from . import collector
from . import tasks as work
from .atomic import AtomicFiles, write_atomic
from .locks import build_lock_path, locked
from .merge import merge
from .result import REJECT_FILES, BuildResult
from .splicing import Spliced, read_index, write_index
from .state import (
    CACHE_DIR,
    DATASET_FILES,
    NQUADS,
    RETIRED_FILES,
    STATE_FORMAT,
    Blocks,
    Cache,
    file_stamp,
    read_blocks,
)
from .steps import unique_keys
from .tasks import (
    ChunkMeta,
    ExtractTask,
    RenderTask,
    Summary,
    chunk_id,
    default_jobs,
    digest,
    extract_task,
    load_rules,
    render_task,
)

T = TypeVar("T")
R = TypeVar("R")


# Without --jobs, fewer input files than this are built in this process: a pool
# costs more than it saves.
INLINE_BELOW = 64


class _Pool:
    """``map`` in order over ``jobs`` worker processes, started on first use; work of
    fewer than ``INLINE_BELOW`` items, or any work when ``jobs`` is 1, runs in this
    process (a pool costs more than it saves there).

    Workers come from a fork server (``multiprocessing``'s "forkserver"): forked from a
    clean process that has imported aglod, never from this one, whose threads (a
    store's, a library's) could hold a lock at the moment of the fork."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Any = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items`` in order; ``items`` is read as the work goes (a feed's
        releases are never all in memory)."""
        items = iter(items)
        first = list(itertools.islice(items, INLINE_BELOW))
        if self.jobs <= 1 or len(first) < INLINE_BELOW:
            return map(fn, itertools.chain(first, items))
        items = itertools.chain(first, items)
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                ctx.set_forkserver_preload(["aglod.pipeline.tasks"])
            self._pool = ctx.Pool(self.jobs, initializer=work.init_worker)
        return cast(Iterator[R], self._pool.imap(fn, items, chunksize=16))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _extract_tasks(
    inputs: list[Path | Rejected],
    names: dict[Path, str],
    cache_root: str,
    rejected: list[Summary],
    sources: _Sources,
) -> Iterator[ExtractTask]:
    """A task per release to extract; what is rejected before extraction (broken feed
    lines; files too big, of an unsupported type, or not regular files, which are
    not read at all) goes to ``rejected``; a file that ``sources`` knows unchanged
    goes to ``sources.known``, unread."""
    index = 0
    for path in inputs:
        if isinstance(path, Rejected):  # a pipe, a link out of its folder… (expand_paths)
            rejected.append(Summary(index, path.source, reject=path.reason))
            index += 1
            continue
        name = names.get(path, "<stdin>" if path == STDIN else str(path))
        if path == STDIN or path.suffix.lower() in FEED_SUFFIXES:
            for item in read_feed(path, name):
                if isinstance(item, Rejected):
                    rejected.append(Summary(index, item.source, reject=item.reason))
                else:
                    yield ExtractTask(index, None, item.source, item, cache_root)
                index += 1
            continue
        try:
            st: os.stat_result | None = path.stat()
        except OSError:
            st = None  # check_file says why
        problem = check_file(path, name, st)
        if problem is not None:
            rejected.append(Summary(index, name, reject=problem))
        elif st is None or not sources.lookup(name, index, st):
            yield ExtractTask(index, path, name, None, cache_root)
        index += 1


class _Sources:
    """The summaries of the files the last build read, by source name, with the size,
    modification time, change time and inode each had (``state/sources.pickle``). A
    file that still has all four is taken as unchanged and is not read again (as
    ``make`` and ``rsync`` do); ``--force`` reads everything."""

    FILE = "sources.pickle"

    def __init__(self, state: Path) -> None:
        self.state = state
        self.known: list[Summary] = []
        self.keys: dict[str, tuple[int, ...]] = {}
        self._previous: dict[str, tuple[tuple[int, ...], Summary]] = {}
        try:
            doc = pickle.loads((state / self.FILE).read_bytes())
            if doc.get("stamp") == work.code_stamp():
                self._previous = doc["entries"]
        except Exception:  # missing, or unreadable: read every file
            self._previous = {}

    def lookup(self, name: str, index: int, st: os.stat_result) -> bool:
        """Whether the file ``name`` with stat ``st`` is known unchanged (its summary
        then goes to ``known``)."""
        key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        self.keys[name] = key
        previous = self._previous.get(name)
        if previous is None or previous[0] != key:
            return False
        self.known.append(replace(previous[1], index=index))
        return True

    def facts_known(self) -> set[str] | None:
        """The facts entries the last build's record names, when this build read few
        files (the rest are pruned by their names); ``None`` (list the folders) when
        there is no record or this build read more than 1% of its files: a build that
        was killed may have left entries no record names, and a larger build finds them."""
        read = len(self.keys) - len(self.known)
        if not self._previous or read > max(1, len(self.keys) // 100):
            return None
        return {s.facts_id for _, s in self._previous.values() if s.facts_id}

    def save(self, summaries: list[Summary]) -> None:
        if len(self.known) == len(self._previous) == len(summaries):
            return  # every input known unchanged: the record stands
        entries = {  # a summary's index is replaced at lookup
            s.source: (self.keys[s.source], s)
            for s in summaries
            if s.reject is None and s.source in self.keys
        }
        if entries == self._previous:
            return
        doc = {"stamp": work.code_stamp(), "entries": entries}
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.state / self.FILE, data, sync=False)


class _Metas:
    """The metas of the releases the last builds rendered, by chunk id: one file read
    instead of one cache entry per release. ``state/metas.pickle`` holds them all as of
    some build; ``state/metas-new.pickle`` those rendered since, while they are few, so
    that a build that rendered a handful does not rewrite the whole record. A chunk id
    names its content (``work.chunk_id``): an entry is never out of date, at most no
    longer used; a full rewrite drops those."""

    FILE = "metas.pickle"
    DELTA = "metas-new.pickle"

    def __init__(self, state: Path) -> None:
        self.state = state
        self.base: dict[str, ChunkMeta] = self._read(self.FILE)
        self.delta: dict[str, ChunkMeta] = self._read(self.DELTA) if self.base else {}
        self.previous = {**self.base, **self.delta}

    def _read(self, name: str) -> dict[str, ChunkMeta]:
        try:
            found: dict[str, ChunkMeta] = pickle.loads((self.state / name).read_bytes())
            return found
        except Exception:  # missing, or unreadable: read the cache entries
            return {}

    def save(self, metas: list[ChunkMeta]) -> None:
        new = [m for m in metas if m.chunk_id not in self.previous]
        ids = {m.chunk_id for m in metas}
        unused = sum(1 for c in self.previous if c not in ids)
        if not new and unused <= _Metas.slack(len(metas)):
            return
        _share_strings(new)
        delta = {c: m for c, m in self.delta.items() if c in ids}
        delta.update((m.chunk_id, m) for m in new)
        if self.base and len(delta) + unused <= _Metas.slack(len(metas)):
            data = pickle.dumps(delta, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.state / self.DELTA, data, sync=False)
            return
        data = pickle.dumps({m.chunk_id: m for m in metas}, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.state / self.FILE, data, sync=False)
        (self.state / self.DELTA).unlink(missing_ok=True)

    @staticmethod
    def slack(n: int) -> int:
        """How many entries the small file may hold (new, or no longer used ones)."""
        return max(64, n // 20)


def _share_strings(metas: list[ChunkMeta]) -> None:
    """Make the strings many releases repeat (IRIs, the lines of shared officials) one
    object each, which pickle then writes once."""
    seen: dict[str, str] = {}

    def one(x: str) -> str:
        return seen.setdefault(x, x)

    for m in metas:
        m.classes = {one(k): n for k, n in m.classes.items()}
        m.properties = {one(k): n for k, n in m.properties.items()}
        m.shared = [one(x) for x in m.shared]
        m.shared_inferred = [one(x) for x in m.shared_inferred]
        m.focus_shared = [one(x) for x in m.focus_shared]
        m.views = [
            v._replace(
                office=one(v.office) if v.office else None,
                type=one(v.type),
                participants=frozenset(one(p) for p in v.participants),
                targets=frozenset(one(t) for t in v.targets),
            )
            for v in m.views
        ]
        m.tallies = [
            Tally(tuple(one(t) for t in x.types), tuple(one(p) for p in x.participants))
            for x in m.tallies
        ]


def _first_reject(summaries: Iterable[Summary], early: list[Summary]) -> Summary | None:
    """The reject of lowest input index among ``summaries`` and ``early``, or None."""
    found = [s for s in summaries if s.reject is not None] + early
    return min(found, key=lambda s: s.index) if found else None


def _is_failure(s: Summary) -> bool:
    """A reject that is aglod's fault (a bug), not the input's."""
    return s.failed or (s.reject or "").startswith(INTERNAL)


def _stop(s: Summary) -> Stopped:
    return Stopped(s.source, s.reject or "", internal=_is_failure(s))


def _keys(good: list[Summary]) -> list[tuple[str, Summary]]:
    """Release keys, as ``assemble`` mints them (``steps.unique_keys``)."""
    return unique_keys(
        good,
        key=lambda s: s.key or release_key(s.office, s.date, s.title, s.source),
        source=lambda s: s.source,
    )


def run_build(
    paths: list[Path],
    out: Path,
    *,
    base: str,
    source_names: dict[Path, str] | None,
    jobs: int | None,
    force: bool,
    on_error: str = "skip",
    follow_symlinks: bool = False,
) -> BuildResult:
    """Build into ``out``, holding its lock (``pipeline/locks.py``) throughout; first finish
    or clear what a build killed there left (``AtomicFiles.recover``)."""
    Minter(base)  # checks the base before anything is touched
    with locked(build_lock_path(out), f"output folder {out}"), collector.quiet():
        AtomicFiles.recover(out)
        try:
            try:
                return _run_build(
                    paths, out, base, source_names, jobs, force, on_error, follow_symlinks
                )
            except work.UnreadableFacts:
                # an entry cut short on disk behind a source taken as unchanged: the
                # record of sources goes, and every source is read (and checked) again
                (out / CACHE_DIR / "state" / _Sources.FILE).unlink(missing_ok=True)
                return _run_build(
                    paths, out, base, source_names, jobs, force, on_error, follow_symlinks
                )
        except OSError as exc:  # a full disk: the machine's problem (exit 2), not aglod's
            failure = disk_failure(exc, f"{out}/")
            if failure is None:
                raise
            raise failure from exc


def _run_build(
    paths: list[Path],
    out: Path,
    base: str,
    source_names: dict[Path, str] | None,
    jobs: int | None,
    force: bool,
    on_error: str,
    follow_symlinks: bool = False,
) -> BuildResult:
    minter = Minter(base)
    stages: dict[str, float] = {}
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - clock
        clock = now

    cache_root = out / CACHE_DIR
    if force and cache_root.exists():
        shutil.rmtree(cache_root)
    cache_root.mkdir(parents=True, exist_ok=True)
    cache = Cache(cache_root)
    pool = _Pool(jobs or default_jobs())
    inputs = expand_paths(paths, follow_symlinks)
    if jobs is None and len(inputs) < INLINE_BELOW:
        pool.jobs = 1
    state = cache_root / "state"
    with collector.paused():
        sources, known_metas = _Sources(state), _Metas(state)
    load_rules(cache_root)

    early: list[Summary] = []  # rejected before extraction
    try:
        extracted = pool.map(
            extract_task,
            _extract_tasks(inputs, source_names or {}, str(cache_root), early, sources),
        )
        summaries = []
        for s in extracted:  # in input order
            if on_error == "fail":
                first = _first_reject([s], [e for e in list(early) if e.index < s.index])
                if first is not None:
                    raise _stop(first)
            summaries.append(s)
        if on_error == "fail" and early:
            raise _stop(min(early, key=lambda s: s.index))
        summaries = sorted(summaries + early + sources.known, key=lambda s: s.index)
        stage("extract")
        good = [s for s in summaries if s.reject is None]
        names = merge_names((s.source, list(s.people)) for s in good)
        keyed = _keys(good)
        tasks: list[RenderTask] = []
        for key, s in keyed:
            assert s.facts_id is not None
            used = sorted({k for k, _ in s.people})
            tasks.append(
                RenderTask(
                    s.facts_id, key, tuple((k, names[k]) for k in used), base, str(cache_root)
                )
            )
        ids = [chunk_id(t) for t in tasks]
        present = cache.entries("chunks")
        cached = {c for c in ids if c in present}
        # a meta of the state file counts only while its blocks are in the cache
        found = [known_metas.previous.get(c) if c in cached else None for c in ids]
        todo = [t for t, m in zip(tasks, found, strict=True) if m is None]
        fresh = sum(c not in cached for c in ids)
        rendered = iter([m for m, _ in pool.map(render_task, todo)])
        metas = [m if m is not None else next(rendered) for m in found]
        collector.settle()
        stage("render")
    finally:
        pool.close()

    rejected = [Rejected(s.source, s.reject or "") for s in summaries if s.reject is not None]
    failed = [Rejected(s.source, s.reject or "") for s in summaries if _is_failure(s)]
    links = link([v for m in metas for v in m.views])
    stat_triples = _statistics(metas, minter, cache_root)
    stage("link")

    result = BuildResult(len(summaries), len(metas), rejected, failed, Report([], 0, 0), 0, 0)
    result.stages = stages
    result.reused = len(metas) - fresh
    result.unread = len(sources.known)

    def keep_state() -> None:
        """Done while the dataset files go to disk: the cache entries no build of
        these inputs will ask for again go, the records of inputs and metas are saved
        (all keyed by content: right whether the commit that follows happens or not)."""
        cache.prune("chunks", {m.chunk_id for m in metas}, present)
        cache.prune("facts", {s.facts_id for s in good if s.facts_id}, sources.facts_known())
        sources.save(summaries)
        known_metas.save(metas)

    _write(out, metas, tasks, links, stat_triples, minter, cache_root, result, stage, keep_state)
    stage("write")
    return result


def _write(
    out: Path,
    metas: list[ChunkMeta],
    tasks: list[RenderTask],
    links: Graph,
    stat_triples: list[ox.Triple],
    minter: Minter,
    cache_root: Path,
    result: BuildResult,
    stage: Callable[[str], None],
    before_commit: Callable[[], None],
) -> None:
    """Write the dataset files; fills in ``result``'s report and counts. Runs
    ``before_commit`` while the files are put on disk, before they are renamed."""
    base = minter.base
    terms = Terms()
    pmap = prefixes(base)
    compactor = Compactor(context())
    merged = merge(metas, links, stat_triples, minter, cache_root)
    collector.settle()
    stage("merge")
    ref_triples, shared_sorted, shared_inf_sorted = (
        merged.reference,
        merged.shared,
        merged.shared_inferred,
    )
    link_triples, lines, counts, report = merged.links, merged.lines, merged.counts, merged.report
    inferred_count = merged.inferred

    # provenance shared by every release graph: the build activity and the software
    activity_prov = terms.triples(
        t
        for t in provenance(URIRef(base + "graph/x"), URIRef(base + "x"), "", "", minter)
        if str(t[0]) != base + "graph/x"
    )
    ref_name = terms.iri(str(minter.reference_graph()))
    shared_name = terms.iri(iris.graph(base, "shared"))
    prov_name = terms.iri(iris.graph(base, "provenance"))
    links_name = terms.iri(str(minter.links_graph()))
    stats_name = terms.iri(str(minter.statistics_graph()))
    head = turtle_head(pmap)
    state = out / CACHE_DIR / "state"
    index = read_index(state)
    with AtomicFiles(out) as files:
        spliced = {
            name: Spliced(
                files.open_binary(name),
                out / name,
                index.get(name),
                compress=name.endswith(".gz"),
            )
            for name in DATASET_FILES
        }
        ttl, trig, nq = spliced["aglod.ttl"], spliced["aglod.trig"], spliced[NQUADS]
        jsonld, inf = spliced["aglod.jsonld"], spliced["aglod-inferred.ttl"]
        for f in (ttl, trig, inf):
            f.text(head)
        trig.text(f"<{prov_name.value}> {{\n{turtle_statements(activity_prov, pmap)}}}\n")
        trig.text(f"\n<{ref_name.value}> {{\n{turtle_statements(ref_triples, pmap)}}}\n\n")
        nq.text(nquads(activity_prov, prov_name))
        nq.text(nquads(ref_triples, ref_name))
        json_parts = jsonld_document(context())
        jsonld.text(next(json_parts))
        for m, task in zip(metas, tasks, strict=True):
            blocks = _Blocks(cache_root, m.chunk_id, task)
            ttl.block(m.chunk_id, blocks.get("ttl"))
            trig.block(m.chunk_id, blocks.get("trig", "\n"))
            nq.block(m.chunk_id, blocks.get("nq.gz"))
            inf.block(m.chunk_id, blocks.get("inferred"))
            jsonld.block(m.chunk_id, blocks.get("jsonld"), ",\n" if jsonld.any_block else "")
        rest = _jsonld_rest(
            [shared_sorted, link_triples, stat_triples],
            [lines["shared"], lines["links"], lines["statistics"]],
            compactor,
            base,
            cache_root,
        )
        if rest:
            jsonld.text((",\n" if jsonld.any_block else "") + rest)
        jsonld.text(next(json_parts))
        ttl.text(turtle_statements(shared_sorted, pmap))
        ttl.text(turtle_statements(link_triples, pmap))
        ttl.text(turtle_statements(stat_triples, pmap))
        inf.text(turtle_statements(shared_inf_sorted, pmap))
        trig.text(f"<{shared_name.value}> {{\n{turtle_statements(merged.common, pmap)}}}\n\n")
        nq.text(nquads(merged.common, shared_name))
        if link_triples:
            trig.text(f"<{links_name.value}> {{\n{turtle_statements(link_triples, pmap)}}}\n")
            nq.text(nquads(link_triples, links_name))
        trig.text("\n" if link_triples else "")
        trig.text(f"<{stats_name.value}> {{\n{turtle_statements(stat_triples, pmap)}}}\n")
        nq.text(nquads(stat_triples, stats_name))
        for f in spliced.values():
            f.close()
        files.start_sync()
        result.copied_bytes = sum(f.copied for f in spliced.values())
        stage("serialize")
        before_commit()
        void = void_description(counts, minter, inferred_triples=inferred_count)
        result.report, result.triples, result.inferred = report, counts.triples, inferred_count
        small: dict[str, bytes] = {
            "void.ttl": to_turtle(void),
            "validation.txt": report.to_text().encode("utf-8"),
            "validation.json": report.to_json().encode("utf-8"),
            **reject_report(result.rejected, result.failed),
        }
        result.files = sorted([*small, "build.json", *files.temps])
        small["build.json"] = (
            json.dumps(result.summary(), indent=2, sort_keys=True) + "\n"
        ).encode()
        for name, data in small.items():
            files.write(name, data)
        for name in REJECT_FILES:
            if name not in small:
                files.remove(name)  # a report of an earlier build's rejects
        for name in RETIRED_FILES:
            files.remove(name)  # what an earlier version wrote and this one does not
        files.commit()
        # while the replaced files are freed (``AtomicFiles``)
        write_index(state, out, spliced)
        _write_state(
            out,
            base,
            metas,
            {
                "shared": lines["shared"],
                "shared-inferred": nt_lines(shared_inf_sorted),
                "links": lines["links"],
                "statistics": lines["statistics"],
                "provenance": nt_lines(activity_prov),
            },
        )


REJECTS_FORMAT = 1


def reject_report(rejected: list[Rejected], failed: list[Rejected]) -> dict[str, bytes]:
    """``rejected.json`` and ``rejected.txt`` for the releases a build rejected (in
    input order; a feed line as ``file:line``), or nothing when it rejected none.
    ``internal_error``: aglod failed on it (a bug to report), the input may be fine."""
    if not rejected:
        return {}
    bugs = {(r.source, r.reason) for r in failed}
    entries = [
        {"source": r.source, "reason": r.reason, "internal_error": (r.source, r.reason) in bugs}
        for r in rejected
    ]
    doc = {"format": REJECTS_FORMAT, "rejected": len(entries), "rejects": entries}
    text = "".join(f"{one_line(r.source)}: {r.reason}\n" for r in rejected)
    return {
        "rejected.json": (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        "rejected.txt": text.encode("utf-8"),
    }


def _write_state(out: Path, base: str, metas: list[ChunkMeta], sets: dict[str, list[str]]) -> None:
    """What an incremental load needs (``store/embedded.py``): each release graph with its chunk,
    the triples the releases share, and a stamp of the files it belongs to."""
    minter = Minter(base)
    state = out / CACHE_DIR / "state"
    for name, lines in sets.items():
        write_atomic(state / f"{name}.nt", "".join(lines).encode("utf-8"), sync=False)
    doc = {
        "format": STATE_FORMAT,
        "base": base,
        "stamp": file_stamp(out / NQUADS),
        "releases": [
            [str(minter.graph(m.key)), str(minter.release(m.key)), m.key, m.chunk_id] for m in metas
        ],
    }
    write_atomic(state / "manifest.json", json.dumps(doc).encode("utf-8"))


def _statistics(metas: list[ChunkMeta], minter: Minter, cache_root: Path) -> list[ox.Triple]:
    """The statistics' triples (``rdf/statistics.py``), from the cache when an earlier build
    of this version made them of the same counts (an edit that changes no action)."""
    by_type, by_pair = action_counts(t for m in metas for t in m.tallies)
    cache = Cache(cache_root)
    entry = digest("statistics", minter.base, sorted(by_type.items()), sorted(by_pair.items()))
    lines = cache.memo(
        "statistics", entry, lambda: nt_lines(count_triples(by_type, by_pair, minter))
    )
    cache.prune("statistics", {entry})
    return parse_nt(lines)


def _jsonld_rest(
    parts: list[list[ox.Triple]],
    lines: list[list[str]],
    compactor: Compactor,
    base: str,
    cache_root: Path,
) -> str:
    """The node objects of the triples written after the releases' blocks (shared,
    links, statistics) as one JSON-LD block; each part's from the cache when an earlier
    build of this version compacted the same triples (``lines``: their N-Triples).
    The parts' subjects differ (officials and reference data; actions; observations),
    so their blocks joined are the block of all; where two parts meet on one subject,
    all are compacted together."""
    parts_lines = [(p, ls) for p, ls in zip(parts, lines, strict=True) if p]
    for (a, _), (b, _) in itertools.pairwise(parts_lines):
        if a[-1].subject == b[0].subject:
            return jsonld_block(compactor.nodes([*itertools.chain.from_iterable(parts)]))
    cache = Cache(cache_root)
    texts, keep = [], set()
    for part, part_lines in parts_lines:
        entry = digest("jsonld", base, hashlib.sha256("".join(part_lines).encode()).hexdigest())
        keep.add(entry)
        texts.append(cache.memo("jsonld", entry, functools.partial(_compacted, compactor, part)))
    cache.prune("jsonld", keep)
    return ",\n".join(t for t in texts if t)


def _compacted(compactor: Compactor, triples: list[ox.Triple]) -> str:
    return jsonld_block(compactor.nodes(triples))


class _Blocks:
    """A release's cached blocks, read from the cache only if a file needs one; an
    entry found unreadable then (cut short on disk) is rendered again by ``task``."""

    def __init__(self, cache_root: Path, cid: str, task: RenderTask) -> None:
        self.cache_root, self.cid, self.task = cache_root, cid, task
        self._blocks: Blocks | None = None

    def get(self, kind: str, end: str = "") -> Callable[[], str | bytes]:
        def text() -> str | bytes:
            if self._blocks is None:
                try:
                    self._blocks = read_blocks(self.cache_root, self.cid)
                except Exception:  # unreadable: rendered again, kept again
                    render_task(self.task)
                    self._blocks = read_blocks(self.cache_root, self.cid)
            block: str | bytes = self._blocks[kind]
            return block if isinstance(block, bytes) else block + end

        return text


__all__ = ["run_build"]
