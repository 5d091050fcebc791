"""Benchmark: saved Minnesota AG pages through the real pipeline, up to extraction.

    python benchmarks/mn_pages.py /path/to/mn-html [--json] [--limit N] [--show-misses K]

Reads every page listed in the folder's ``INDEX.tsv`` (file, date, title, lede, url:
the site's own listing) with ``aglod.sources.inputs``, segments and extracts each release,
and compares the extracted headline and date with the listing's. Titles are
compared after folding whitespace, case, typographic quotes and dashes
(``aglod.evaluation.scoring.fold``). The pages stay out of the repository: pass the folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from aglod.evaluation.scoring import fold
from aglod.extraction import extract
from aglod.extraction.segments import segment
from aglod.sources.inputs import Rejected
from aglod.sources.reading import read_releases


@dataclass
class Row:
    file: str
    date: date
    title: str
    url: str


@dataclass
class Result:
    read: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    title_ok: int = 0
    date_ok: int = 0
    both_ok: int = 0
    date_off_by_one: int = 0
    misses: list[dict[str, str]] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def summary(self) -> dict[str, object]:
        built = self.read - sum(self.rejected.values())
        n = max(self.read, 1)
        return {
            "pages_read": self.read,
            "pages_built": built,
            "pages_rejected": sum(self.rejected.values()),
            "rejected_reasons": dict(self.rejected.most_common()),
            "headline_agreement": round(self.title_ok / n, 4),
            "date_agreement": round(self.date_ok / n, 4),
            "both_agreement": round(self.both_ok / n, 4),
            "dates_off_by_one_day": self.date_off_by_one,
            "misses_by_kind": dict(self.kinds.most_common()),
            "pages_per_second": round(self.read / self.seconds, 1) if self.seconds else None,
            "peak_rss_mb": round(_peak_rss_mb(), 1),
        }


def read_index(folder: Path) -> list[Row]:
    """The listing's rows; its titles are HTML ("<em>Roe v. Wade</em>"): their text."""
    with (folder / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        return [
            Row(r["file"], date.fromisoformat(r["date"]), _text_of(r["title"]), r["url"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def _text_of(markup: str) -> str:
    return " ".join(LexborHTMLParser(markup).text().split())


def run(folder: Path, limit: int | None = None) -> Result:
    rows = read_index(folder)[:limit]
    by_path = {folder / r.file: r for r in rows}
    result = Result()
    start = time.perf_counter()
    for item in read_releases(list(by_path)):
        result.read += 1
        if isinstance(item, Rejected):
            result.rejected[re.sub(r"\(.*\)", "(…)", item.reason)] += 1
            result.kinds["rejected"] += 1
            result.misses.append({"file": Path(item.source).name, "kind": "rejected"})
            continue
        row = by_path[Path(item.source)]
        facts = extract(item, segment(item))
        title_ok = fold(facts.title) == fold(row.title)
        date_ok = facts.date == row.date
        result.title_ok += title_ok
        result.date_ok += date_ok
        result.both_ok += title_ok and date_ok
        if facts.date and abs((facts.date - row.date).days) == 1:
            result.date_off_by_one += 1
        if not (title_ok and date_ok):
            kind = _kind(title_ok, date_ok, facts.date, row.date)
            result.kinds[kind] += 1
            result.misses.append(
                {
                    "file": row.file,
                    "kind": kind,
                    "title": facts.title or "",
                    "listed_title": row.title,
                    "date": str(facts.date),
                    "listed_date": str(row.date),
                }
            )
    result.seconds = time.perf_counter() - start
    return result


def _kind(title_ok: bool, date_ok: bool, found: date | None, listed: date) -> str:
    kinds = [] if title_ok else ["headline"]
    if not date_ok:
        if found is None:
            kinds.append("date missing")
        elif abs((found - listed).days) == 1:
            kinds.append("date off by one day")
        else:
            kinds.append("date differs")
    return " + ".join(kinds)


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of saved pages with INDEX.tsv")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, help="read only the first N listed pages")
    parser.add_argument("--show-misses", type=int, default=0, metavar="K", help="print K misses")
    args = parser.parse_args(argv)
    if not (args.folder / "INDEX.tsv").is_file():
        parser.error(f"{args.folder}: no INDEX.tsv")
    result = run(args.folder, args.limit)
    summary = result.summary()
    if args.json:
        summary["misses"] = result.misses[: args.show_misses]
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    for key, value in summary.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for k, v in value.items():
                print(f"  {v:5}  {k}")
        else:
            print(f"{key}: {value}")
    for miss in result.misses[: args.show_misses]:
        print(f"\n{miss['file']}: {miss['kind']}")
        if "title" in miss:
            print(f"  found:  {miss['date']}  {miss['title']}")
            print(f"  listed: {miss['listed_date']}  {miss['listed_title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
