"""Dates as press releases write them: "June 19, 2018", "Tuesday, October 16, 2018",
"Aug. 10, 2018", "19 June 2018", "2018-06-19", "6/19/2018"."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

# The letters a weekday or month opens with, tested before their alternatives: under
# IGNORECASE the engine enters every alternative at every word start otherwise.
_FIRST_LETTERS = "".join(
    sorted({w[0] for w in (*MONTHS, "mon", "tues", "wednes", "thurs", "fri", "satur", "sun")})
)

DATE_RE = re.compile(
    r"\b(?:"
    + f"(?=[{_FIRST_LETTERS}])"
    + _WEEKDAY
    + _MONTH
    + r"(?:(?<=\.)[ \t]*+|\s+)(?P<day>\d{1,2})(?:st|nd|rd|th)?[,.]?\s+(?P<year>(?:19|20)\d{2})"
    + r"|(?P<day2>\d{1,2})\s+(?P<month2>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(?P<year2>(?:19|20)\d{2})"
    + r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})"
    + r"|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>(?:19|20)\d{2})"
    + r")\b",
    re.IGNORECASE,
)

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_date_match(m: re.Match[str]) -> date | None:
    """The date of a ``DATE_RE`` match, or None where it is not a real calendar date."""
    try:
        if m.group("month"):
            return date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
        if m.group("month2"):
            return date(
                int(m.group("year2")), MONTHS[m.group("month2").lower()], int(m.group("day2"))
            )
        if m.group("iy"):
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        return date(int(m.group("uy")), int(m.group("um")), int(m.group("ud")))
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first real date in ``text`` with its offsets."""
    for m in DATE_RE.finditer(text):
        d = parse_date_match(m)
        if d is not None:
            return d, m.start(), m.end()
    return None
