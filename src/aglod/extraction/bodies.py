"""Public bodies an action is aimed at or taken with: the federal and state bodies of the gazetteer found by their names and abbreviations, whether a mention is the federal body or a state's, an administration named for its president, and the states on the other side of a case."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..records import Person, Span, Target
from ..reference.gazetteer import government_bodies, jurisdiction
from .coalitions import OPPOSED
from .people import NAME, clean_name
from .places import enumerations, mentions

# "the Trump administration", "the Biden-Harris Administration"
_ADMINISTRATION = re.compile(r"(?<![ \t])[ \t]++administration(?![\w-])", re.I)


# the title and name of a body's head right after the body's name
_HEAD_AFTER_BODY = re.compile(
    r"(?<![ \t])[ \t]++(?:Acting[ \t]++)?(?:Secretary|Director|Administrator|Commissioner|"
    r"Chair(?:man|woman)?|Inspector[ \t]++General)[ \t]++" + NAME
)


# partners, not targets: "together with the Federal Trade Commission", "joined the FTC"
_PARTNER_BEFORE = re.compile(
    r"(?:with|alongside|joined(?:[ \t]++by)?|joining|partnered|partnership[ \t]++with|"
    r"and|by)[ \t]++(?:the[ \t]++)?$",
    re.I,
)


@cache
def body_aliases() -> list[tuple[str, str]]:
    """(lower-case alias, key), longest aliases first."""
    pairs = [(a.lower(), b.key) for b in government_bodies() for a in (b.name, *b.aliases)]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@cache
def _abbreviations() -> frozenset[str]:
    """The lower-case forms of the aliases written in capitals ("DOE", "U.S. DOJ"): they
    name a body only as capitals ("Pat Doe" is no Department of Energy)."""
    return frozenset(
        a.lower()
        for b in government_bodies()
        for a in (b.name, *b.aliases)
        if not any(c.islower() for c in a)
    )


@cache
def _alias_keys() -> dict[str, tuple[int, str]]:
    """Each lower-case alias: its rank (longest first) and its body's key."""
    out: dict[str, tuple[int, str]] = {}
    for i, (alias, key) in enumerate(body_aliases()):
        out.setdefault(alias, (i, key))
    return out


@cache
def _alias_pattern(strict: bool) -> re.Pattern[str]:
    """Every body's alias in lower-cased text, longest first, "u.s." allowed before it;
    ``strict``: not after a period nor before a hyphen."""
    names = trie_pattern(sorted(_alias_keys())) or r"(?!x)x"
    before, after = (r"(?<![\w.])", r"(?![\w-])") if strict else (r"(?<!\w)", r"(?!\w)")
    return re.compile(before + r"(?:u\.s\.\s+)?(" + names + ")" + after)


def body_mentions(
    text: str, s: int, e: int, strict: bool, courts: bool
) -> list[tuple[int, int, int, str]]:
    """The bodies ``text[s:e]`` names as printed (an abbreviation only in capitals; a
    court only if ``courts``): (alias rank, start, end, key), longest alias first. Not
    a state's body of the same name: "Wisconsin Department of Justice", and in a text
    that names the state's, "the Department of Justice" or "DOJ" without "U.S."."""
    low = text[s:e].lower()
    found = []
    for m in _alias_pattern(strict).finditer(low):
        alias = m.group(1)
        rank, key = _alias_keys()[alias]
        if not courts and "court" in alias:
            continue
        if not _as_printed(alias, text[s + m.end() - len(alias) : s + m.end()]):
            continue
        if _state_named(text, s + m.start()) or (
            key in _state_bodies(text) and not _federal_words(text, s + m.start(), s + m.end())
        ):
            continue
        found.append((rank, s + m.start(), s + m.end(), key))
    return sorted(found)


# what says a body is the federal one: "U.S.", "United States", "federal", "US"
_FEDERAL_WORD = re.compile(r"\b(?:u\.s\.|united[ \t]++states|federal|(?-i:US)|usdoj)\b", re.I)


def _federal_words(text: str, start: int, end: int) -> bool:
    """Does the mention ``text[start:end]`` say, or the words just before it, that it
    is the federal body ("the U.S. Department of Justice", "the federal Justice
    Department", "the Trump Justice Department" does not)?"""
    return bool(_FEDERAL_WORD.search(text, max(0, start - 16), end))


def _state_named(text: str, start: int) -> bool:
    """Is a body's name at ``start`` preceded by a state's ("North Carolina Department
    of Justice", "Wisconsin’s Department of Justice")?"""
    before = text[max(0, start - 40) : start]
    before = before.removesuffix(" ").removesuffix("’s").removesuffix("'s")
    found = mentions(before)
    return bool(found) and found[-1].span.end == len(before) and found[-1].code != "US"


