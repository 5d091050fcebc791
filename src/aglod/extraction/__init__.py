"""Extraction: the facts of a release, each with the span of text it was read from."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from datetime import date
from functools import cache

from ..dates import find_date
from ..errors import InputError
from ..records import Action, Contact, Person, Release, ReleaseFacts, Segments, Span
from ..reference.gazetteer import jurisdictions
from ..resources import data_file
from .actions import find_actions
from .people import PeopleFinder
from .places import enumerations, lookup, mentions
from .text import fold
from .topics import find_topics

__all__ = ["extract"]

# Linear in the text (tests/test_linear_regex.py): words of at most 40 characters, and
# a pattern opening on blanks starts only where they start.
_QUALIFIED_AG = re.compile(
    r"(?P<state>[A-Z][\w.]{0,40}+(?:\s+[A-Z][\w.]{0,40}+){0,3})(?:’s|'s)?\s+(?:Attorney\s+General|AG)\b"
)
_ACTS = re.compile(
    r"(?<!\s)\s++(?:is\s++|has\s++|was\s++)?(?:join|joins|joined|joining|leads|led|files|"
    r"filed|sues|sued|announce\w*|secure\w*|reach\w*)\b"
)
_NON_DIGIT = re.compile(r"\D")
_NON_BLANK = re.compile(r"\S+")


def _capitals() -> dict[str, str]:
    return {j.capital.lower(): j.usps for j in jurisdictions() if j.usps not in ("US", "DC")}


def find_office(
    text: str, seg: Segments, stated: str | None, released: date | None = None
) -> tuple[str | None, Span | None]:
    """The issuing office: what the page or feed states; a state named before "Attorney
    General" in the headline or lead; the dateline's state; the dateline city as a
    capital; an Attorney General of the roster (in office on ``released``) named
    with the title in the headline or lead; a state that joins or files in the lead;
    the press contact's area code; the state the body names most."""
    if stated:  # what the page or feed states (its official domain, a feed's field)
        return stated, None
    scope = [s for s in (seg.headline, seg.lead) if s]
    # an Attorney General the roster knows, named with the title in the headline or
    # the lead ("Attorney General Nessel", "AG Rokita")
    roster_ags: list[list[Person]] = []

    def rostered() -> list[Person]:
        """The titled Attorneys General of states, found once and only where needed
        (finding people is the costliest step on a long text)."""
        if not roster_ags:
            roster_ags.append(
                [
                    p
                    for p in PeopleFinder(text, None, released, seg.headline).find()
                    if p.post_title == "Attorney General" and p.jurisdiction not in ("", "US")
                ]
            )
        return roster_ags[0]

    for s in scope:
        # a state before the title ("Kentucky Attorney General Russell Coleman"), unless
        # an Attorney General the roster knows is named before it ("Attorney General
        # Mike Hilgers filed suit ... joined Kentucky Attorney General ...")
        first: tuple[int, str, Span] | None = None
        for m in _QUALIFIED_AG.finditer(text, s.start, s.end):
            found = mentions(text, m.start("state"), m.end("state"))
            if found and found[-1].span.end == m.end("state") and found[-1].code != "US":
                first = (m.start(), found[-1].code, found[-1].span)
                break
        if first is None:
            continue
        for p in rostered():  # another office's, named before it here or in the headline
            if scope[0].start <= p.span.start < first[0] and p.jurisdiction != first[1]:
                first = (p.span.start, p.jurisdiction, p.span)
                break
        return first[1], first[2]
    if seg.dateline_state:
        code = _state_abbreviation(seg.dateline_state.quote)
        if code:
            return code, seg.dateline_state
    if seg.dateline:
        city = " ".join(seg.dateline.quote.split()).lower()
        # a capital ("AUSTIN —"), or a city named as its state ("NEW YORK —"); not
        # "WASHINGTON", which is both Olympia's state and the federal capital
        code = _capitals().get(city) or (
            lookup().get(city.title()) if city != "washington" else None
        )
        if code and code != "US":
            return code, seg.dateline
    # the roster's Attorney General again, if the dateline gave no state: before a
    # state that acts in the lead, which may be a coalition's leader, not the issuer
    for p in rostered():
        if any(s.start <= p.span.start < s.end for s in scope):
            return p.jurisdiction, p.span
    for s in scope:
        for mention in mentions(text, s.start, s.end):
            if _ACTS.match(text, mention.span.end) and mention.code not in ("US", "DC"):
                return mention.code, mention.span
    for _name, phone, _email in seg.contacts:  # the press office's own telephone
        code = _area_code_state(phone.quote) if phone else None
        if code and phone:
            return code, phone
    return _most_named(text, seg)


