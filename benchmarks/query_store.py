"""Time every saved query on an embedded store that ``aglod load --store`` filled.

    python benchmarks/query_store.py STORE [--repeat 3] [--json]

Each query runs ``--repeat`` times on the store opened read-only (after one warm-up
run); the table gives the median, the fastest and slowest run, and the rows.
``actions-against-federal-targets`` asks about one target (default "Donald Trump",
whom synthetic releases may never name): it is also timed for the target
``federal-targets`` ranks first, the one with the most rows. The
time includes reading every row of the result into Python, as ``aglod query`` does.
``benchmarks/pipeline.py --queries`` runs this after its load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from aglod.store.queries import saved_queries


@dataclass
class Timing:
    query: str
    median_ms: float
    min_ms: float
    max_ms: float
    rows: int


def time_queries(store_dir: Path, repeat: int = 3) -> list[Timing]:
    store = ox.Store.read_only(str(store_dir))
    queries = {name: path.read_text(encoding="utf-8") for name, path in saved_queries().items()}
    busiest = _busiest_target(store, queries.get("federal-targets"))
    default = '("Donald Trump" "US")'
    text = queries.get("actions-against-federal-targets", "")
    if busiest and default in text:
        name = f"actions-against-federal-targets ({busiest})"
        queries[name] = text.replace(default, f'("{busiest}" "US")')
    out = []
    for name, text in sorted(queries.items()):
        rows = _run(store, text)  # warm-up
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = _run(store, text)
            runs.append((time.perf_counter() - start) * 1000)
        out.append(Timing(name, statistics.median(runs), min(runs), max(runs), rows))
    return out


def _busiest_target(store: ox.Store, federal_targets: str | None) -> str | None:
    """The name of the federal target with the most actions (first row), if plain."""
    if federal_targets is None:
        return None
    result = store.query(federal_targets, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        name = row["target"]
        if isinstance(name, ox.Literal) and '"' not in name.value and "\\" not in name.value:
            return name.value
        return None
    return None


def _run(store: ox.Store, text: str) -> int:
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions), "saved queries are SELECT queries"
    return len(list(result))


def table(timings: list[Timing]) -> str:
    lines = [f"{'saved query':<48} {'median ms':>10} {'min':>8} {'max':>8} {'rows':>8}"]
    for t in timings:
        lines.append(
            f"{t.query:<48} {t.median_ms:>10.1f} {t.min_ms:>8.1f} {t.max_ms:>8.1f} {t.rows:>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    timings = time_queries(args.store, args.repeat)
    print(json.dumps([asdict(t) for t in timings], indent=2) if args.json else table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