@lru_cache(maxsize=8)
def _state_bodies(text: str) -> frozenset[str]:
    """The keys of the federal bodies whose names ``text`` also gives to a state's own
    ("the Wisconsin Department of Justice"): there, the name alone is the state's."""
    keys = set()
    low = text.lower()
    for m in _alias_pattern(True).finditer(low):
        if _state_named(text, m.start()):
            keys.add(_alias_keys()[m.group(1)][1])
    return frozenset(keys)


def _as_printed(alias: str, found: str) -> bool:
    """Does a match of ``alias`` in lower-cased text stand as the text prints it: an
    abbreviation only in capitals?"""
    return alias not in _abbreviations() or not any(c.islower() for c in found)


def administrations(text: str, sentence: Span, relation: str) -> list[Target]:
    """ "the Trump administration", "the Biden-Harris Administration"; not a federal
    body's own name ("the Occupational Safety and Health Administration")."""
    out = []
    matches = list(_ADMINISTRATION.finditer(text, sentence.start, sentence.end))
    bodies = (
        [
            (ts, te)
            for _r, ts, te, _k in body_mentions(text, sentence.start, sentence.end, True, True)
        ]
        if matches
        else []
    )
    for m in matches:
        if any(ts <= m.start() < te for ts, te in bodies):
            continue
        j = m.start()
        k = j
        while k > sentence.start and (text[k - 1].isalnum() or text[k - 1] in "-’'."):
            k -= 1
        word = text[k:j]
        if word[:1].isupper() and word.lower() not in ("the", "this", "that", "federal"):
            out.append(
                Target(
                    text[k : m.end()].strip(),
                    relation,
                    Span.of(text, k, m.end()),
                    kind="federal-government",
                )
            )
    return out


def trie_pattern(words: list[str]) -> str:
    """One pattern for sorted literal ``words`` that tries each character once (a trie),
    the longer word first where one is the prefix of another."""
    groups: dict[str, list[str]] = {}
    ends = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            ends = True
    branches = [re.escape(c) + trie_pattern(rest) for c, rest in groups.items()]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + inner + ")?"
    return inner


def federal_targets(
    text: str, sentence: Span, people: list[Person], relation: str, courts: bool
) -> list[Target]:
    """The federal bodies and federal officials a sentence names, but not those the
    office acts with ("together with the Federal Trade Commission"), nor a court a
    brief or suit is filed in (unless ``courts``: a statement on a court's ruling)."""
    out = []
    for _rank, ts, te, key in body_mentions(text, sentence.start, sentence.end, True, courts):
        if _PARTNER_BEFORE.search(text, max(sentence.start, ts - 30), ts):
            continue
        out.append(
            Target(
                " ".join(text[ts:te].split()),
                relation,
                Span.of(text, ts, te),
                body_key=key,
                kind="federal-body",
            )
        )
        # "U.S. Department of Education Secretary Miguel Cardona", "Census Director
        # Steven Dillingham": the body's head, named after its title
        head = _HEAD_AFTER_BODY.match(text, te, sentence.end)
        if head:
            ns, ne = clean_name(text, head.start("name"), head.end("name"))
            if ne - ns > 3 and len(text[ns:ne].split()) >= 2:
                name = text[ns:ne]
                out.append(Target(name, relation, Span.of(text, ns, ne), kind="federal-official"))
    for p in people:
        if p.jurisdiction != "US":
            continue
        at = sentence.quote.find(p.family_name)
        if at < 0 or (at > 0 and sentence.quote[at - 1].isalnum()):
            continue
        ps = sentence.start + at
        if _PARTNER_BEFORE.search(text, max(sentence.start, ps - 30), ps):
            continue
        span = Span.of(text, ps, ps + len(p.family_name))
        out.append(Target(p.name, relation, span, person=p, kind="federal-official"))
    return out


def opposed_states(text: str, sentence: Span, relation: str) -> list[Target]:
    """The states a sentence names as the other side of a case ("its lawsuit against
    Pennsylvania, Georgia, Michigan and Wisconsin", "Texas v. Pennsylvania")."""
    out = []
    for run in enumerations(text, mentions(text, sentence.start, sentence.end)):
        before = text[max(sentence.start, run[0].span.start - 60) : run[0].span.start]
        if not OPPOSED.search(before):
            continue
        for m in run:
            if m.code != "US":
                name = jurisdiction(m.code).name
                out.append(Target(name, relation, m.span, kind="state", jurisdiction=m.code))
    return out
