"""Public officials named in a release, with their posts.

Three ways a release names an official: a title before a name ("U.S. Secretary of
State Mike Pompeo", "Attorney General Ellison", "Gov. Tim Walz"); a signature or
address block, a name on one line and the post on the next ("Xavier Becerra" /
"Attorney General of California"; "The Honorable Kirstjen Nielsen" / "Secretary" /
"U.S. Department of Homeland Security"); and a bare title whose holder the text
names elsewhere ("AG Sessions").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import cache

from ..records import Person, Span
from ..reference.gazetteer import federal_posts, government_bodies, state_posts
from ..reference.roster import Officeholder, by_surname, identify, known
from ..reference.roster import fold as fold_name
from ..resources import data_file
from .places import lookup

_SUFFIX = r"(?:,?\s+(?:Jr|Sr)\.?|,?\s+(?:II|III|IV))"
# A word of a name: "Smith", "McDonald", "O'Brien", "J.", "JD". Each part at most 40
# letters, and the lower-case run before an inner capital is matched once, so the
# pattern is linear in the text (tests/test_linear_regex.py); "[a-z]*[A-Z]?[a-z'’-]+",
# the same language written before, backtracks quadratically on a long word.
# The spelled-out word of a name ("Smith", "McDonald", "O'Brien"), shared with the
# names that extraction/targets reads.
NAME_WORD = r"[A-Z](?:[a-z]{0,40}[A-Z]|['’][A-Z])?[a-z'’-]{1,40}"
_TOKEN = r"(?:" + NAME_WORD + r"(?![a-z'’-])|[A-Z][a-z]?\.?[A-Z]\.?|[A-Z]\.)"
NAME = r"(?P<name>" + _TOKEN + r"(?:[ \t]+" + _TOKEN + r"){0,3}" + _SUFFIX + r"?)"
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Capitalised words that end a name: what follows a name in running text or headlines.
STOP_TOKENS = {
    "administration",
    "administration’s",
    "administration's",
    "department",
    "office",
    "act",
    "court",
    "committee",
    "board",
    "commission",
    "agency",
    "bureau",
    "university",
    "council",
    "campaign",
    "foundation",
    "inc",
    "llc",
    "the",
    "this",
    "that",
    "today",
    "and",
    "in",
    "on",
    "of",
    "for",
    "to",
    "a",
    "an",
    "at",
    "by",
    "with",
    "said",
    "says",
    "u.s.",
    "us",
    "federal",
    "state",
    "states",
    "national",
    "general",
    "attorney",
    "attorneys",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "but",
    "as",
    "also",
    "is",
    "has",
    "was",
}


@dataclass(frozen=True)
class _Title:
    post_title: str
    jurisdiction: str | None  # None: the office's, unless the holder is known elsewhere
    federal_key: str | None


@cache
def _officeholders() -> dict[str, list[tuple[str, date, date | None]]]:
    raw = json.loads(data_file("officeholders.json").read_text(encoding="utf-8"))
    out: dict[str, list[tuple[str, date, date | None]]] = {}
    for key, holders in raw["posts"].items():
        out[key] = [
            (
                h["name"],
                date.fromisoformat(h["from"]),
                date.fromisoformat(h["to"]) if h["to"] else None,
            )
            for h in holders
        ]
    return out


_TOKEN_RE = re.compile(_TOKEN)
_NON_BLANK = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")
_AG_OF = re.compile(r"Attorney General (?:of|for) (?:the )?(.+?)\.?")
# longest line read as a name in a signature or address block
MAX_NAME_LINE = 100
NAME_LINE = re.compile(
    r"(?<![^\n])[^\S\n]*+(?:cc:\s*+)?(?:The\s++)?(?:Honorable\s++|Hon\.\s++)?" + NAME + r"\s*+$"
)


def _may_be_name_line(line: str) -> bool:
    """False for a line the name-line pattern cannot match: more than 8 words ("cc:",
    "The", "Honorable", four names, a suffix), or a word that starts with neither a
    capital letter nor "cc:". A cheap test that spares most lines the pattern, whose
    nested name tokens backtrack for a long time before failing on a line of prose."""
    words = line.split()
    return len(words) <= 8 and all(w[0].isupper() or w.startswith("cc:") for w in words)


def federal_holder(family_name: str, on: date | None) -> tuple[str, str] | None:
    """(post key, full name) of a federal office holder with this family name, if any
    (held on ``on`` where the release has a date)."""
    for key, holders in _officeholders().items():
        for name, start, end in holders:
            if family_of(name).lower() != family_name.lower():
                continue
            if on is None or (start <= on and (end is None or on <= end)):
                return key, name
    return None


@cache
def _title_table() -> dict[str, _Title]:
    table: dict[str, _Title] = {}
    state_titles = {a.lower() for p in state_posts() for a in (p.title, *p.aliases)}
    for p in state_posts():
        for alias in (p.title, *p.aliases):
            table.setdefault(alias, _Title(p.title, None, None))
    for fp in federal_posts():
        for alias in (fp.label, *fp.aliases):
            if alias.lower() in state_titles:
                continue  # "Secretary of State" alone: the state's, unless known federal
            table[alias] = _Title(fp.title, "US", fp.key)
    return table


@cache
def _titled_re() -> re.Pattern[str]:
    titles = sorted((re.escape(t) for t in _title_table()), key=len, reverse=True)
    states = sorted((re.escape(n) for n in lookup()), key=len, reverse=True)
    # the first letters of all states and titles, tested first: the engine then tries
    # the hundreds of alternatives only where one may start (~20x faster on text)
    first = "".join(sorted({re.escape(n[0]) for n in (*_title_table(), *lookup())}))
    return re.compile(
        r"(?<![\w.])(?=[" + first + r"])(?:(?P<state>" + "|".join(states) + r")(?:’s|'s)?[ \t]+)?"
        r"(?P<title>" + "|".join(titles) + r")[ \t]+" + NAME
    )


def strip_possessive(token: str) -> str:
    for poss in ("’s", "'s", "’", "'"):
        if token.endswith(poss):
            return token[: -len(poss)]
    return token


def family_of(name: str) -> str:
    tokens = [t.strip(",") for t in name.split()]
    while len(tokens) > 1 and tokens[-1].lower() in SUFFIXES:
        tokens.pop()
    return strip_possessive(tokens[-1]) if tokens else name


def clean_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a captured name before the first stop word, and a trailing possessive."""
    pos = start
    for m in _NON_BLANK.finditer(text[start:end]):
        tok = m.group(0).strip(",").lower()
        if tok in STOP_TOKENS:
            break
        pos = start + m.end()
        bare = strip_possessive(m.group(0))
        if bare != m.group(0):  # a possessive ends the name: "Ellison’s Task Force"
            pos = start + m.start() + len(bare)
            break
    end = pos
    while end > start and text[end - 1] in " \t,":
        end -= 1
    return start, end


