"""The lines and paragraphs of a release's text, and the patterns of header lines (labels, contacts, phones, e-mail addresses, date lines) that the segmenter and the contacts reader share.

Every pattern here runs in time linear in the text (see ``segments``)."""

from __future__ import annotations

import re

from ..dates import DATE_RE
from ..records import Span

# Every pattern here runs in time linear in the text, whatever the text: a quantifier
# that could meet the same characters as the one before it is possessive ("\s*+"),
# words are bounded (a name or city word at most 40 letters, an e-mail address's
# parts at most 64 and 63 as RFC 5321 allows), and a pattern that opens on a run
# ("\s+", a word) starts only where the run starts (a look-behind), so a search does
# not rescan one run from each of its characters. tests/test_linear_regex.py times each
# on 1 MB of adversarial text.
DASH = r"[—–―-]+"


# a line's leading blanks, where a pattern is matched at a line's start only
LINE_START = r"(?<![^\n])[^\S\n]*+"


LABEL_RE = re.compile(
    r"^\s*+(?:for\s+immediate\s+release\b.*|(?:press|news|media)\s+(?:release|advisory|statement)s?"
    r"|most\s+viewed|news|press\s+releases?|share|print|email|tweet|home)\s*+(?::\s*+)?$",
    re.IGNORECASE,
)


CONTACT_RE = re.compile(
    r"^\s*+(?:(?:media|press|news)\s++)?contacts?\s*+(?:information\s*+)?:\s*+(?P<rest>.*)$",
    re.IGNORECASE,
)


PHONE_RE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}\b")


EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


# an e-mail address a web page hid from robots, as its text prints it
HIDDEN_EMAIL_RE = re.compile(r"\[email[ \t]++protected\]", re.I)


DATE_LINE_RE = re.compile(
    r"^\s*+(?:(?:posted|released|date|dated)\s*+(?::\s*+)?)?" + DATE_RE.pattern + r"\s*+$",
    re.IGNORECASE,
)


# "Steve Irwin: 614-728-5417" on a line of its own near the end of a release
NAME_PHONE_RE = re.compile(
    LINE_START
    + r"(?P<name>[A-Z][\w.'’-]{1,40}(?:[ \t]+[A-Z][\w.'’-]{1,40}){1,3})[ \t]*+(?:[:,–—-][ \t]*+)?"
    r"(?P<phone>(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}\b)\s*+$"
)


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]``, without the newline."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, start: int, end: int) -> list[Span]:
    """Runs of non-blank lines in ``text[start:end]``, stripped."""
    out: list[Span] = []
    run_start: int | None = None
    run_end = start
    for ls, le in line_spans(text, start, end):
        if text[ls:le].strip():
            if run_start is None:
                run_start = ls
            run_end = le
        elif run_start is not None:
            s, e = strip_span(text, run_start, run_end)
            out.append(Span.of(text, s, e))
            run_start = None
    if run_start is not None:
        s, e = strip_span(text, run_start, run_end)
        out.append(Span.of(text, s, e))
    return out
