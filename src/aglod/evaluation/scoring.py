"""Extraction quality against gold annotations (corpus/gold/SCHEMA.md): precision,
recall and F1 of sets, accuracy of action fields, micro-averaged over releases; the
money, cases and statutes of schema version 2 where the gold has them; a confusion
table of action types and roles; the same scores office by office."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..reference.gazetteer import government_bodies

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "―": "-"})
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def fold(value: str | None) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES)
    return " ".join(text.split()).casefold()


def surname(name: str | None) -> str | None:
    if not name:
        return None
    tokens = [t.strip(",.").casefold() for t in name.split()]
    tokens = [t for t in tokens if t and t not in _SUFFIXES]
    return tokens[-1] if tokens else None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(
        self, gold: Iterable[object], pred: Iterable[object]
    ) -> tuple[set[object], set[object]]:
        g, p = set(gold), set(pred)
        self.tp += len(g & p)
        self.fp += len(p - g)
        self.fn += len(g - p)
        return g - p, p - g

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    release_fields: dict[str, Accuracy] = field(default_factory=dict)
    sets: dict[str, Counts] = field(default_factory=dict)
    action_fields: dict[str, Accuracy] = field(default_factory=dict)
    # counterparties: recall of the gold ones (fuzzy), precision of the predicted ones
    counterparty_recall: Accuracy = field(default_factory=Accuracy)
    counterparty_precision: Accuracy = field(default_factory=Accuracy)
    # schema version 2, scored on gold files that say "schema": 2
    amounts: Counts = field(default_factory=Counts)
    case_fields: dict[str, Accuracy] = field(default_factory=dict)
    statute_recall: Accuracy = field(default_factory=Accuracy)
    statute_precision: Accuracy = field(default_factory=Accuracy)
    schema2_releases: int = 0
    # (gold, predicted) pairs of action types and roles; "(none)" for a missing side
    confusion: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    details: dict[str, list[str]] = field(default_factory=dict)
    releases: int = 0

    def table(self) -> list[tuple[str, str, float, float | None, float | None]]:
        """(field, measure, value, precision, recall) rows."""
        rows: list[tuple[str, str, float, float | None, float | None]] = []
        for name, acc in self.release_fields.items():
            rows.append((name, "accuracy", acc.value, None, None))
        for name, c in self.sets.items():
            rows.append((name, "F1", c.f1, c.precision, c.recall))
        for name, acc in self.action_fields.items():
            # action fields are named apart from the release's ("date" is in both)
            label = name if name.startswith("stated") else f"action_{name}"
            rows.append((label, "accuracy", acc.value, None, None))
        cp_p, cp_r = self.counterparty_precision.value, self.counterparty_recall.value
        rows.append(("counterparties", "recall", cp_r, cp_p, cp_r))
        if self.schema2_releases:
            a = self.amounts
            rows.append(("amounts", "F1", a.f1, a.precision, a.recall))
            for name, acc in self.case_fields.items():
                rows.append((f"case_{name}", "accuracy", acc.value, None, None))
            st_p, st_r = self.statute_precision.value, self.statute_recall.value
            f1 = 2 * st_p * st_r / (st_p + st_r) if st_p + st_r else 0.0
            rows.append(("statutes", "F1", f1, st_p, st_r))
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "releases": self.releases,
            "fields": {
                name: {
                    "measure": m,
                    "value": round(v, 4),
                    **(
                        {"precision": round(p, 4), "recall": round(r, 4)}
                        if p is not None and r is not None
                        else {}
                    ),
                }
                for name, m, v, p, r in self.table()
            },
            "confusion": {
                name: [
                    {"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(pairs.items())
                ]
                for name, pairs in self.confusion.items()
            },
        }


@cache
def _body_of() -> dict[str, str]:
    """Folded name or alias of each federal body of the reference data -> its key."""
    table = {}
    for b in government_bodies():
        for name in (b.name, *b.aliases):
            f = fold(name)
            if f:
                table[f] = b.key
                table[
                    fold(
                        re.sub(r"^(?:the\s+)?(?:u\.s\.|us|united states)\s+", "", name, flags=re.I)
                    )
                    or f
                ] = b.key
    return table


def _fuzzy(a: str, b: str) -> bool:
    """Do two names name the same party? One holds the other, they share half their
    words, or they are two names of one federal body ("EPA", "U.S. Environmental
    Protection Agency")."""
    fa, fb = fold(a) or "", fold(b) or ""
    if not fa or not fb:
        return False
    if fa in fb or fb in fa:
        return True
    ka, kb = _body_of().get(fa), _body_of().get(fb)
    if ka is not None and ka == kb:
        return True
    ta, tb = set(re.findall(r"\w+", fa)), set(re.findall(r"\w+", fb))
    return len(ta & tb) / max(1, min(len(ta), len(tb))) >= 0.5


# words every law's name may hold: two statutes do not match for sharing them
_GENERIC_LAW_WORDS = frozenset(
    [
        "act",
        "acts",
        "law",
        "laws",
        "rule",
        "rules",
        "code",
        "statute",
        "of",
        "the",
        "and",
        "to",
        "for",
        "a",
    ]
)


def _same_statute(a: str, b: str) -> bool:
    """Whether two statute names are the same law: one holds the other, or they share
    more than half of their words other than "Act", "Law", "of"… ("Clean Air Act"
    and "Clean Water Act" do not match; "the Minnesota Consumer Fraud Act" and
    "Minnesota Consumer Fraud Act" do)."""
    fa, fb = fold(a) or "", fold(b) or ""
    if not fa or not fb:
        return False
    if fa in fb or fb in fa:
        return True
    ta = set(re.findall(r"\w+", fa)) - _GENERIC_LAW_WORDS
    tb = set(re.findall(r"\w+", fb)) - _GENERIC_LAW_WORDS
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) > 0.5


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    pa, pb = set(a["participants"]), set(b["participants"])
    return len(pa & pb) / len(pa | pb) if pa | pb else 1.0