@dataclass
class PeopleFinder:
    text: str
    office: str | None
    release_date: date | None
    headline: Span | None

    def find(self) -> list[Person]:
        found: list[Person] = []
        found.extend(self._titled())
        found.extend(self._plural())
        found.extend(self._appositive())
        found.extend(self._blocks())
        return merge(anchor_on_roster(merge(found), self.release_date))

    def _resolve(self, title: _Title, state: str | None, family: str) -> tuple[str, str] | None:
        """(post title, jurisdiction) of a titled mention."""
        if title.federal_key or state:
            return title.post_title, (title.jurisdiction or state or "")
        if title.post_title == "Attorney General":
            # the office's own Attorney General (Pam Bondi in a Florida release), though the
            # same name held a federal post another year; in an undated release of an
            # office not yet known, a state's Attorney General before a federal one
            offices = {h.office for h in by_surname(family, self.release_date)}
            if self.office and self.office in offices:
                return "Attorney General", self.office
            if self.release_date is None and self.office is None and len(offices) == 1:
                return "Attorney General", offices.pop()
        holder = federal_holder(family, self.release_date)
        if holder and title.post_title == "Attorney General" and holder[0] == "attorney-general":
            return "Attorney General", "US"
        if self.office is None:
            # an Attorney General the roster knows by this surname, of one office only
            offices = {h.office for h in by_surname(family, self.release_date)}
            if title.post_title == "Attorney General" and len(offices) == 1:
                return title.post_title, offices.pop()
            return None
        return title.post_title, self.office

    def _titled(self) -> list[Person]:
        out: list[Person] = []
        text = self.text
        for m in _titled_re().finditer(text):
            s, e = clean_name(text, m.start("name"), m.end("name"))
            if e <= s:
                continue
            if self.headline and self.headline.start <= s < self.headline.end:
                s, e = self._confirm_in_body(s, e)
                if e <= s:
                    continue
            name = text[s:e]
            if not _TOKEN_RE.match(name) or name.lower() in STOP_TOKENS or name in lookup():
                continue
            title = _title_table()[m.group("title")]
            state = lookup()[m.group("state")] if m.group("state") else None
            family = family_of(name)
            resolved = self._resolve(title, state, family)
            if resolved is None:
                continue
            post_title, jur = resolved
            out.append(Person(name, family, post_title, jur, Span.of(text, s, e)))
        return out

    def _plural(self) -> list[Person]:
        """Attorneys General named after the title in the plural: "Attorneys General
        Tong and James", "Attorneys General Letitia James of New York and William Tong
        of Connecticut": each of the state it is said to be of, else of the one office
        whose Attorney General the roster knows by that family name."""
        out: list[Person] = []
        for m in _PLURAL_TITLE.finditer(self.text):
            for name, family, state, span in plural_names(self.text, m.end()):
                if state is None:  # the given name too must be the holder's
                    offices = {h.office for h in by_surname(name, self.release_date)}
                    state = offices.pop() if len(offices) == 1 else None
                if state:
                    out.append(Person(name, family, "Attorney General", state, span))
        return out

    def _appositive(self) -> list[Person]:
        """Attorneys General whose post follows their name: "Xavier Becerra, California
        Attorney General;", "Aaron Ford, Attorney General of Nevada"."""
        out: list[Person] = []
        for m in _appositive_re().finditer(self.text):
            s, e = clean_name(self.text, m.start("name"), m.end("name"))
            if e <= s or e != m.end("name") or len(self.text[s:e].split()) < 2:
                continue
            name = self.text[s:e]
            if name in lookup():
                continue
            code = lookup()[m.group("state") or m.group("state2")]
            out.append(
                Person(name, family_of(name), "Attorney General", code, Span.of(self.text, s, e))
            )
        return out

    def _confirm_in_body(self, s: int, e: int) -> tuple[int, int]:
        """A name in a Title-Case headline: keep its longest prefix the body repeats."""
        assert self.headline is not None
        tokens = list(_NON_BLANK.finditer(self.text[s:e]))
        body = self.text[: self.headline.start] + " " + self.text[self.headline.end :]
        for k in range(len(tokens), 1, -1):
            cand = self.text[s : s + tokens[k - 1].end()]
            if re.search(r"(?<![\w])" + re.escape(cand) + r"(?![\w])", body):
                return s, s + tokens[k - 1].end()
        # a title is followed by at least one word of a name
        return s, s + tokens[0].end() if tokens else s

    def _blocks(self) -> list[Person]:
        """Signature and address blocks: a name line, then the post on the next lines."""
        out: list[Person] = []
        text = self.text
        lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
        for i, (ls, le) in enumerate(lines[:-1]):
            if le - ls > MAX_NAME_LINE:  # a paragraph, not a name line
                continue
            if not _may_be_name_line(text[ls:le]):
                continue
            # the post first: a few look-ups, where the name pattern backtracks long on
            # lines of capitalised words that stand above no post
            post = self._post_lines(lines[i + 1 : i + 3])
            if post is None:
                continue
            m = NAME_LINE.fullmatch(text, ls, le)
            if not m:
                continue
            s, e = clean_name(text, m.start("name"), m.end("name"))
            if e <= s or len(text[s:e].split()) < 2 or e != m.end("name"):
                continue
            name = text[s:e]
            out.append(Person(name, family_of(name), post[0], post[1], Span.of(text, s, e)))
        return out

    def _post_lines(self, nxt: list[tuple[int, int]]) -> tuple[str, str] | None:
        first = " ".join(self.text[nxt[0][0] : nxt[0][1]].split())
        m = _AG_OF.fullmatch(first)
        if m:
            code = lookup().get(m.group(1)) or lookup().get("the " + m.group(1))
            if code:
                return "Attorney General", code
        low = first.lower()
        title = _post_by_alias().get(low)
        if title is not None:
            return title, "US"
        if len(nxt) > 1:
            second = " ".join(self.text[nxt[1][0] : nxt[1][1]].split()).lower()
            for key in _bodies_by_alias().get(second, ()):
                for fp in federal_posts():
                    if fp.body == key and (
                        fp.title.lower() == low or fp.title.lower().startswith(low + " ")
                    ):
                        return fp.title, "US"
        return None


