"""Benchmark: the saved queries on Oxigraph, with rdflib as the baseline.

    python benchmarks/query_speed.py --releases N [--repeat R] [--seed S] [--json]
        [--no-baseline] [--baseline-max M] [--baseline-timeout SECONDS]

Generates ``N`` synthetic releases (``benchmarks/generate.py``), builds them with the
real pipeline (``aglod.pipeline.build.assemble``; no validation, no inference: this
benchmark is about queries), writes the releases' named graphs as N-Quads (rdflib)
to a temporary folder, bulk-loads that file into
an on-disk pyoxigraph store (as ``aglod.store.embedded`` does) and, as the baseline, parses it
with rdflib and copies every quad into one rdflib ``Graph`` (the union of the
graphs). Then runs each saved query of ``queries/*.rq`` ``R`` times on Oxigraph
(``store.query(q)`` on the default graph, which holds the union of the graphs with
each triple once, as the union of the graphs aglod loads is) and on rdflib
(``graph.query(q)``), consuming every row, and prints per query the median
milliseconds of each, the ratio rdflib / Oxigraph, and the rows; then the time of
each stage, the triples and the peak RSS of the process.

The baseline is only run up to ``--baseline-max`` releases (default 10,000): rdflib's
in-memory store and its pure-Python SPARQL engine do not scale to 100,000 releases
(about 5 million triples), where parsing alone takes many minutes and several GB
and some of the saved queries take far longer still. Above that size, or with
``--no-baseline``, only Oxigraph is measured, and the output says so. A baseline
query that runs longer than ``--baseline-timeout`` seconds (default 120) is
interrupted (SIGALRM) and reported as timed out, without repeats. Each query on
Oxigraph runs in a child process on the store opened read-only, killed after
``--oxigraph-timeout`` seconds (default 300) for all its runs: with the union of the
graphs as default graph, Oxigraph does not remove the copies of a triple that several
release graphs hold, so a query whose patterns all match such triples multiplies
the copies before DISTINCT (``officials-and-posts`` at 200 releases: 239,304
solutions for 129 distinct rows).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
from rdflib import Dataset, Graph

from aglod.pipeline.build import assemble
from aglod.store.embedded import refresh_default_graph
from aglod.store.queries import saved_queries

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate


@dataclass
class QueryTiming:
    query: str
    oxigraph_ms: float | None
    oxigraph_rows: int
    oxigraph_note: str | None = None
    rdflib_ms: float | None = None
    rdflib_rows: int | None = None
    rdflib_note: str | None = None  # "timed out after 120 s", "skipped"

    @property
    def ratio(self) -> float | None:
        if self.rdflib_ms is None or not self.oxigraph_ms:
            return None
        return self.rdflib_ms / self.oxigraph_ms


@dataclass
class Result:
    releases: int
    seed: int
    repeat: int
    built: int = 0
    rejected: int = 0
    failed: int = 0
    triples_union: int | None = None
    quads: int = 0
    nquads_bytes: int = 0
    stages_s: dict[str, float] = field(default_factory=dict)
    rss_after_mb: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    baseline: str = "rdflib"
    queries: list[QueryTiming] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)


def peak_rss_mb() -> float:
    """The peak resident set size of this process so far (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_Timeout`` in the main thread after ``seconds`` (0: no limit)."""
    if seconds <= 0:
        yield
        return
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_OX_CHILD = """
import json, sys, time
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
q = open(sys.argv[2], encoding="utf-8").read()
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    res = store.query(q)
    rows = 1 if isinstance(res, ox.QueryBoolean) else sum(1 for _ in res)
    print(json.dumps([time.perf_counter() - t0, rows]), flush=True)
"""


def run_oxigraph_guarded(
    store_dir: Path, query_file: Path, repeat: int, timeout: float
) -> tuple[list[float], int, bool]:
    """Run a query ``repeat`` times in a child process on the store opened read-only,
    killed after ``timeout`` seconds in all (a Rust query cannot be interrupted from
    Python). Returns the times of the runs that finished, the rows, and whether it
    timed out."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", _OX_CHILD, str(store_dir), str(query_file), str(repeat)],
            stdout=out,
        )
        try:
            proc.wait(timeout=timeout if timeout > 0 else None)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            timed_out = True
        out.seek(0)
        runs = [json.loads(line) for line in out if line.strip()]
    return [t for t, _ in runs], (runs[-1][1] if runs else -1), timed_out