def pair_actions(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair gold and predicted actions: same type first, then the most overlapping
    participants; what is left over is paired by overlap alone."""
    free = list(range(len(pred)))
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    left: list[dict[str, Any]] = []
    for g in gold:
        same = [i for i in free if pred[i]["type"] == g["type"]]
        if same:
            best = max(same, key=lambda i: _overlap(g, pred[i]))
            free.remove(best)
            pairs.append((g, pred[best]))
        else:
            left.append(g)
    for g in left:
        if free:
            best = max(free, key=lambda i: _overlap(g, pred[i]))
            free.remove(best)
            pairs.append((g, pred[best]))
        else:
            pairs.append((g, None))
    for i in free:
        pairs.append(({"_unpaired_prediction": True}, pred[i]))
    return pairs


def score(gold_docs: dict[str, dict[str, Any]], predicted: dict[str, dict[str, Any]]) -> Scores:
    """Score predicted records against gold ones, both keyed by file name."""
    s = Scores()
    for name in ("title", "date", "office", "issuer", "dateline"):
        s.release_fields[name] = Accuracy()
    for name in ("participants", "leads", "people", "contacts"):
        s.sets[name] = Counts()
    for name in ("type", "role", "date", "stated_count"):
        s.action_fields[name] = Accuracy()
    for name in ("name", "court"):
        s.case_fields[name] = Accuracy()
    s.confusion = {"type": Counter(), "role": Counter()}
    for file, gold in sorted(gold_docs.items()):
        s.releases += 1
        notes: list[str] = []
        pred = predicted.get(file)
        if pred is None:
            notes.append("no prediction: the release was not built")
            pred = {"release": {}, "actions": [], "people": []}
        gr, pr = gold["release"], pred["release"]
        for fname in ("title", "date", "office", "dateline"):
            ok = fold(gr.get(fname)) == fold(pr.get(fname))
            s.release_fields[fname].add(ok)
            if not ok:
                notes.append(f"release.{fname}: gold {gr.get(fname)!r}, got {pr.get(fname)!r}")
        ok = surname(gr.get("issuer")) == surname(pr.get("issuer"))
        s.release_fields["issuer"].add(ok)
        if not ok:
            notes.append(f"release.issuer: gold {gr.get('issuer')!r}, got {pr.get('issuer')!r}")
        miss, extra = s.sets["contacts"].add(
            ((fold(c.get("name")), fold(c.get("phone"))) for c in gr.get("contacts", [])),
            ((fold(c.get("name")), fold(c.get("phone"))) for c in pr.get("contacts", [])),
        )
        if miss or extra:
            notes.append(
                f"contacts: missed {sorted(map(str, miss))}, extra {sorted(map(str, extra))}"
            )
        schema2 = gold.get("schema") == 2
        s.schema2_releases += schema2
        for g, p in pair_actions(gold["actions"], pred["actions"]):
            label = g.get("type", "(none)") + (f"→{p['type']}" if p else "→(none)")
            for fname in ("type", "role"):
                s.confusion[fname][(g.get(fname, "(none)"), p[fname] if p else "(none)")] += 1
            if g.get("_unpaired_prediction"):
                assert p is not None
                s.sets["participants"].add([], p["participants"])
                s.sets["leads"].add([], p["leads"])
                for _cp in p["counterparties"]:
                    s.counterparty_precision.add(False)
                if schema2:
                    s.amounts.add([], _amounts(p))
                    for _st in p.get("statutes") or []:
                        s.statute_precision.add(False)
                notes.append(f"extra action {p['type']} {p['role']} {p['participants']}")
                continue
            for fname in ("type", "role", "date", "stated_count"):
                ok = p is not None and g[fname] == p[fname]
                s.action_fields[fname].add(ok)
                if not ok:
                    notes.append(
                        f"action {label} {fname}: gold {g[fname]!r}, got "
                        f"{p[fname] if p else None!r}"
                    )
            for fname in ("participants", "leads"):
                miss, extra = s.sets[fname].add(g[fname], p[fname] if p else [])
                if miss or extra:
                    notes.append(
                        f"action {label} {fname}: missed {sorted(map(str, miss))}, "
                        f"extra {sorted(map(str, extra))}"
                    )
            gold_cps = g.get("counterparties", [])
            for cp in gold_cps:
                ok = p is not None and any(_fuzzy(cp, x) for x in p["counterparties"])
                s.counterparty_recall.add(ok)
                if not ok:
                    notes.append(
                        f"action {label} counterparty missed: {cp!r} "
                        f"(got {p['counterparties'] if p else []})"
                    )
            for cp in p["counterparties"] if p else []:
                ok = any(_fuzzy(cp, x) for x in gold_cps)
                s.counterparty_precision.add(ok)
                if not ok:
                    notes.append(f"action {label} counterparty extra: {cp!r}")
            if schema2:
                notes.extend(_score_schema2(s, label, g, p))
        miss, extra = s.sets["people"].add(
            ((surname(x["name"]), x["jurisdiction"]) for x in gold["people"]),
            ((surname(x["name"]), x["jurisdiction"]) for x in pred["people"]),
        )
        if miss or extra:
            notes.append(
                f"people: missed {sorted(map(str, miss))}, extra {sorted(map(str, extra))}"
            )
        s.details[file] = notes
    return s


def _amounts(action: dict[str, Any] | None) -> list[tuple[str, float]]:
    return [(a["kind"], float(a["value"])) for a in (action or {}).get("amounts") or []]


def _match_amounts(gold: list[tuple[str, float]], pred: list[tuple[str, float]]) -> int:
    """How many predicted (kind, value) pairs match a gold one of the same kind whose
    value is within 0.5%, each gold pair matched once."""
    free = list(gold)
    hits = 0
    for kind, value in pred:
        for i, (gkind, gvalue) in enumerate(free):
            if kind == gkind and abs(value - gvalue) <= 0.005 * abs(gvalue):
                hits += 1
                del free[i]
                break
    return hits


def _score_schema2(s: Scores, label: str, g: dict[str, Any], p: dict[str, Any] | None) -> list[str]:
    """Score a paired action's amounts, case and statutes (schema version 2); the notes
    on what was missed or extra."""
    notes: list[str] = []
    gold_amounts, pred_amounts = _amounts(g), _amounts(p)
    hits = _match_amounts(gold_amounts, pred_amounts)
    s.amounts.tp += hits
    s.amounts.fp += len(pred_amounts) - hits
    s.amounts.fn += len(gold_amounts) - hits
    if hits < max(len(gold_amounts), len(pred_amounts)):
        notes.append(f"action {label} amounts: gold {gold_amounts}, got {pred_amounts}")
    case = g.get("case")
    if case:
        got = (p or {}).get("case") or {}
        for part in ("name", "court"):
            if case.get(part):
                ok = bool(got.get(part)) and _fuzzy(case[part], got[part])
                s.case_fields[part].add(ok)
                if not ok:
                    notes.append(
                        f"action {label} case {part}: gold {case[part]!r}, got {got.get(part)!r}"
                    )
    gold_st, pred_st = g.get("statutes") or [], (p or {}).get("statutes") or []
    for st in gold_st:
        ok = any(_same_statute(st, x) for x in pred_st)
        s.statute_recall.add(ok)
        if not ok:
            notes.append(f"action {label} statute missed: {st!r}")
    for st in pred_st:
        ok = any(_same_statute(st, x) for x in gold_st)
        s.statute_precision.add(ok)
        if not ok:
            notes.append(f"action {label} statute extra: {st!r}")
    return notes


def score_by_office(
    gold_docs: dict[str, dict[str, Any]], predicted: dict[str, dict[str, Any]]
) -> dict[str, Scores]:
    """``score`` for the releases of each office (the gold's office; "??" where the
    gold names none), by office code."""
    offices: dict[str, dict[str, dict[str, Any]]] = {}
    for file, gold in gold_docs.items():
        office = gold.get("release", {}).get("office") or "??"
        offices.setdefault(office, {})[file] = gold
    return {office: score(docs, predicted) for office, docs in sorted(offices.items())}


def load_gold(folder: Path) -> dict[str, dict[str, Any]]:
    """Gold annotations of a folder (``*.json``), keyed by the release's file name."""
    out = {}
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out[doc.get("file") or path.with_suffix(".txt").name] = doc
    return out
