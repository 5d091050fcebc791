"""Actions a release announces: their type, the office's role, the coalition (stated
size, participants, leads), the date, and who they are aimed at.

Rules, in the order they apply:

1. Actions are announced in the headline and the lead paragraph (the inverted
   pyramid of a press release); the rest of the body adds detail. Each distinct type
   found there by a trigger word is one action; a plural trigger ("settlements with
   A and B") gives one action per target.
2. Where the headline and lead name no action, the first action noun of a
   non-background sentence of the body decides ("see attached for the letter"); a
   release that announces nothing else is a Statement.
3. Background sentences ("last week", "recently", "in 2015") never add an action,
   a count or a participant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import WEEKDAYS
from ..records import Action, Person, Segments, Span
from .places import LIST_CUE, Mention, enumerations, mentions
from .targets import find_targets
from .text import NUMBER, is_background, number_value, sentences

# (type, pattern, strong). Strong triggers name an action outright; weak ones
# ("urges", "calls on") only when nothing strong is found.
TRIGGERS: list[tuple[str, str, bool]] = [
    ("AmicusBrief", r"amicus|friend[- ]of[- ]the[- ]court", True),
    (
        "Settlement",
        r"settlements?|settle[sd]?|consent\s+(?:judgment|decree)s?|assurances?\s+of\s+"
        r"(?:voluntary\s+)?(?:compliance|discontinuance)",
        True,
    ),
    (
        "Judgment",
        r"(?:wins?|won|obtain(?:s|ed)?|secure[sd]?)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,3}?"
        r"(?:judgment|ruling|verdict|court\s+order|restraining\s+order|injunction)|court\s+"
        r"(?:rules|ruled|orders|ordered|sides|sided|blocks|blocked|halts|halted|stops)|"
        r"(?:judgment|ruling|verdict)\s+(?:against|in\s+favor)",
        True,
    ),
    (
        "Charges",
        r"(?<!led\sthe\s)charge[sd]?(?!\s+among)|charging|indict(?:s|ed|ment)|"
        r"convict(?:s|ed|ion)|sentenc(?:ed|ing)|plead(?:s|ed)?\s+guilty|pled\s+guilty",
        True,
    ),
    (
        "Lawsuit",
        r"lawsuits?|su(?:e|es|ed|ing)|suit|complaints?\s+against|files?\s+(?:a\s+)?"
        r"complaint",
        True,
    ),
    ("CourtFiling", r"motions?|(?<!amicus\s)briefs?|filings", True),
    ("Letter", r"letters?|petition(?:s|ed|ing)?|comment\s+letters?|comments\s+(?:to|with)", True),
    (
        "Investigation",
        r"(?:launch|open|announc|begin|began|start)\w*\s+(?:an?\s+)?(?:\w+\s+)?"
        r"investigation|investigating",
        True,
    ),
    (
        "ConsumerAlert",
        r"warns?|warning|alerts?|scams?|consumers?\s+should|protect\s+yourself"
        r"|tips\s+(?:for|to)",
        True,
    ),
    (
        "Meeting",
        r"meets?\s+with|met\s+with|visits?|visited|tours?|toured|touring|roundtable|"
        r"town\s+hall|hosts?\s+(?:a\s+)?(?:summit|forum|meeting)",
        True,
    ),
    ("Agreement", r"agreements?|memorandum\s+of\s+understanding|principles", True),
    (
        "Letter",
        r"urg(?:e|es|ed|ing)\s+(?:the\s+)?(?:U\.S\.\s+)?[A-Z]|call(?:s|ed|ing)?\s+on|"
        r"encourag(?:e|es|ed|ing)\s+the|ask(?:s|ed|ing)?\s+(?:the\s+)?[A-Z]",
        False,
    ),
    ("Statement", r"statement|opposition\s+to|disagree\w*|condemn\w*|applaud\w*|denounc\w*", False),
]
_TRIGGER_RES = [
    (t, re.compile(r"(?<![\w-])(?:" + p + r")(?![\w-])", re.I), s) for t, p, s in TRIGGERS
]
_PLURAL = re.compile(r"(?:settlements|lawsuits|letters|suits)$", re.I)

_ROLE_LED = re.compile(
    r"(?<![\w-])(?:leads?|led|leading|spearhead\w*|head(?:s|ed|ing))\b(?!\s+by)", re.I
)
_ROLE_COLED = re.compile(r"\bco-?(?:lead|leads|led|leading)\b", re.I)
_ROLE_JOINED = re.compile(
    r"\b(?:join(?:s|ed|ing)?|coalition|multistate|multi-state|bipartisan\s+group|"
    r"(?:attorneys\s+general|AGs)\s+(?:of|from)|other\s+(?:states|attorneys\s+general|AGs)|"
    r"one\s+of\s+" + NUMBER + r"|together\s+with|along\s+with|alongside)\b",
    re.I,
)
_LED_BY = re.compile(r"\b(?P<co>co-)?led\s+by\s+", re.I)

_AGS = (
    r"(?:(?:[\w-]+\s+){0,4}?(?:attorneys[\s-]+general|AG['’]?s|attorney\s+generals|states?|"
    r"jurisdictions|territories|(?:state\s+)?AGs))"
)
# (pattern, offset added to the number), the most telling first: the first that
# matches in the closest scope wins.
COUNT_PATTERNS = [
    (
        re.compile(
            r"\ball\s+(" + NUMBER + r")\s+states\s+(?:and|plus)\s+(?:the\s+)?"
            r"(?:District\s+of\s+Columbia|D\.C\.)",
            re.I,
        ),
        1,
    ),
    (re.compile(r"\bcoalition\s+of\s+(" + NUMBER + r")\s+" + _AGS, re.I), 0),
    (
        re.compile(
            r"\b(" + NUMBER + r")\s+other\s+" + _AGS + r"\s+and\s+(?:the\s+)?"
            r"(?-i:[A-Z]\w+)(?:\s(?-i:[A-Z]\w+))*(?=[\s,.])",
            re.I,
        ),
        2,
    ),
    (re.compile(r"\b(" + NUMBER + r")\s+other\s+" + _AGS, re.I), 1),
    (re.compile(r"\bone\s+of\s+(" + NUMBER + r")\s+" + _AGS, re.I), 0),
    (
        re.compile(
            r"\b(?:leads?|led|leading)\s+(?:a\s+(?:\w+\s+)?(?:group|coalition)\s+of\s+)?("
            + NUMBER
            + r")\s+"
            + _AGS,
            re.I,
        ),
        0,
    ),
    (re.compile(r"\b(?:join(?:s|ed|ing)?|and)\s+(" + NUMBER + r")\s+" + _AGS, re.I), 1),
    (
        re.compile(
            r"\b(" + NUMBER + r")\s+" + _AGS + r"\s+(?:join|joined|signed|filed|sent|"
            r"secured|reached|announced)",
            re.I,
        ),
        0,
    ),
]

_TODAY = re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|also\s+|last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)


@dataclass
class _Found:
    type: str
    span: Span  # the trigger words
    sentence: Span
    strong: bool


def _triggers(text: str, sentence: Span) -> list[_Found]:
    out = []
    for typ, rx, strong in _TRIGGER_RES:
        for m in rx.finditer(text, sentence.start, sentence.end):
            out.append(_Found(typ, Span.of(text, m.start(), m.end()), sentence, strong))
    return out


def _announcing_sentences(text: str, seg: Segments, released: date | None) -> list[Span]:
    out: list[Span] = []
    if seg.headline:
        out.append(seg.headline)
    if seg.lead:
        out.extend(s for s in sentences(text, seg.lead) if not is_background(s.quote, released))
    return out


def body_sentences(text: str, seg: Segments, released: date | None) -> list[Span]:
    """Non-background sentences of the headline, lead and body."""
    out = list(_announcing_sentences(text, seg, released))
    for par in seg.paragraphs:
        if seg.lead and par.start == seg.lead.start:
            continue
        out.extend(s for s in sentences(text, par) if not is_background(s.quote, released))
    return out


def find_actions(
    text: str,
    seg: Segments,
    office: str | None,
    released: date | None,
    people: list[Person],
) -> list[Action]:
    announcing = _announcing_sentences(text, seg, released)
    found = [f for s in announcing for f in _triggers(text, s)]
    strong = [f for f in found if f.strong]
    chosen = strong or [f for f in found if not f.strong]
    if not chosen:
        for s in body_sentences(text, seg, released)[len(announcing) :]:
            chosen = [f for f in _triggers(text, s) if f.strong and f.type != "ConsumerAlert"]
            if chosen:
                chosen = chosen[:1]
                break
    by_type: dict[str, list[_Found]] = {}
    for f in sorted(chosen, key=lambda f: f.span.start):
        by_type.setdefault(f.type, []).append(f)
    # A motion or brief in a release that announces a lawsuit or amicus brief is part of it.
    if "CourtFiling" in by_type and ({"Lawsuit", "AmicusBrief"} & by_type.keys()):
        del by_type["CourtFiling"]
    # A suit settled or a judgment won is what is announced, not a new lawsuit.
    if "Lawsuit" in by_type and ({"Settlement", "AmicusBrief"} & by_type.keys()):
        del by_type["Lawsuit"]
    if not by_type:
        span = seg.headline or seg.lead or Span.of(text, 0, 0)
        by_type["Statement"] = [_Found("Statement", span, span, False)]

    coalition = _Coalition.read(text, seg, office, released)
    actions: list[Action] = []
    for typ, hits in by_type.items():
        first = hits[0]
        is_coalition = (
            any(
                _ROLE_JOINED.search(h.sentence.quote) or _ROLE_LED.search(h.sentence.quote)
                for h in hits
            )
            or coalition.names_members
        )
        action = Action(type=typ, role="sole", span=first.span)
        if is_coalition and (coalition.role != "sole" or coalition.names_members):
            action.role = coalition.role if coalition.role != "sole" else "joined"
            action.participants = dict(coalition.participants)
            action.leads = dict(coalition.leads)
            action.stated_count = coalition.count
            action.count_span = coalition.count_span
        if office:
            action.participants.setdefault(office, coalition.office_span or first.span)
            if action.role in ("led", "co-led"):
                action.leads.setdefault(office, coalition.role_span or first.span)
        mentioning = [
            s
            for s in body_sentences(text, seg, released)
            if any(f.type == typ for f in _triggers(text, s))
        ]
        _date_action(action, [h.sentence for h in hits], text, seg, released, mentioning)
        sentences_of_type = [h.sentence for h in hits]
        targets = find_targets(text, typ, sentences_of_type, people)
        if _PLURAL.search(first.span.quote) and len(targets) > 1:
            for t in targets:
                twin = Action(**{**action.__dict__, "targets": [t]})
                twin.participants = dict(action.participants)
                twin.leads = dict(action.leads)
                actions.append(twin)
            continue
        action.targets = targets
        actions.append(action)
    # Coalition facts belong to the coalition's own action(s); others stay sole.
    if sum(a.role != "sole" for a in actions) == 0 and coalition.names_members and actions:
        main = actions[0]
        main.role = coalition.role if coalition.role != "sole" else "joined"
        main.participants.update(coalition.participants)
        main.leads.update(coalition.leads)
        main.stated_count = coalition.count
    return actions


def _date_action(
    action: Action,
    where: list[Span],
    text: str,
    seg: Segments,
    released: date | None,
    mentioning: list[Span],
) -> None:
    """'today' in a dated release is the release date; 'yesterday' the day before;
    a weekday the last such day on or before the release date."""
    if released is None:
        return
    scope = list(where)
    if seg.lead:
        scope.append(seg.lead)
    scope.extend(mentioning)
    for s in scope:
        m = _TODAY.search(s.quote)
        if m:
            action.date = released
            action.date_span = Span.of(text, s.start + m.start(), s.start + m.end())
            return
    for s in scope:
        m = _YESTERDAY.search(s.quote)
        if m:
            action.date = released - timedelta(days=1)
            action.date_span = Span.of(text, s.start + m.start(), s.start + m.end())
            return
    for s in where:
        m = _WEEKDAY.search(s.quote)
        if m and not m.group(0).lower().startswith("last"):
            back = (released.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
            action.date = released - timedelta(days=back)
            action.date_span = Span.of(text, s.start + m.start(1), s.start + m.end(1))
            return
    # a dated release announcing an action with no other time word: its own date
    # only where the announcement is in the headline or lead paragraph and worded
    # in the present ("joins", "files", "sues").


@dataclass
class _Coalition:
    role: str
    role_span: Span | None
    count: int | None
    count_span: Span | None
    participants: dict[str, Span]
    leads: dict[str, Span]
    office_span: Span | None
    names_members: bool

    @classmethod
    def read(
        cls, text: str, seg: Segments, office: str | None, released: date | None
    ) -> _Coalition:
        announcing = _announcing_sentences(text, seg, released)
        scope = body_sentences(text, seg, released)
        role, role_span = "sole", None
        for s in announcing:
            m = _ROLE_COLED.search(s.quote)
            if m and _mentions_office(s.quote):
                role, role_span = "co-led", Span.of(text, s.start + m.start(), s.start + m.end())
                break
            m = _ROLE_LED.search(s.quote)
            if m and _mentions_office(s.quote[: m.start()]):
                role, role_span = "led", Span.of(text, s.start + m.start(), s.start + m.end())
                break
        if role == "sole":
            for s in announcing:
                m = _ROLE_JOINED.search(s.quote)
                if m:
                    role, role_span = (
                        "joined",
                        Span.of(text, s.start + m.start(), s.start + m.end()),
                    )
                    break

        count, count_span = (
            _stated_count(text, announcing) or _stated_count(text, scope) or (None, None)
        )

        participants: dict[str, Span] = {}
        leads: dict[str, Span] = {}
        for s in scope:
            found = mentions(text, s.start, s.end)
            for run in enumerations(text, found):
                before = text[max(s.start, run[0].span.start - 60) : run[0].span.start]
                cued = LIST_CUE.search(before)
                if len(run) >= 3 or cued:
                    led_by = _LED_BY.search(before[-25:])
                    for mention in run:
                        if mention.code == "US":  # the federal government is no coalition member
                            continue
                        participants.setdefault(mention.code, mention.span)
                        if led_by:
                            leads.setdefault(mention.code, mention.span)
        if seg.attachments:
            for code, span in _signatories(text, seg.attachments):
                participants.setdefault(code, span)
        if office and office in leads and role == "joined":
            role = "led" if len(leads) == 1 else "co-led"
        office_span = participants.get(office) if office else None
        names_members = len(set(participants) - {office}) > 0
        if names_members and role == "sole":
            role = "joined"
        return cls(
            role, role_span, count, count_span, participants, leads, office_span, names_members
        )


def _mentions_office(s: str) -> bool:
    return bool(re.search(r"\b(?:Attorney\s+General|AG|office)\b|^[A-Z][a-z]+", s))


def _stated_count(text: str, scope: list[Span]) -> tuple[int, Span] | None:
    best: tuple[int, int, Span] | None = None
    for s in scope:
        for prio, (rx, add) in enumerate(COUNT_PATTERNS):
            m = rx.search(s.quote)
            if not m:
                continue
            value = number_value(m.group(1))
            if value is None or not 2 <= value + add <= 60:
                continue
            if best is None or prio < best[0]:
                span = Span.of(text, s.start + m.start(), s.start + m.end())
                best = (prio, value + add, span)
    return (best[1], best[2]) if best else None


_SIGNATORY = re.compile(r"^\s*Attorneys?\s+General\s+(?:of|for)\s+(?:the\s+)?(.+?)\s*$", re.M)


def _signatories(text: str, attachments: Span) -> list[tuple[str, Span]]:
    """Jurisdictions whose Attorney General signs a letter attached to the release."""
    out = []
    for m in _SIGNATORY.finditer(text, attachments.start, attachments.end):
        found: list[Mention] = mentions(text, m.start(1), m.end(1))
        if found and found[0].span.start == m.start(1):
            out.append((found[0].code, found[0].span))
    return out
