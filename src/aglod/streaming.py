"""The build, streamed: releases spread over worker processes (``work.py``), the
dataset files written block by block (``chunks.py``), cross-release steps (officials'
names, release keys, linking, dataset counts) over small summaries.

Memory is bounded by what the releases share (officials, posts, organisations and the
reference data, kept once) and by one small summary per release, not by the dataset.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .chunks import (
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
from .description import Counts, provenance, void_description
from .errors import Stopped
from .feeds import read_feed
from .identifiers import Minter, release_key, short_hash
from .linking import link
from .locking import build_lock_path, locked
from .mapping import merge_names
from .pipeline import REJECT_FILES, BuildResult
from .serialization import AtomicFiles, context, to_turtle, write_atomic
from .sources import (
    FEED_SUFFIXES,
    INTERNAL,
    STDIN,
    Rejected,
    check_file,
    expand_paths,
    one_line,
)
from .statistics import statistics_graph
from .validation import Report, merge_reports
from .work import (
    Cache,
    ChunkMeta,
    ExtractTask,
    RenderTask,
    Summary,
    _reference_index,
    chunk_id,
    context_triples,
    default_jobs,
    extract_task,
    focus_nodes,
    infer_fast,
    read_blocks,
    render_task,
    validate_report,
)

CACHE_DIR = ".cache"
T = TypeVar("T")
R = TypeVar("R")


# Without --jobs, fewer input files than this are built in this process: a pool
# costs more than it saves.
INLINE_BELOW = 64


@contextmanager
def _mapper(jobs: int) -> Iterator[Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]]:
    """``map`` in order over ``jobs`` processes (in this process when ``jobs`` is 1).

    Workers come from a fork server (``multiprocessing``'s "forkserver"): forked from a
    clean process that has imported aglod, never from this one, whose threads (a
    store's, a library's) could hold a lock at the moment of the fork."""
    if jobs <= 1:
        yield map
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["aglod.work"])
    with ctx.Pool(jobs) as pool:

        def run(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
            return pool.imap(fn, items, chunksize=16)

        yield run


def _extract_tasks(
    paths: list[Path], names: dict[Path, str], cache_root: str, rejected: list[Summary]
) -> Iterator[ExtractTask]:
    """A task per release to extract; what is rejected before extraction (broken feed
    lines; files too big, of an unsupported type, or not regular files, which are
    not read at all) goes to ``rejected``."""
    index = 0
    for path in expand_paths(paths):
        name = names.get(path, "<stdin>" if path == STDIN else str(path))
        if path == STDIN or path.suffix.lower() in FEED_SUFFIXES:
            for item in read_feed(path, name):
                if isinstance(item, Rejected):
                    rejected.append(Summary(index, item.source, reject=item.reason))
                else:
                    yield (index, None, item.source, item, cache_root)
                index += 1
            continue
        problem = check_file(path, name)
        if problem is not None:
            rejected.append(Summary(index, name, reject=problem))
        else:
            yield (index, path, name, None, cache_root)
        index += 1


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
    """Release keys, as ``assemble`` mints them: colliding keys get a hash of the source."""
    groups: dict[str, list[Summary]] = defaultdict(list)
    for s in good:
        groups[release_key(s.office, s.date, s.title, s.source)].append(s)
    out = []
    for key, group in sorted(groups.items()):
        for s in sorted(group, key=lambda s: s.source):
            out.append((key if len(group) == 1 else f"{key}-{short_hash(s.source)}", s))
    return out


def run_build(
    paths: list[Path],
    out: Path,
    *,
    base: str,
    source_names: dict[Path, str] | None,
    jobs: int | None,
    force: bool,
    on_error: str = "skip",
) -> BuildResult:
    """Build into ``out``, holding its lock (``locking.py``) throughout; first finish
    or clear what a build killed there left (``AtomicFiles.recover``)."""
    Minter(base)  # checks the base before anything is touched
    with locked(build_lock_path(out), f"output folder {out}"):
        AtomicFiles.recover(out)
        return _run_build(paths, out, base, source_names, jobs, force, on_error)


def _run_build(
    paths: list[Path],
    out: Path,
    base: str,
    source_names: dict[Path, str] | None,
    jobs: int | None,
    force: bool,
    on_error: str,
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
    n_jobs = jobs or default_jobs()
    if jobs is None and len(expand_paths(paths)) < INLINE_BELOW:
        n_jobs = 1

    early: list[Summary] = []  # rejected before extraction
    with _mapper(n_jobs) as pmap:
        extracted = pmap(
            extract_task, _extract_tasks(paths, source_names or {}, str(cache_root), early)
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
        summaries = sorted(summaries + early, key=lambda s: s.index)
        stage("extract")
        good = [s for s in summaries if s.reject is None]
        names = merge_names((s.source, list(s.people)) for s in good)
        keyed = _keys(good)
        tasks: list[RenderTask] = []
        for key, s in keyed:
            assert s.facts_id is not None
            used = sorted({k for k, _ in s.people})
            tasks.append(
                (s.facts_id, key, tuple((k, names[k]) for k in used), base, str(cache_root))
            )
        fresh = sum(not cache.has("chunks", chunk_id(t)) for t in tasks)
        metas = [m for m, _ in pmap(render_task, tasks)]
        stage("render")

    rejected = [Rejected(s.source, s.reject or "") for s in summaries if s.reject is not None]
    failed = [Rejected(s.source, s.reject or "") for s in summaries if _is_failure(s)]
    links = link([v for m in metas for v in m.views])
    stats = statistics_graph((t for m in metas for t in m.tallies), minter)
    stage("link")

    result = BuildResult(len(summaries), len(metas), rejected, failed, Report([], 0, 0), 0, 0)
    result.stages = stages
    result.reused = len(metas) - fresh
    _write(out, metas, links, stats, minter, cache_root, result, stage)
    # entries no build of these inputs will ask for again
    cache.prune("chunks", {m.chunk_id for m in metas})
    cache.prune("facts", {s.facts_id for s in good if s.facts_id})
    stage("write")
    return result


def _write(
    out: Path,
    metas: list[ChunkMeta],
    links: Graph,
    stats: Graph,
    minter: Minter,
    cache_root: Path,
    result: BuildResult,
    stage: Callable[[str], None],
) -> None:
    """Write the dataset files; fills in ``result``'s report and counts."""
    base = minter.base
    terms = Terms()
    pmap = prefixes(base)
    compactor = Compactor(context())
    reference = _reference_graph(base)

    # what releases share: kept once, as N-Triples lines
    ref_triples = terms.triples(reference)
    shared: set[str] = {f"{t} .\n" for t in ref_triples}
    shared_inferred: set[str] = set()
    focus_shared: set[str] = {str(n) for n in focus_nodes(reference)}
    counts = Counts()
    results = []
    for m in metas:
        shared.update(m.shared)
        shared_inferred.update(m.shared_inferred)
        focus_shared.update(m.focus_shared)
        counts.triples += m.local_triples
        counts.entities += m.local_subjects
        for c, n in m.classes.items():
            counts.classes[URIRef(c)] += n
        for p, n in m.properties.items():
            counts.properties[URIRef(p)] += n
        results.extend(m.results)
    ref_inferred = terms.triples(infer_fast(reference, base))
    shared_inferred.update(f"{t} .\n" for t in ref_inferred)
    shared_inferred -= shared
    shared_sorted = _parse_lines(shared)
    shared_inf_sorted = _parse_lines(shared_inferred)
    link_triples = terms.triples(links)
    stat_triples = terms.triples(stats)
    counts.triples += len(shared_sorted) + len(link_triples) + len(stat_triples)
    counts.entities += len({t.subject for t in shared_sorted}) + len(
        {t.subject for t in stat_triples}
    )
    for t in [*shared_sorted, *link_triples, *stat_triples]:
        counts.properties[URIRef(t.predicate.value)] += 1
        if t.predicate.value == str(RDF_TYPE):
            counts.classes[URIRef(str(t.object)[1:-1])] += 1
    ref_report = validate_report(reference)
    # the statistics, validated with the types of the reference data they point to
    # (the reference data is validated above: only the statistics' own results count)
    own = {f"<{s}>" for s in stats.subjects()}
    types = frozenset({RDF_TYPE, RDFS.subClassOf})  # what sh:class needs
    stat_report = validate_report(context_triples(set(stats), _reference_index(base), types))
    results.extend(r for r in stat_report.results if r.focus in own)
    report = merge_reports([ref_report, Report(list(set(results)), 0, 0)])
    report.focus_nodes = (
        sum(m.focus_local for m in metas) + len(focus_shared) + len(focus_nodes(stats))
    )
    report.shapes_checked = ref_report.shapes_checked
    stage("merge")

    # provenance shared by every release graph: the build activity and the software
    activity_prov = terms.triples(
        t
        for t in provenance(URIRef(base + "graph/x"), URIRef(base + "x"), "", "", minter)
        if str(t[0]) != base + "graph/x"
    )
    ref_name = terms.iri(str(minter.reference_graph()))
    links_name = terms.iri(str(minter.links_graph()))
    stats_name = terms.iri(str(minter.statistics_graph()))
    inferred_count = len(shared_inf_sorted) + sum(m.inferred_local for m in metas)
    head = turtle_head(pmap)
    with AtomicFiles(out) as files:
        ttl, trig, nq = files.open("aglod.ttl"), files.open("aglod.trig"), files.open("aglod.nq")
        jsonld, inf = files.open("aglod.jsonld"), files.open("aglod-inferred.ttl")
        for fh in (ttl, trig, inf):
            fh.write(head)
        trig.write(turtle_statements(activity_prov, pmap))
        trig.write(f"\n<{ref_name.value}> {{\n{turtle_statements(ref_triples, pmap)}}}\n\n")
        nq.write(nquads(activity_prov, None))
        nq.write(nquads(ref_triples, ref_name))
        json_parts = jsonld_document(context())
        jsonld.write(next(json_parts))
        sep = ""
        for m in metas:
            blocks = read_blocks(cache_root, m.chunk_id)
            ttl.write(blocks["ttl"])
            trig.write(blocks["trig"] + "\n")
            nq.write(blocks["nq"])
            inf.write(blocks["inferred"])
            if blocks["jsonld"]:
                jsonld.write(sep + blocks["jsonld"])
                sep = ",\n"
        rest = jsonld_block(compactor.nodes([*shared_sorted, *link_triples, *stat_triples]))
        if rest:
            jsonld.write(sep + rest)
        jsonld.write(next(json_parts))
        ttl.write(turtle_statements(shared_sorted, pmap))
        ttl.write(turtle_statements(link_triples, pmap))
        ttl.write(turtle_statements(stat_triples, pmap))
        inf.write(turtle_statements(shared_inf_sorted, pmap))
        if link_triples:
            trig.write(f"<{links_name.value}> {{\n{turtle_statements(link_triples, pmap)}}}\n")
            nq.write(nquads(link_triples, links_name))
        trig.write("\n" if link_triples else "")
        trig.write(f"<{stats_name.value}> {{\n{turtle_statements(stat_triples, pmap)}}}\n")
        nq.write(nquads(stat_triples, stats_name))
        stage("serialize")
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
        files.commit()
    _write_state(
        out,
        base,
        metas,
        {
            "shared": nt_lines(shared_sorted),
            "shared-inferred": nt_lines(shared_inf_sorted),
            "links": nt_lines(link_triples),
            "statistics": nt_lines(stat_triples),
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


STATE_FORMAT = 1


def _write_state(out: Path, base: str, metas: list[ChunkMeta], sets: dict[str, list[str]]) -> None:
    """What an incremental load needs (``store.py``): each release graph with its chunk,
    the triples the releases share, and a stamp of the files it belongs to."""
    minter = Minter(base)
    state = out / CACHE_DIR / "state"
    for name, lines in sets.items():
        write_atomic(state / f"{name}.nt", "".join(lines).encode("utf-8"), sync=False)
    doc = {
        "format": STATE_FORMAT,
        "base": base,
        "stamp": file_stamp(out / "aglod.nq"),
        "releases": [
            [str(minter.graph(m.key)), str(minter.release(m.key)), m.key, m.chunk_id] for m in metas
        ],
    }
    write_atomic(state / "manifest.json", json.dumps(doc).encode("utf-8"))


def file_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _parse_lines(lines: Iterable[str]) -> list[ox.Triple]:
    out = parse_nt(sorted(lines))
    out.sort(key=str)
    return out


def _reference_graph(base: str) -> Graph:
    from .work import _reference

    return _reference(base)


__all__ = ["run_build"]
