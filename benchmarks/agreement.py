"""Benchmark: how far two human readers of the same releases agree.

    python benchmarks/agreement.py [--second DIR] [--first DIR] [--json] [-v]

``corpus/agreement/gold/`` holds a second annotation of development releases, made
from SCHEMA.md alone by readers who never saw the first one (``corpus/dev/gold/``).
Scoring one reading against the other with ``aglod eval``'s own measures says how
well a field can be read at all: an extractor that scores at the readers' agreement
reads as well as a second careful person would, and a target above it asks for more
than the gold can tell. The second reading plays the prediction; for the set fields
F1 is symmetric, and for the accuracies it does not matter which side is which.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aglod.evaluation.scoring import load_gold, score

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--second", type=Path, default=ROOT / "corpus" / "agreement" / "gold")
    ap.add_argument("--first", type=Path, default=ROOT / "corpus" / "dev" / "gold")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="each disagreement")
    args = ap.parse_args()
    second = load_gold(args.second)
    first = {k: v for k, v in load_gold(args.first).items() if k in second}
    missing = sorted(set(second) - set(first))
    if missing or not second:
        print(
            f"{args.first}: no first reading of {', '.join(missing) or 'any release'}",
            file=sys.stderr,
        )
        return 2
    scores = score(first, second)
    fields = scores.to_json()["fields"]
    actions = sum(len(doc["actions"]) for doc in first.values())
    if args.json:
        print(json.dumps({"releases": len(first), "actions": actions, "fields": fields}, indent=2))
        return 0
    print(f"{len(first)} releases ({actions} actions) read by two annotators")
    print(f"{'field':15} {'measure':9} {'agreement':>9}")
    for name, measure, value, _p, _r in scores.table():
        print(f"{name:15} {measure:9} {value:9.3f}")
    if args.verbose:
        for file, notes in sorted(scores.details.items()):
            if notes:
                print(f"\n{file}")
                for note in notes:
                    print(f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
