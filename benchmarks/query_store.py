"""Time every saved query on an embedded store that ``aglod load --store`` filled.

    python benchmarks/query_store.py STORE [--repeat 3] [--json]

Each query runs ``--repeat`` times on the store opened read-only (after one warm-up
run); the table gives the median, the fastest and slowest run, and the rows. The
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

from aglod.queries import saved_queries


@dataclass
class Timing:
    query: str
    median_ms: float
    min_ms: float
    max_ms: float
    rows: int


def time_queries(store_dir: Path, repeat: int = 3) -> list[Timing]:
    store = ox.Store.read_only(str(store_dir))
    out = []
    for name, path in sorted(saved_queries().items()):
        text = path.read_text(encoding="utf-8")
        rows = _run(store, text)  # warm-up
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            rows = _run(store, text)
            runs.append((time.perf_counter() - start) * 1000)
        out.append(Timing(name, statistics.median(runs), min(runs), max(runs), rows))
    return out


def _run(store: ox.Store, text: str) -> int:
    result = store.query(text)
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