@cache
def _area_codes() -> dict[str, str]:
    raw = json.loads(data_file("area_codes.json").read_text(encoding="utf-8"))
    return {c: usps for usps, codes in raw.items() if not usps.startswith("_") for c in codes}


def _area_code_state(phone: str) -> str | None:
    digits = _NON_DIGIT.sub("", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return _area_codes().get(digits[:3]) if len(digits) == 10 else None


def _most_named(text: str, seg: Segments) -> tuple[str | None, Span | None]:
    """The jurisdiction the body names most often (its name or its people: "Texans"),
    leaving out lists of several states; only where it is named at least twice and
    more than any other."""
    counts: dict[str, list[Span]] = {}
    found = mentions(text, seg.body.start, seg.body.end)
    in_lists = {m.span for run in enumerations(text, found) if len(run) >= 3 for m in run}
    for m in found:
        if m.code not in ("US",) and m.span not in in_lists:
            counts.setdefault(m.code, []).append(m.span)
    for dm in _demonym_re().finditer(text, seg.body.start, seg.body.end):
        code = _demonyms()[dm.group(0).rstrip("s").lower()]
        counts.setdefault(code, []).append(Span.of(text, dm.start(), dm.end()))
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    if (
        ranked
        and len(ranked[0][1]) >= 2
        and (len(ranked) == 1 or len(ranked[1][1]) < len(ranked[0][1]))
    ):
        return ranked[0][0], ranked[0][1][0]
    return None, None


@cache
def _demonyms() -> dict[str, str]:
    return {j.demonym.lower(): j.usps for j in jurisdictions() if j.demonym and j.usps != "US"}


@cache
def _demonym_re() -> re.Pattern[str]:
    names = sorted((re.escape(d.title()) for d in _demonyms()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(names) + r")s?\b")


def _state_abbreviation(token: str) -> str | None:
    token = token.strip()
    for j in jurisdictions():
        if token in (j.usps, j.ap_abbreviation, j.name, _initials(j.name)):
            return j.usps
    return lookup().get(token)


@cache
def _initials(name: str) -> str | None:
    """A name's dotted initials, as datelines abbreviate names of two words or more:
    "V.I." (U.S. Virgin Islands), "P.R.", "N.C."."""
    words = [w for w in name.removeprefix("U.S. ").split() if w[:1].isupper()]
    return "".join(w[0] + "." for w in words) if len(words) >= 2 else None


def _dateline_city(quote: str) -> str:
    city = fold(quote)
    if city.isupper():
        city = " ".join(w.capitalize() if not w.endswith(".") else w.title() for w in city.split())
    return city


def release_date(release: Release, seg: Segments) -> tuple[date | None, Span | None]:
    """The release's date and where the text gives it: the date its container states
    (a page's or feed's) before the header's."""
    released: date | None = None
    date_span = seg.date
    if date_span:
        found = find_date(date_span.quote)
        released = found[0] if found else None
    if release.stated_date and release.stated_date != released:
        released, date_span = release.stated_date, None
    return released, date_span


def extract(release: Release, seg: Segments) -> ReleaseFacts:
    text = release.text
    # What the container states (an HTML page's headline and date, a feed's fields)
    # comes before text patterns; its span is where the text repeats it, if it does.
    title_span = seg.headline
    title = fold(title_span.quote) if title_span else None
    if release.stated_title:
        title = fold(release.stated_title)
        title_span = _find_folded(text, title)

    released, date_span = release_date(release, seg)
    office, office_span = find_office(text, seg, release.stated_office, released)
    people = PeopleFinder(text, office, released, seg.headline).find()
    issuer = _issuer(people, office)

    contacts = []
    for name, phone, email in seg.contacts:
        spans = [x for x in (name, phone, email) if x]
        if not spans:  # a "Contact:" label with nothing readable after it
            continue
        span = Span.of(text, min(x.start for x in spans), max(x.end for x in spans))
        contacts.append(
            Contact(
                fold(name.quote) if name else None,
                fold(phone.quote) if phone else None,
                email.quote if email else None,
                span,
            )
        )
    actions = find_actions(text, seg, office, released, people)
    _check_volume(release.source, contacts, people, actions)
    topics = [(t.key, t.iri, span) for t, span in find_topics(text, seg)]
    return ReleaseFacts(
        release=release,
        segments=seg,
        title=title,
        title_span=title_span,
        date=released,
        date_span=date_span if released else None,
        office=office,
        office_span=office_span,
        issuer=issuer,
        dateline=_dateline_city(seg.dateline.quote) if seg.dateline else None,
        dateline_span=seg.dateline,
        contacts=contacts,
        actions=actions,
        people=people,
        topics=topics,
    )


# What one press release names at most. Real ones name a few press contacts, a few
# dozen officials (a coalition's signature blocks: 56 AGs and their staff), a handful
# of actions; a text that names thousands is no release, and its graph would take
# minutes to render and validate.
MAX_CONTACTS = 50
MAX_PEOPLE = 500
MAX_ACTIONS = 100
MAX_TARGETS = 500


def _check_volume(
    source: str, contacts: list[Contact], people: list[Person], actions: list[Action]
) -> None:
    """``InputError`` (the release is rejected, with the reason) where a text names
    more contacts, officials, actions or targets than a press release does."""
    targets = sum(len(a.targets) for a in actions)
    for count, limit, what in (
        (len(contacts), MAX_CONTACTS, "press contacts"),
        (len(people), MAX_PEOPLE, "officials"),
        (len(actions), MAX_ACTIONS, "actions"),
        (targets, MAX_TARGETS, "targets of actions"),
    ):
        if count > limit:
            raise InputError(
                source,
                f"the text names {count:,} {what}, over aglod's limit of {limit:,} for one "
                "release: not a press release",
            )


def _find_folded(text: str, wanted: str) -> Span | None:
    """Where ``text`` holds ``wanted`` (whitespace folded), as a span of the text: the
    first place where its words follow one another with any blanks between them (the
    first word may end a word of the text, the last begin one). Found in the text's
    words joined by single spaces, with ``str.find`` (linear), not a pattern of the
    title's words, which a long title of repeated words would make quadratic."""
    words = wanted.split()
    if not words:
        return None
    tokens = [(m.start(), m.end()) for m in _NON_BLANK.finditer(text)]
    starts = []  # where each token starts in the folded text
    pos = 0
    for s, e in tokens:
        starts.append(pos)
        pos += e - s + 1
    at = " ".join(text[s:e] for s, e in tokens).find(" ".join(words))
    if at < 0:
        return None
    end = at + len(" ".join(words))
    first = bisect_right(starts, at) - 1
    last = bisect_right(starts, end - 1) - 1
    return Span.of(
        text, tokens[first][0] + at - starts[first], tokens[last][0] + end - starts[last]
    )


def _issuer(people: list[Person], office: str | None) -> Person | None:
    """The first Attorney General of the office the release names."""
    for p in people:
        if p.post_title == "Attorney General" and p.jurisdiction == office:
            return p
    return None