# the title in the plural before names: "Attorneys General Tong and James"; not of
# their staff ("Assistant Attorneys General Brian Moore and Cholla Khoury")
_PLURAL_TITLE = re.compile(
    r"(?<![\w.])(?<!Assistant )(?<!Deputy )(?<!Special )(?<!Solicitors )"
    r"(?:Attorneys[ \t]++General|AGs)[ \t]++(?=[A-Z])"
)
_NAME_RE = re.compile(NAME)
# between names of a list: ", ", " and ", ", and "
_NAMES_SEPARATOR = re.compile(r"(?<![ \t])(?:,[ \t]++(?:and[ \t]++)?|[ \t]++and[ \t]++)(?=[A-Z])")


def plural_names(text: str, pos: int) -> list[tuple[str, str, str | None, Span]]:
    """The names of a list at ``pos`` (after "Attorneys General"): (name, family name,
    the state it is said to be of or None, span), "Letitia James of New York and
    William Tong of Connecticut", "Tong and James"."""
    out: list[tuple[str, str, str | None, Span]] = []
    while len(out) < 60:
        nm = _NAME_RE.match(text, pos)
        if nm is None:
            break
        s, e = clean_name(text, nm.start("name"), nm.end("name"))
        if e <= s or text[s:e] in lookup() or text[s:e].lower() in STOP_TOKENS:
            break
        of = _of_state_re().match(text, e)
        state = lookup()[" ".join(of.group("state").split())] if of else None
        out.append((text[s:e], family_of(text[s:e]), state, Span.of(text, s, e)))
        sep = _NAMES_SEPARATOR.match(text, of.end() if of else e)
        if sep is None:
            break
        pos = sep.end()
    return out


