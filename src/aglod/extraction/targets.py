"""Who an action is aimed at: the addressees of a letter, the defendants of a suit,
the parties settling, the body whose decision a statement opposes."""

from __future__ import annotations

import re
from functools import cache

from ..gazetteer import government_bodies
from ..records import Person, Span, Target
from .places import _lookup

_CUES = {
    "Letter": r"letters?\s+(?:sent\s+)?to|sent\s+to|wrote\s+to|writing\s+to|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+on|ask(?:s|ed|ing)?|petition(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|"
    r"comments?\s+to|letter\s+to",
    "Lawsuit": r"against|su(?:e|es|ed|ing)|stop|block(?:s|ed|ing)?",
    "Charges": r"against|charg(?:e|es|ed|ing)",
    "Settlement": r"settlements?\s+(?:with|from)|from|with",
    "Judgment": r"against|halting|stops?|orders?",
    "AmicusBrief": r"against|challenging|challenge\s+to",
    "CourtFiling": r"against|changes\s+in",
    "Statement": r"opposition\s+to|statement\s+on|disagree\w*\s+with|on",
    "Agreement": r"with",
    "Investigation": r"into|of",
}
_CUE_RES = {typ: re.compile(r"(?<![\w-])(?:" + cue + r")\s+", re.I) for typ, cue in _CUES.items()}
RELATION = {
    "Letter": "addressee",
    "Lawsuit": "defendant",
    "Charges": "defendant",
    "Settlement": "defendant",
    "Judgment": "defendant",
    "AmicusBrief": "defendant",
}
_CONNECT = {"of", "the", "for", "and", "&", "de", "du", "la", "on"}
_WORD = re.compile(r"[A-Z][\w.’'&-]*|[a-z]+|[$\d][\d.,$]*|[^\s\w]")
_LEADING_THE = re.compile(r"\s*+(?:the\s++)?")
# " and " / " & " between two names; opening where the blanks open (a look-behind), so
# a search does not rescan a run of blanks from each of its characters
_AND = re.compile(r"(?<!\s)\s++(?:and|&)\s++(?:the\s++)?")
_AND_IN_NAME = re.compile(r"\s(?:and|&)\s")
_ABBR = re.compile(r"(?:[A-Z]\.){2,}|Inc\.|Co\.|Corp\.|Jr\.|Sr\.|Ltd\.|L\.P\.|St\.")


@cache
def _bodies() -> list[tuple[str, str]]:
    """(lower-case alias, key), longest aliases first."""
    pairs = [(a.lower(), b.key) for b in government_bodies() for a in (b.name, *b.aliases)]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def _chunk(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The run of capitalised words (with "of", "the", "and" between them) at ``pos``."""
    m = _LEADING_THE.match(text, pos, end)
    start = m.end() if m else pos
    i = start
    last_cap = None
    while i < end:
        ab = _ABBR.match(text, i, end)
        wm = ab or _WORD.match(text, i, end)
        if not wm:
            if text[i] in " \t\n":
                i += 1
                continue
            break
        tok = wm.group(0)
        if tok[0].isupper() or (tok.lower() in _CONNECT and last_cap is not None):
            if tok[0].isupper():
                last_cap = wm.end()
            i = wm.end()
            continue
        break
    if last_cap is None:
        return None
    return start, last_cap


@cache
def _names_with_and() -> re.Pattern[str]:
    """Body names that hold "and" ("Department of Health and Human Services")."""
    names = sorted({a for a, _key in _bodies() if _AND_IN_NAME.search(a)}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names) or r"(?!x)x", re.I)


def _parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A chunk split at " and " / " & " where both sides start a name, but not inside a
    body's own name."""
    protected = [(m.start(), m.end()) for m in _names_with_and().finditer(text, s, e)]
    out = []
    cur = s
    for m in _AND.finditer(text[s:e]):
        after = s + m.end()
        if any(ps <= s + m.start() < pe for ps, pe in protected):
            continue
        if after < e and text[after].isupper():
            out.append((cur, s + m.start()))
            cur = after
    out.append((cur, e))
    return out


def _resolve(text: str, s: int, e: int, relation: str, people: list[Person]) -> Target | None:
    phrase = " ".join(text[s:e].split())
    for suffix in ("’s", "'s"):
        if phrase.endswith(suffix):
            phrase = phrase[: -len(suffix)]
    if not phrase or phrase in _lookup():
        return None
    for p in people:
        if re.search(r"(?<!\w)" + re.escape(p.family_name) + r"(?!\w)", phrase):
            return Target(p.name, relation, Span.of(text, s, e), person=p)
    low = phrase.lower()
    for alias, key in _bodies():
        bm = re.search(r"(?<!\w)(?:u\.s\.\s+)?" + re.escape(alias) + r"(?!\w)", low)
        if (
            bm
        ):  # the body as the text names it: "U.S. Supreme Court Decision" -> "U.S. Supreme Court"
            off = len(text[s:e]) - len(text[s:e].lstrip())
            ts = s + off + bm.start()
            te = ts + (bm.end() - bm.start())
            return Target(
                " ".join(text[ts:te].split()), relation, Span.of(text, ts, te), body_key=key
            )
    if len(phrase) < 3 or phrase.lower() in {"the", "u.s.", "state", "states"}:
        return None
    return Target(phrase, relation, Span.of(text, s, e))


def find_targets(text: str, typ: str, where: list[Span], people: list[Person]) -> list[Target]:
    cue = _CUES.get(typ)
    if cue is None:
        return []
    relation = RELATION.get(typ, "target")
    rx = _CUE_RES[typ]
    out: list[Target] = []
    seen: set[str] = set()
    for s in where:
        for m in rx.finditer(text, s.start, s.end):
            chunk = _chunk(text, m.end(), s.end)
            if chunk is None:
                continue
            for ps, pe in _parts(text, *chunk):
                t = _resolve(text, ps, pe, relation, people)
                if t is not None and t.name.lower() not in seen:
                    seen.add(t.name.lower())
                    out.append(t)
        if out:
            break
    if typ == "Statement":
        return out[:1]
    return out