def run_rdflib(graph: Graph, query: str) -> int:
    return sum(1 for _ in graph.query(query))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def bench(args: argparse.Namespace) -> Result:
    res = Result(args.releases, args.seed, args.repeat)
    baseline = not args.no_baseline and args.releases <= args.baseline_max
    if not baseline:
        res.baseline = (
            "skipped (--no-baseline)"
            if args.no_baseline
            else f"skipped: {args.releases} releases > --baseline-max {args.baseline_max}; "
            "rdflib does not load and query this size in reasonable time"
        )

    def stage(name: str, t0: float) -> None:
        res.stages_s[name] = round(time.perf_counter() - t0, 3)
        res.rss_after_mb[name] = round(peak_rss_mb(), 1)
        print(
            f"  {name}: {res.stages_s[name]:.2f} s (peak RSS {peak_rss_mb():.0f} MB)",
            file=sys.stderr,
        )

    t0 = time.perf_counter()
    releases = generate(args.releases, args.seed)
    stage("generate", t0)

    t0 = time.perf_counter()
    b = assemble(releases)
    stage("assemble", t0)
    del releases
    res.built, res.rejected, res.failed = len(b.releases), len(b.rejected), len(b.failed)
    res.rejects = [f"{r.source}: {r.reason}" for r in b.rejected[:10]]

    with tempfile.TemporaryDirectory(prefix="aglod-qs-") as tmp:
        nq = Path(tmp) / "aglod.nq"
        t0 = time.perf_counter()
        ds = Dataset()  # one named graph per release and one for the reference data
        ref = ds.graph(b.minter.reference_graph())
        ref += b.reference
        for r in b.releases:
            named = ds.graph(r.graph_iri)
            named += r.graph
        stage("dataset", t0)
        t0 = time.perf_counter()
        data = ds.serialize(format="nquads", encoding="utf-8")
        nq.write_bytes(data)
        stage("serialize_nquads", t0)
        res.nquads_bytes = len(data)
        del data, ds, b
        gc.collect()

        t0 = time.perf_counter()
        store_dir = Path(tmp) / "store"
        store = ox.Store(str(store_dir))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        # as `aglod load` does: the default graph is the union of the graphs, each
        # triple once (the build's own default graph, the provenance, is kept in it)
        refresh_default_graph(store, clear=False)
        store.flush()
        stage("load_oxigraph", t0)
        res.quads = len(store)
        del store  # the queries run in child processes on the store opened read-only
        gc.collect()

        graph: Graph | None = None
        if baseline:
            t0 = time.perf_counter()
            parsed = Dataset()
            parsed.parse(str(nq), format="nquads")
            graph = Graph()
            for s, p, o, _g in parsed.quads((None, None, None, None)):
                graph.add((s, p, o))
            del parsed
            gc.collect()
            stage("load_rdflib", t0)
            res.triples_union = len(graph)

        for name, path in saved_queries().items():
            q = path.read_text(encoding="utf-8")
            times, rows, timed_out = run_oxigraph_guarded(
                store_dir, path, args.repeat, args.oxigraph_timeout
            )
            qt = QueryTiming(name, _ms(statistics.median(times)) if times else None, rows)
            if timed_out:
                qt.oxigraph_note = (
                    f"killed after {args.oxigraph_timeout:g} s ({len(times)} runs done)"
                )
            if graph is not None:
                times = []
                try:
                    for _ in range(args.repeat):
                        t0 = time.perf_counter()
                        with time_limit(args.baseline_timeout):
                            qt.rdflib_rows = run_rdflib(graph, q)
                        times.append(time.perf_counter() - t0)
                except _Timeout:
                    qt.rdflib_note = f"timed out after {args.baseline_timeout:g} s"
                if times:
                    qt.rdflib_ms = _ms(statistics.median(times))
            else:
                qt.rdflib_note = "skipped"
            res.queries.append(qt)
            print(f"  query {name}: done", file=sys.stderr)
        del graph
    res.peak_rss_mb = round(peak_rss_mb(), 1)
    return res


def to_json(res: Result) -> str:
    doc = asdict(res)
    for q, qt in zip(doc["queries"], res.queries, strict=True):
        q["ratio"] = None if qt.ratio is None else round(qt.ratio, 2)
    return json.dumps(doc, indent=2)


def to_table(res: Result) -> str:
    head = ("query", "oxigraph ms", "rdflib ms", "ratio", "rows")
    rows: list[tuple[str, ...]] = []
    for q in res.queries:
        rd = f"{q.rdflib_ms:.1f}" if q.rdflib_ms is not None else (q.rdflib_note or "-")
        if q.rdflib_ms is not None and q.rdflib_note:
            rd += f" ({q.rdflib_note})"
        ratio = f"{q.ratio:.1f}x" if q.ratio is not None else "-"
        n = str(q.oxigraph_rows)
        if q.rdflib_rows is not None and q.rdflib_rows != q.oxigraph_rows:
            n += f" (rdflib {q.rdflib_rows})"
        ox_ms = f"{q.oxigraph_ms:.1f}" if q.oxigraph_ms is not None else "-"
        if q.oxigraph_note:
            ox_ms += f" ({q.oxigraph_note})"
        rows.append((q.query, ox_ms, rd, ratio, n))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    out = [
        f"releases {res.releases} (seed {res.seed}): built {res.built}, rejected "
        f"{res.rejected}, failed {res.failed}; quads {res.quads}"
        + (f", union triples {res.triples_union}" if res.triples_union is not None else "")
        + f"; N-Quads {res.nquads_bytes / 1e6:.1f} MB; medians of {res.repeat} runs",
        f"baseline: {res.baseline}",
        "",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out.append("")
    out += [
        f"{k:>18}: {v:9.2f} s   (peak RSS after: {res.rss_after_mb[k]:.0f} MB)"
        for k, v in res.stages_s.items()
    ]
    out.append(f"peak RSS: {res.peak_rss_mb:.0f} MB")
    out += [f"reject: {r}" for r in res.rejects]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--releases", type=int, required=True, help="how many synthetic releases")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--no-baseline", action="store_true", help="measure Oxigraph only")
    ap.add_argument(
        "--baseline-max", type=int, default=10_000, help="largest N for the rdflib baseline"
    )
    ap.add_argument(
        "--oxigraph-timeout",
        type=float,
        default=300.0,
        help="seconds for all runs of one query on Oxigraph before it is killed (0: none)",
    )
    ap.add_argument(
        "--baseline-timeout",
        type=float,
        default=120.0,
        help="seconds per rdflib query run before giving up on it (0: none)",
    )
    args = ap.parse_args(argv)
    if args.releases < 1 or args.repeat < 1:
        ap.error("--releases and --repeat must be at least 1")
    res = bench(args)
    print(to_json(res) if args.json else to_table(res), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