@cache
def _of_state_re() -> re.Pattern[str]:
    """ " of New York" after a name."""
    states = "|".join(re.escape(n) for n in sorted(lookup(), key=len, reverse=True))
    return re.compile(
        r"(?<![ \t])[ \t]++of[ \t]++(?:the[ \t]++)?(?P<state>" + states + r")(?![\w-])"
    )


@cache
def _appositive_re() -> re.Pattern[str]:
    """A name, a comma, and the post of an office's Attorney General."""
    states = "|".join(re.escape(n) for n in sorted(lookup(), key=len, reverse=True))
    return re.compile(
        NAME + r",[ \t]++(?:(?:the[ \t]++)?(?P<state>" + states + r")[ \t]++Attorney[ \t]++"
        r"General|Attorney[ \t]++General[ \t]++(?:of|for)[ \t]++(?:the[ \t]++)?(?P<state2>"
        + states
        + r"))(?![\w-])"
    )


@cache
def _post_by_alias() -> dict[str, str]:
    """The title of the first federal post each alias of several words names, by its
    lower-case form (tables built once: a signature block is read line by line)."""
    out: dict[str, str] = {}
    for fp in federal_posts():
        for a in (fp.label, *fp.aliases):
            if len(a.split()) > 1:
                out.setdefault(a.lower(), fp.title)
    return out


