"""The roster of state and territorial Attorneys General since 2000
(``data/attorneys_general.tsv``, sources on its first line and on each row): who held
each office when, under which names, with Open Civic Data person ids.

Extraction anchors names on it: a person called "Attorney General" of a state is one
who held that post (at the release's date where it has one); a surname that the text
gives with the title alone ("Attorney General Nessel") names an office.
"""

from __future__ import annotations

import calendar
import csv
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import cache

from ..resources import data_file

ROSTER_FILE = "attorneys_general.tsv"
# Days of slack around a term's dates: sworn in a few days late, a release printed
# on the day a successor took office.
SLACK = timedelta(days=7)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True)
class Officeholder:
    """One continuous tenure of one Attorney General."""

    office: str  # USPS code
    name: str
    given_name: str
    family_name: str
    variants: tuple[str, ...]
    party: str | None
    start: date
    end: date | None  # None: in office now
    acting: bool
    ocd_person_id: str | None
    wikidata: str | None
    source: str
    # whether start and end are whole dates (not a month or a year only)
    exact: tuple[bool, bool] = (True, True)

    def held_on(self, day: date, slack: timedelta = SLACK) -> bool:
        """Whether the tenure covers ``day`` (give or take ``slack``)."""
        return self.start - slack <= day and (self.end is None or day <= self.end + slack)

    @property
    def surnames(self) -> frozenset[str]:
        """The folded family names this holder goes by (the last word of each of their
        names that is not a suffix, and the family name as given, which may be two
        words: "Cortez Masto")."""
        out = {fold(self.family_name)}
        for name in (self.name, *self.variants):
            last = surname_of(name)
            if last:
                out.add(last)
        return frozenset(out)


def fold(text: str) -> str:
    """Case, accents and spacing folded away: "Márquez" and "MARQUEZ" are one."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").split()).casefold()


def surname_of(name: str) -> str | None:
    """The folded last word of ``name`` that is not a suffix ("Jr.", "III")."""
    words = [w.strip(",.") for w in fold(name).split()]
    words = [w for w in words if w and w not in _SUFFIXES]
    return words[-1] if words else None


def _day(value: str, last: bool) -> date:
    """An ISO date, or a year-month or a year: its first day, or its last (``last``)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        day = calendar.monthrange(parts[0], parts[1])[1] if last else 1
        return date(parts[0], parts[1], day)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


@cache
def roster() -> tuple[Officeholder, ...]:
    """Every tenure of the roster, in the file's order."""
    path = data_file(ROSTER_FILE)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        variants = tuple(v.strip() for v in (row["name_variants"] or "").split("|") if v.strip())
        out.append(
            Officeholder(
                office=row["office"],
                name=row["name"],
                given_name=row["given_name"],
                family_name=row["family_name"],
                variants=variants,
                party=row["party"] or None,
                start=_day(row["start"], last=False),
                end=_day(row["end"], last=True) if row["end"] else None,
                acting=row["acting"] == "yes",
                ocd_person_id=row["ocd_person_id"] or None,
                wikidata=row["wikidata"] or None,
                source=row["source"],
                exact=(row["start"].count("-") == 2, row["end"].count("-") == 2),
            )
        )
    return tuple(out)


@cache
def _by_surname() -> dict[str, tuple[Officeholder, ...]]:
    index: dict[str, list[Officeholder]] = {}
    for holder in roster():
        for name in holder.surnames:
            index.setdefault(name, []).append(holder)
    return {k: tuple(v) for k, v in index.items()}


def holders(office: str, on: date | None = None) -> list[Officeholder]:
    """The Attorneys General of ``office`` (a USPS code): those in office ``on`` that
    day where a day is given, else all since 2000."""
    return [h for h in roster() if h.office == office and (on is None or h.held_on(on))]


# words of a title that may come before a name: not given names
_TITLE_WORDS = frozenset(
    [
        "attorney",
        "attorneys",
        "general",
        "generals",
        "gen",
        "atty",
        "ag",
        "ags",
        "former",
        "acting",
        "state",
        "interim",
    ]
)


def by_surname(name: str, on: date | None = None, office: str | None = None) -> list[Officeholder]:
    """The Attorneys General whose surname is the last word of ``name`` ("Nessel",
    "Dana Nessel", "Attorney General Nessel"), in office ``on`` that day where given,
    of ``office`` where given. Where a given name comes before the surname, it must
    be one of the holder's ("Josh Stein", not "Alan Stein"; an initial will do)."""
    last = surname_of(name)
    if not last:
        return []
    found = [
        h
        for h in _by_surname().get(last, ())
        if (on is None or h.held_on(on)) and (office is None or h.office == office)
    ]
    words = [w.strip(",.") for w in fold(name).split()[:-1]]
    given = [w for w in words if w and w not in _TITLE_WORDS and w not in _SUFFIXES]
    if given and found:
        found = [h for h in found if _same_given(given[-1], h)]
    return found


def _same_given(word: str, holder: Officeholder) -> bool:
    """Whether ``word`` (folded, the word before the surname) is one of the holder's
    given names, an initial of one, or a part of their family name ("Cortez")."""
    word = word.strip(".")
    names = {fold(holder.given_name), *fold(holder.family_name).split()}
    for full in (holder.name, *holder.variants):
        names.update(fold(full).split()[:-1])
    names = {n.strip(".") for n in names if n}
    return word in names or (len(word) == 1 and any(n.startswith(word) for n in names))


def known(office: str, on: date | None) -> bool:
    """Whether the roster can tell who held ``office`` (on ``on``, where given): a
    name it does not know for that office is then no Attorney General of it."""
    if on is not None and on < date(2000, 1, 1):
        return False
    return bool(holders(office, on))


def identify(name: str, office: str, on: date | None) -> Officeholder | None:
    """The Attorney General a release means by ``name`` (without title), said to be of
    ``office``: the holder of that office with this surname; else the only holder of
    another office with it (the release named a partner's AG without the state); else
    the holder of that office the name gives by given name alone ("Todd") or by a
    misspelt surname ("Elison"). None: the name is no Attorney General's."""
    found = by_surname(name, on)
    same = [h for h in found if h.office == office]
    if same:
        return same[0]
    if len({h.office for h in found}) == 1:
        return found[0]
    if found:
        return None  # several offices have one: the text must say which
    words = [w.strip(",.") for w in fold(name).split()]
    words = [w for w in words if w and w not in _TITLE_WORDS and w not in _SUFFIXES]
    for holder in holders(office, on):
        given, family = fold(holder.given_name), fold(holder.family_name)
        for word in words:
            if word == given and len(words) == 1:
                return holder
            if len(word) >= 5 and SequenceMatcher(None, word, family).ratio() >= 0.85:
                return holder
    return None
