"""End-to-end build benchmark: N synthetic releases (or a folder of real pages) through
``aglod build`` (extract -> RDF -> OWL RL -> SHACL -> Turtle, JSON-LD, TriG, N-Quads)
and ``aglod load --store`` (the embedded Oxigraph store), with the naive baseline.

    python benchmarks/pipeline.py --releases N [--baseline] [--json] [--jobs J]
    python benchmarks/pipeline.py --pages ../shared/corpus/mn-html [--json]
    python benchmarks/pipeline.py --releases N --rebuild-one   # incremental rebuild
    python benchmarks/pipeline.py --releases N --queries       # saved queries on the store

Each command runs in a child process; peak RSS is the largest sum, over the child and
its worker processes, of their resident set sizes sampled every 0.1 s (a conservative
figure: pages shared by forked workers are counted in each). Stage times are the
build's own (``aglod build --json``).

The naive baseline (``--baseline``) is what a first version would do: every release's
graph in one rdflib graph, OWL RL by owlrl and SHACL by pySHACL over the whole graph,
then rdflib's serializers. It runs in the same way, with a time limit (default: 12x
the aglod build, at least 60 s); a baseline stopped at the limit is reported as such,
and the ratio as a lower bound (">=").

``--rebuild-one`` builds N releases, loads them, then, ``--rebuild-rounds`` times
(default 5), changes one release's text and times the rebuild and the reload; it shows
the round of median total, and checks that the rebuilt files are the same bytes as a
build from scratch of the changed input.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from generate import generate

OUTPUTS = ("aglod.ttl", "aglod.jsonld", "aglod.trig", "aglod.nq.gz", "aglod-inferred.ttl")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mib(root: int) -> float:
    kids = _children()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo.extend(kids.get(pid, []))
    return total / 1024


@dataclass
class Run:
    command: str
    wall_s: float
    peak_rss_mib: float
    returncode: int
    finished: bool = True
    stdout: str = ""
    stderr: str = ""


def run(cmd: list[str], timeout: float | None = None) -> Run:
    """Run ``cmd``, sampling the peak RSS of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mib(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    finished = True
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        finished = False
        for pid in _descendants(proc.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    return Run(" ".join(cmd), wall, peak, proc.returncode, finished, out, err)


def _descendants(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        for k in kids.get(pid, []):
            out.append(k)
            todo.append(k)
    return out


BASELINE = r"""
import sys, time, json
from pathlib import Path
from aglod.pipeline.build import assemble
from aglod.sources.reading import read_releases
from aglod.reasoning.inference import infer
from aglod.validation.shacl import validate
from rdflib import Dataset
t = {}
c = time.perf_counter()
b = assemble(read_releases([Path(sys.argv[1])]))
union = b.union()
t["extract+map"] = time.perf_counter() - c; c = time.perf_counter()
inferred = infer(union)
t["owlrl"] = time.perf_counter() - c; c = time.perf_counter()
report = validate(union)
t["pyshacl"] = time.perf_counter() - c; c = time.perf_counter()
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
ds = Dataset()  # one named graph per release and one for the reference data
ref = ds.graph(b.minter.reference_graph())
ref += b.reference
for r in b.releases:
    named = ds.graph(r.graph_iri)
    named += r.graph
(out / "aglod.ttl").write_bytes(union.serialize(format="turtle", encoding="utf-8"))
(out / "aglod.jsonld").write_bytes(union.serialize(format="json-ld", encoding="utf-8"))
(out / "aglod.nq").write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
t["serialize"] = time.perf_counter() - c
print(json.dumps({"stages": t, "triples": len(union), "inferred": len(inferred)}))
"""


@dataclass
class Result:
    releases: int
    input: str
    jobs: int | None
    wall_s: float = 0.0
    peak_rss_mib: float = 0.0
    releases_per_s: float = 0.0
    built: int = 0
    rejected: int = 0
    triples: int = 0
    inferred_triples: int = 0
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    baseline: dict[str, object] | None = None
    ratio: float | None = None
    ratio_is_lower_bound: bool = False
    rebuild: dict[str, object] | None = None
    store_floor: dict[str, object] | None = None
    queries: list[dict[str, object]] | None = None
    store_quads: int = 0  # quads in the store after the load
    quads_per_release: float = 0.0


def aglod(*args: str) -> list[str]:
    return [sys.executable, "-m", "aglod", "--quiet", *args]


def bench(args: argparse.Namespace, work: Path) -> Result:
    if args.pages:
        src = Path(args.pages)
        n = sum(1 for p in src.iterdir() if p.suffix.lower() in (".html", ".htm", ".asp"))
    else:
        src = work / "in"
        src.mkdir()
        for r in generate(args.releases, args.seed):
            (src / Path(r.source).name).write_text(r.text, encoding="utf-8")
        n = args.releases
    res = Result(n, str(src), args.jobs)
    out, store = work / "out", work / "store"
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    b = run(aglod("build", str(src), "--out", str(out), "--json", *jobs))
    if b.returncode not in (0, 1, 2):
        raise SystemExit(f"build failed ({b.returncode}):\n{b.stderr[-3000:]}")
    summary = json.loads(b.stdout)
    res.built, res.rejected = summary["built"], summary["rejected"]
    res.triples, res.inferred_triples = summary["triples"], summary["inferred_triples"]
    order = ["extract", "render", "link", "merge", "serialize", "write"]
    stages = sorted(summary["stages"].items(), key=lambda kv: ([*order, kv[0]]).index(kv[0]))
    for name, secs in stages:
        res.stages[name] = {"wall_s": secs, "releases_per_s": n / secs if secs else 0.0}
    res.stages["build (total)"] = {
        "wall_s": b.wall_s,
        "releases_per_s": n / b.wall_s,
        "peak_rss_mib": b.peak_rss_mib,
    }
    load = run(aglod("load", "--store", str(store), "--from", str(out), "--json"))
    if load.returncode != 0:
        raise SystemExit(f"load failed ({load.returncode}):\n{load.stderr[-3000:]}")
    res.store_quads = int(json.loads(load.stdout)["quads"])
    res.quads_per_release = res.store_quads / max(1, res.built)
    res.stages["load store"] = {
        "wall_s": load.wall_s,
        "releases_per_s": n / load.wall_s,
        "peak_rss_mib": load.peak_rss_mib,
    }
    res.wall_s = b.wall_s + load.wall_s
    res.peak_rss_mib = max(b.peak_rss_mib, load.peak_rss_mib)
    res.releases_per_s = n / res.wall_s
    if args.store_floor:
        res.store_floor = store_floor(store, work)
    if args.queries:
        from query_store import time_queries

        res.queries = [asdict(t) for t in time_queries(store, args.repeat)]
    if args.rebuild_one:
        res.rebuild = rebuild_one(src, out, store, work, jobs, args.rebuild_rounds)
    if args.baseline:
        limit = args.baseline_timeout or max(60.0, 12 * res.wall_s)
        base = run([sys.executable, "-c", BASELINE, str(src), str(work / "naive")], limit)
        info: dict[str, object] = {
            "wall_s": base.wall_s,
            "peak_rss_mib": base.peak_rss_mib,
            "finished": base.finished and base.returncode == 0,
            "time_limit_s": limit,
        }
        if base.finished and base.returncode == 0:
            info["stages"] = json.loads(base.stdout)["stages"]
        elif base.finished:
            info["error"] = base.stderr[-2000:]
        res.baseline = info
        res.ratio = base.wall_s / res.wall_s
        res.ratio_is_lower_bound = not base.finished
    return res


# Oxigraph alone: a fresh store bulk-loads an N-Quads file (no aglod code)
FLOOR = """
import json, sys, pyoxigraph as ox
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
print(json.dumps({"quads": len(store)}))
"""


# the triples of an N-Quads file, one N-Triples line each, whatever their graph
TRIPLES = """
import sys, pyoxigraph as ox
out = sys.stdout
for q in ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_QUADS):
    out.write(str(q.triple) + "\\n")
"""


def distinct_triples(dump: Path) -> int:
    """How many distinct triples an N-Quads file holds: its triples streamed through
    ``sort -u | wc -l`` (an external sort: memory stays bounded at any size)."""
    env = dict(os.environ, LC_ALL="C")
    triples = subprocess.Popen([sys.executable, "-c", TRIPLES, str(dump)], stdout=subprocess.PIPE)
    unique = subprocess.Popen(
        ["sort", "-u", "-S", "512M", "-T", str(dump.parent)],
        stdin=triples.stdout,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert triples.stdout is not None and unique.stdout is not None
    triples.stdout.close()  # sort holds the pipe now
    count = subprocess.run(["wc", "-l"], stdin=unique.stdout, capture_output=True, check=True)
    unique.stdout.close()
    if triples.wait() != 0 or unique.wait() != 0:
        raise SystemExit("counting the distinct triples failed")
    return int(count.stdout.split()[0])


def store_floor(store: Path, work: Path) -> dict[str, object]:
    """What the store alone needs to load the quads aglod loaded: the loaded store is
    dumped as N-Quads (not timed), then a new process bulk-loads that file into a new
    store with Oxigraph's own loader (timed). No loader can do much better than this
    on the machine; the load stage is compared with it."""
    dump = work / "floor.nq"
    dump_code = (
        "import sys, pyoxigraph as ox; ox.Store.read_only(sys.argv[1])"
        ".dump(sys.argv[2], format=ox.RdfFormat.N_QUADS)"
    )
    d = run([sys.executable, "-c", dump_code, str(store), str(dump)])
    if d.returncode != 0:
        raise SystemExit(f"dump failed ({d.returncode}):\n{d.stderr[-3000:]}")
    target = work / "floor-store"
    shutil.rmtree(target, ignore_errors=True)
    f = run([sys.executable, "-c", FLOOR, str(dump), str(target)])
    if f.returncode != 0:
        raise SystemExit(f"floor load failed ({f.returncode}):\n{f.stderr[-3000:]}")
    quads = int(json.loads(f.stdout)["quads"])
    distinct = distinct_triples(dump)
    dump.unlink()
    shutil.rmtree(target, ignore_errors=True)
    return {
        "quads": quads,
        "distinct_triples": distinct,
        "wall_s": f.wall_s,
        "quads_per_s": quads / f.wall_s,
        "peak_rss_mib": f.peak_rss_mib,
    }


def rebuild_one(
    src: Path, out: Path, store: Path, work: Path, jobs: list[str], rounds: int
) -> dict[str, object]:
    """Change one release, rebuild and reload, ``rounds`` times (each time another
    release); then compare the files with a build from scratch of the changed input."""
    files = sorted(src.iterdir())
    runs = []
    for i in range(rounds):
        victim = files[(len(files) // 2 + 997 * i) % len(files)]
        text = victim.read_text(encoding="utf-8")
        victim.write_text(
            text + f"\nA line added to change this release ({i}).\n", encoding="utf-8"
        )
        b = run(aglod("build", str(src), "--out", str(out), "--json", *jobs))
        summary = json.loads(b.stdout)
        load = run(aglod("load", "--store", str(store), "--from", str(out)))
        if load.returncode != 0:
            raise SystemExit(f"reload failed ({load.returncode}):\n{load.stderr[-3000:]}")
        runs.append(
            {
                "changed": victim.name,
                "rebuild_s": b.wall_s,
                "reload_s": load.wall_s,
                "total_s": b.wall_s + load.wall_s,
                "reused": summary.get("reused"),
                "unread": summary.get("unread"),
                "copied_bytes": summary.get("copied_bytes"),
                "stages": summary["stages"],
            }
        )
    clean = work / "clean"
    run(aglod("build", str(src), "--out", str(clean), "--force", *jobs))
    same = all(
        (out / name).read_bytes() == (clean / name).read_bytes()
        for name in (*OUTPUTS, "void.ttl", "validation.json", "build.json")
    )
    median = sorted(runs, key=lambda r: float(r["total_s"]))[len(runs) // 2]
    return {
        **median,
        "rounds": rounds,
        "median_of": "total_s",
        "totals_s": [r["total_s"] for r in runs],
        "identical_to_clean_build": same,
    }


def table(res: Result) -> str:
    lines = [
        f"aglod build + load: {res.releases} releases ({res.built} built, {res.rejected} rejected), "
        f"jobs={res.jobs or 'all cores'}, {res.triples:,} triples (+{res.inferred_triples:,} inferred)",
        "",
        f"{'stage':<18} {'wall s':>9} {'releases/s':>11} {'peak RSS MiB':>13}",
    ]
    for name, st in res.stages.items():
        rss = st.get("peak_rss_mib")
        lines.append(
            f"{name:<18} {st['wall_s']:>9.2f} {st['releases_per_s']:>11.0f} "
            f"{'' if rss is None else f'{rss:.0f}':>13}"
        )
    lines.append(
        f"{'total':<18} {res.wall_s:>9.2f} {res.releases_per_s:>11.0f} {res.peak_rss_mib:>13.0f}"
    )
    if res.baseline is not None:
        b = res.baseline
        lines.append("")
        state = "finished" if b["finished"] else f"stopped at the {b['time_limit_s']:.0f} s limit"
        lines.append(
            f"naive baseline (one rdflib graph, whole-graph owlrl + pySHACL): "
            f"{b['wall_s']:.1f} s, {state}, peak RSS {b['peak_rss_mib']:.0f} MiB"
        )
        if "stages" in b:
            lines.append(
                "  " + ", ".join(f"{k} {v:.1f} s" for k, v in b["stages"].items())  # type: ignore[attr-defined]
            )
        assert res.ratio is not None
        lines.append(
            f"ratio baseline/aglod: {'>=' if res.ratio_is_lower_bound else ''}{res.ratio:.1f}x"
        )
    if res.store_floor is not None:
        f = res.store_floor
        load_s = res.stages["load store"]["wall_s"]
        lines.append("")
        lines.append(
            f"store floor (Oxigraph's bulk loader alone, the same {int(f['quads']):,} quads "  # type: ignore[call-overload]
            f"as one N-Quads file): {f['wall_s']:.1f} s, {f['quads_per_s']:,.0f} quads/s, "
            f"peak RSS {f['peak_rss_mib']:.0f} MiB; load stage / floor: "
            f"{load_s / float(f['wall_s']):.2f}"  # type: ignore[arg-type]
        )
        lines.append(
            f"store: {int(f['quads']):,} quads for {int(f['distinct_triples']):,} distinct "  # type: ignore[call-overload]
            f"triples (ratio {int(f['quads']) / max(1, int(f['distinct_triples'])):.3f}), "  # type: ignore[call-overload]
            f"{res.quads_per_release:.0f} quads per release built"
        )
    if res.queries is not None:
        from query_store import Timing
        from query_store import table as query_table

        lines.append("")
        lines.append(query_table([Timing(**q) for q in res.queries]))  # type: ignore[arg-type]
    if res.rebuild is not None:
        r = res.rebuild
        lines.append("")
        totals = ", ".join(f"{t:.2f}" for t in r.get("totals_s", []))  # type: ignore[attr-defined]
        lines.append(
            f"one release changed (median of {r.get('rounds', 1)} rounds: {totals} s): "
            f"rebuild {r['rebuild_s']:.2f} s + reload {r['reload_s']:.2f} s "
            f"= {r['total_s']:.2f} s; reused {r['reused']}; unread {r.get('unread')}; "
            f"copied {int(r.get('copied_bytes') or 0) / 2**20:.0f} MiB; "
            f"identical to a clean build: {r['identical_to_clean_build']}"
        )
        stages = r["stages"]
        assert isinstance(stages, dict)
        lines.append(
            "  rebuild stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--releases", type=int, help="how many synthetic releases")
    what.add_argument("--pages", help="a folder of real pages to build instead")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: all)")
    ap.add_argument("--baseline", action="store_true", help="also run the naive baseline")
    ap.add_argument("--baseline-timeout", type=float, default=None, help="seconds")
    ap.add_argument("--rebuild-one", action="store_true", help="time an incremental rebuild")
    ap.add_argument(
        "--rebuild-rounds", type=int, default=5, help="rebuilds timed (the median is shown)"
    )
    ap.add_argument(
        "--store-floor",
        action="store_true",
        help="also time Oxigraph's bulk loader alone on the same quads",
    )
    ap.add_argument("--queries", action="store_true", help="time the saved queries on the store")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (median)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = ap.parse_args(argv)
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        res = bench(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="aglod-bench-") as tmp:
            res = bench(args, Path(tmp))
    print(json.dumps(asdict(res), indent=2) if args.json else table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