@cache
def _bodies_by_alias() -> dict[str, tuple[str, ...]]:
    """The keys of the government bodies each lower-case name or alias names, in order."""
    out: dict[str, list[str]] = {}
    for body in government_bodies():
        for a in {a.lower() for a in (body.name, *body.aliases)}:
            out.setdefault(a, []).append(body.key)
    return {a: tuple(keys) for a, keys in out.items()}


def anchor_on_roster(people: list[Person], on: date | None) -> list[Person]:
    """State Attorneys General checked against the roster of who held each office:
    one the roster knows keeps the office it held (a partner's AG named without the
    state is theirs: "Attorney General Tong" in a Minnesota release is Connecticut's)
    and gets its full name where the text gave a given name alone; a name no Attorney General of the office bore ("Task Force", a word of a
    headline) is dropped where the roster knows who held the office then."""
    out: list[Person] = []
    for p in people:
        if p.post_title != "Attorney General" or p.jurisdiction in ("", "US"):
            out.append(p)
            continue
        holder = identify(p.name, p.jurisdiction, on)
        if holder is None:
            if not known(p.jurisdiction, on):
                out.append(p)  # the roster cannot tell: keep what the text says
            continue
        name, family, span = _as_holder(p, holder)
        out.append(Person(name, family, p.post_title, holder.office, span))
    return out


def _as_holder(p: Person, holder: Officeholder) -> tuple[str, str, Span]:
    """The name, family name and span of ``p`` once known to be ``holder``: each cut
    after the word that is the holder's surname and any suffix after it ("Luther
    Strange About" in a headline is "Luther Strange"; "Thomas J. Donovan, Jr." stays
    whole), printed as the release prints it even if misspelt ("Elison", whose family
    name is then the holder's, so that both are one official); a given name
    alone ("Attorney General Todd") gets the holder's full name."""
    name_cut = _surname_end(p.name, holder)
    if name_cut is None:
        return holder.name, holder.family_name, p.span
    name = p.name[: name_cut[0]]
    span_cut = _surname_end(p.span.quote, holder)
    span = p.span
    if span_cut is not None:
        span = Span(p.span.start, p.span.start + span_cut[0], p.span.quote[: span_cut[0]])
    # a misspelt surname is printed as it is, but the person is the holder: one
    # official in the graph, not "Elison" beside "Ellison"
    family = name_cut[1] if fold_name(name_cut[1]) in holder.surnames else holder.family_name
    return name, family, span


def _surname_end(name: str, holder: Officeholder) -> tuple[int, str] | None:
    """Where ``name`` ends if cut after the holder's surname (and the suffixes after
    it), with that surname as printed; None if no word of it is the surname."""
    words = list(_NON_BLANK.finditer(name))
    family = fold_name(holder.family_name)
    for i in range(len(words) - 1, -1, -1):
        printed = strip_possessive(words[i].group(0).strip(","))
        word = fold_name(printed)
        if word in holder.surnames or (
            len(word) >= 5 and SequenceMatcher(None, word, family).ratio() >= 0.85
        ):
            end = words[i].start() + len(printed)
            for nxt in words[i + 1 :]:
                if nxt.group(0).strip(",.").lower() not in {"jr", "sr", "ii", "iii", "iv"}:
                    break
                end = nxt.start() + len(nxt.group(0).rstrip(","))
            return end, printed
    return None


def merge(found: list[Person]) -> list[Person]:
    """One person per (jurisdiction, family name), named in the first full form the
    text gives ("Hector Balderas" over "Balderas"), at its first mention."""
    by_key: dict[tuple[str, str], Person] = {}
    order: list[tuple[str, str]] = []
    for p in sorted(found, key=lambda p: p.span.start):
        key = (p.jurisdiction, p.family_name.lower())
        have = by_key.get(key)
        if have is None:
            by_key[key] = p
            order.append(key)
        elif len(have.name.split()) < 2 <= len(p.name.split()):
            by_key[key] = Person(
                p.name, p.family_name, have.post_title, have.jurisdiction, have.span
            )
    return [by_key[k] for k in order]
