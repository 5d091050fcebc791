"""Jurisdictions in text: every mention, and the lists that name a coalition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..records import Span
from ..reference.gazetteer import jurisdictions


@dataclass(frozen=True)
class Mention:
    code: str
    span: Span


@cache
def _mention_re() -> re.Pattern[str]:
    names: set[str] = set()
    for j in jurisdictions():
        for name in (j.name, *j.aliases):
            names.add(name)
            if name.lower().startswith("the "):
                names.add(name[4:])
    # case-sensitive: jurisdictions are proper nouns; longest names first
    # a name may wrap over a line break: "North\nCarolina"
    alts = sorted((re.escape(n).replace(r"\ ", r"\s+") for n in names), key=len, reverse=True)
    # the names' first letters tested first spare most positions the ~200 alternatives
    first = "".join(sorted({re.escape(n[0]) for n in names}))
    return re.compile(r"(?<![\w.])(?=[" + first + r"])(?:" + "|".join(alts) + r")(?![\w])")


@cache
def lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for j in jurisdictions():
        for name in (j.name, *j.aliases):
            table[name] = j.usps
            if name.lower().startswith("the "):
                table[name[4:]] = j.usps
    return table


# Proper nouns that contain a state's name but are not the state itself.
_NOT_THE_STATE_BEFORE = re.compile(
    r"(?:District|Court|University|Bank|Circuit|County|Division|Eastern|Western|Northern|"
    r"Southern|Middle|Central)\s+(?:of\s+)?(?:the\s+)?$"
)


# "District" alone is the District of Columbia ("the District's residents"), but not
# the first word of another name: "District Attorneys", "District Court", "District of
# Arizona"
_DISTRICT_OF_SOMETHING = re.compile(r"(?<![ \t])[ \t]++(?:[A-Z]|of\b)")


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Jurisdiction names in ``text[start:end]``, longest match first, in order."""
    stop = len(text) if end is None else end
    table = lookup()
    out: list[Mention] = []
    for m in _mention_re().finditer(text, start, stop):
        if _NOT_THE_STATE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        if m.group(0) == "District" and _DISTRICT_OF_SOMETHING.match(text, m.end()):
            continue
        out.append(Mention(table[" ".join(m.group(0).split())], Span.of(text, m.start(), m.end())))
    return out


# possessive blanks: "\s*(?:…)?\s*" would split a long run of blanks every way
_SEPARATOR = re.compile(
    r"^\s*+(?:(?:,|;|&|,?\s*+and|,?\s*+as\s++well\s++as)\s*+)?(?:the\s++)?$", re.I
)


def enumerations(text: str, found: list[Mention]) -> list[list[Mention]]:
    """Runs of mentions joined only by commas, "and", "&" or semicolons."""
    runs: list[list[Mention]] = []
    for mention in found:
        if runs and _SEPARATOR.match(text[runs[-1][-1].span.end : mention.span.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


# Words right before a list that say the list names a coalition.
LIST_CUE = re.compile(
    r"(?:attorneys?[\s-]+general|\bAGs?'?s?|officials?)\s+(?:of|from|in)\s+(?:the\s+)?$"
    r"|\b(?:state|states|commonwealth|territory|territories)\s+of\s+(?:the\s+)?$"
    r"|\b(?:led|co-led|co-leading|leading|joined|joining|joins|signed|along\s+with|together\s+"
    r"with|alongside|including|includes|are|were)\s+(?:by\s+)?(?:the\s+)?$"
    r"|\bother\s+(?:states|attorneys\s+general|AGs)\s*(?:,|and)\s+(?:the\s+)?$"
    r"|\bin\s+addition\s+to\s+(?:the\s+)?$"
    r"|:\s*$",
    re.IGNORECASE,
)
