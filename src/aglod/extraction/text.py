"""Text helpers for extraction: sentences, number words, background sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..dates import MONTHS
from ..records import Segments, Span
from .lines import paragraphs
from .segments import capitalised, case_words, is_label

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
for _t, _w in enumerate(_TENS):
    if _w:
        NUMBER_WORDS[_w] = _t * 10
        for _u in range(1, 10):
            NUMBER_WORDS[f"{_w}-{_UNITS[_u]}"] = _t * 10 + _u
            NUMBER_WORDS[f"{_w} {_UNITS[_u]}"] = _t * 10 + _u


def literal_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest first where one is a
    prefix of another: the words as a trie ("twenty(?:[- ](?:one|two|...))?"), which
    Python's engine tries ~10x faster than their plain alternation (it would try each
    of ~180 number words at every word boundary)."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


NUMBER = r"(?:\d{1,3}|" + literal_alternation(NUMBER_WORDS) + r")"


def number_value(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


# A sentence ends at . ! ? (and a closing quote) followed by space and a capital or
# quote; abbreviations such as "U.S." or "Gov." or "Inc." do not end one.
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|D\.C|Gov|Lt|Sen|Rep|Gen|Jr|Sr|Inc|Co|Corp|Ltd|L\.P|No|St|Mr|Mrs|Ms|Dr|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|v|vs|[A-Z])\.)$"
)
_SENT_END = re.compile(r"[.!?][”’\"')]*(?=\s+[“‘\"(]?[A-Z0-9])")


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of ``text[span.start:span.end]`` (also split at blank lines)."""
    out: list[Span] = []
    start = span.start
    for m in _SENT_END.finditer(text, span.start, span.end):
        if _ABBREV.search(text, max(span.start, m.start() - 6), m.start() + 1):
            continue
        end = m.end()
        out.extend(_split_blank(text, start, end))
        start = end
    out.extend(_split_blank(text, start, span.end))
    return out


# a run of text without a blank line: a newline counts only where blanks up to the
# next newline do not follow it (not "\s*\n", which rescans a run of blank lines)
_NO_BLANK_LINE = re.compile(r"(?:[^\n]|\n(?![^\S\n]*+\n))+")


def _split_blank(text: str, start: int, end: int) -> list[Span]:
    out = []
    for part in _NO_BLANK_LINE.finditer(text[start:end]):
        s, e = start + part.start(), start + part.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Span.of(text, s, e))
    return out


_BACKGROUND = re.compile(
    r"\b(?:last\s+(?:week|month|year|spring|summer|fall|winter|monday|tuesday|wednesday|"
    r"thursday|friday)|previously|recently|earlier\s+this\s+(?:week|month|year)|"
    r"have\s+since|has\s+since|in\s+the\s+past|prior\s+to|already\s+(?:filed|sued|joined)|"
    r"years?\s+ago|months?\s+ago|weeks?\s+ago)\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"\b(?P<month>"
    + "|".join(sorted((k for k in MONTHS if len(k) > 3), key=len, reverse=True))
    + r")\.?\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d{2})\b",
    re.I,
)
# A sentence that opens on an earlier time: "In 2021, ...", "On March 9, 2020, ...",
# "- On January 23, 2020, Attorney General ..."
_OPENS_IN_YEAR = re.compile(
    r"^[\s\-–—•*]*(?:[Bb]ack\s+)?(?:[Ii]n|[Oo]n|[Ss]ince|[Dd]uring|[Bb]y)\s+(?:[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?)?"
    r"((?:19|20)\d{2})\b"
)


# "In April, ...": a month without a year, whose events lie before the release unless it
# is the release's month
_OPENS_IN_MONTH = re.compile(
    r"^\W{0,3}(?:[Ii]n|[Ee]arlier\s+in|[Bb]ack\s+in)\s+(January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b(?![ \t]*+\d)"
)
# "In 2019, ...", "In March ...", "Last year ...", "Previously, ...", "Since 2020 ..."
_OPENS_ON_THE_PAST = re.compile(
    r"^\W{0,3}(?:in\s+(?:19|20)\d\d|in\s+(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)|last\s+(?:year|month|week)|earlier\s+this|"
    r"previously|in\s+the\s+past|since\s+(?:19|20)\d\d)\b",
    re.I,
)


def opens_on_the_past(sentence: str) -> bool:
    """Does the sentence open on a time before the release ("In 2019, ...", "In March,
    ...", "Last year ...", "Previously ...")? Unlike :func:`is_background` it needs no
    release date: a sentence that sets its scene in a named month or year before
    naming leads tells of an earlier coalition."""
    return bool(_OPENS_ON_THE_PAST.match(sentence))


def is_background(sentence: str, release_date: date | None) -> bool:
    """Does this sentence tell of earlier events rather than what the release announces?
    Time words of the past ("last week", "recently", "have since") and sentences that
    open on an earlier year; a year elsewhere in a sentence ("a rule finalized in
    2017") does not make it background."""
    if _BACKGROUND.search(sentence):
        return True
    mm = _OPENS_IN_MONTH.match(sentence)
    if mm and release_date is not None and MONTHS[mm.group(1).lower()] != release_date.month:
        return True  # "In April, the coalition urged ..." in a June release
    m = _OPENS_IN_YEAR.match(sentence)
    return bool(m and release_date is not None and int(m.group(1)) < release_date.year)


def is_earlier(sentence: str, release_date: date | None) -> bool:
    """Does the sentence date what it tells more than a week before the release ("filed a
    lawsuit … in April 2025")? Such a sentence still describes the coalition, but
    announces no action of this release."""
    if release_date is None:
        return False
    for m in _MONTH_YEAR.finditer(sentence):
        month = MONTHS[m.group("month").lower().rstrip(".")]
        year = int(m.group("year"))
        day = int(m.group("day")) if m.group("day") else 28
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if (release_date - when).days > 7:
            return True
    return False


def _dek_paragraphs(text: str, seg: Segments) -> list[Span]:
    """Subtitles between the headline and the lead ("Joins coalition of 22 ...")."""
    if seg.headline is None or seg.lead is None or seg.lead.start <= seg.headline.end:
        return []
    return [
        p
        for p in paragraphs(text, seg.headline.end, seg.lead.start)
        if not is_label(p.quote.split("\n", 1)[0])
    ]


def announcing_sentences(text: str, seg: Segments, released: date | None) -> list[Span]:
    """Where a release announces what it is about: the headline, its subtitles, and the
    non-background sentences of the lead paragraph."""
    out: list[Span] = []
    if seg.headline:
        out.append(seg.headline)
    out.extend(_dek_paragraphs(text, seg))
    if seg.lead:
        out.extend(s for s in sentences(text, seg.lead) if not is_background(s.quote, released))
    return out


def body_sentences(text: str, seg: Segments, released: date | None) -> list[Span]:
    """The announcing sentences, then the non-background sentences of the rest of the body."""
    out = announcing_sentences(text, seg, released)
    for par in seg.paragraphs:
        if seg.lead and par.start == seg.lead.start:
            continue
        out.extend(s for s in sentences(text, par) if not is_background(s.quote, released))
    return out


def fold(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())


def title_case(sentence: str) -> bool:
    """Is the sentence a headline set in title case ("Sues Eight Drug Makers Over ...")?
    Then capitals do not tell a name from the words around it."""
    words = case_words(sentence)
    return len(words) >= 4 and capitalised(words)
