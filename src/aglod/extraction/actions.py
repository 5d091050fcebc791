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
from .coalitions import ROLE_JOINED, ROLE_LED, Coalition, read_coalition, stated_count
from .targets import find_targets
from .text import announcing_sentences, body_sentences

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


_INVESTIGATION = re.compile(r"investigations?|probes?|task\s+force", re.I)


def _other_nouns(types: set[str]) -> re.Pattern[str] | None:
    """Nouns whose leads are not the announced action's: an investigation that came
    before a lawsuit, letter or brief ("These lawsuits are the result of a nationwide
    investigation led by …"). For a settlement or judgment, the investigation is the
    coalition's own work, and its leads lead."""
    if types & {"Settlement", "Judgment", "Investigation", "Agreement"}:
        return None
    return _INVESTIGATION


def find_actions(
    text: str,
    seg: Segments,
    office: str | None,
    released: date | None,
    people: list[Person],
) -> list[Action]:
    announcing = announcing_sentences(text, seg, released)
    body = body_sentences(text, seg, released)
    found = [f for s in announcing for f in _triggers(text, s)]
    strong = [f for f in found if f.strong]
    chosen = strong or [f for f in found if not f.strong]
    if not chosen:
        for s in body[len(announcing) :]:
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
    # A suit settled, or the suit an amicus brief is filed in, is not a new lawsuit.
    if "Lawsuit" in by_type and ({"Settlement", "AmicusBrief"} & by_type.keys()):
        del by_type["Lawsuit"]
    if not by_type:
        span = seg.headline or seg.lead or Span.of(text, 0, 0)
        by_type["Statement"] = [_Found("Statement", span, span, False)]

    coalition = read_coalition(text, seg, office, released, people, _other_nouns(set(by_type)))
    actions: list[Action] = []
    for typ, hits in by_type.items():
        first = hits[0]
        # every non-background sentence that names this action
        naming = [s for s in body if any(f.type == typ for f in _triggers(text, s))]
        naming += [h.sentence for h in hits if h.sentence not in naming]
        action = Action(type=typ, role="sole", span=first.span)
        counted = stated_count(text, naming)
        if _is_coalition_action(naming, coalition, office, counted is not None):
            action.role = coalition.role if coalition.role != "sole" else "joined"
            action.participants = dict(coalition.participants)
            action.leads = dict(coalition.leads)
            action.stated_count, action.count_span = (
                counted if counted else (coalition.count, coalition.count_span)
            )
        if office:
            action.participants.setdefault(office, first.span)
            if action.role in ("led", "co-led"):
                action.leads.setdefault(office, coalition.role_span or first.span)
        _date_action(action, naming, text, seg, released, single=len(by_type) == 1)
        # the lead names who an action is aimed at most fully; then the headline and deks
        in_lead = [h.sentence for h in hits if seg.lead and seg.lead.start <= h.sentence.start]
        targets = find_targets(
            text, typ, in_lead + [h.sentence for h in hits if h.sentence not in in_lead], people
        )
        if _PLURAL.search(first.span.quote) and len(targets) > 1:
            for t in targets:
                twin = Action(**{**action.__dict__, "targets": [t]})
                twin.participants = dict(action.participants)
                twin.leads = dict(action.leads)
                actions.append(twin)
            continue
        action.targets = targets
        actions.append(action)
    # Coalition facts belong to the coalition's own action(s); where no action's words
    # speak of the coalition, the first announced action is the coalition's.
    if actions and all(a.role == "sole" for a in actions) and coalition.role != "sole":
        main = actions[0]
        main.role = coalition.role
        main.participants.update(coalition.participants)
        main.leads.update(coalition.leads)
        main.stated_count, main.count_span = coalition.count, coalition.count_span
    return actions


def _is_coalition_action(
    naming: list[Span], c: Coalition, office: str | None, counted: bool
) -> bool:
    """Is this action the coalition's? Where the release names coalition members, or
    the sentences naming the action state a count; else where a coalition exists (the
    office joins or leads) and those sentences speak of it."""
    if c.names_members(office) or counted:
        return True
    if c.role == "sole":
        return False
    return any(ROLE_JOINED.search(s.quote) or ROLE_LED.search(s.quote) for s in naming)


def _date_action(
    action: Action,
    naming: list[Span],
    text: str,
    seg: Segments,
    released: date | None,
    single: bool,
) -> None:
    """ "today" in a sentence naming the action is the release date, "yesterday" the
    day before, a weekday the last such day on or before it. A release announcing one
    action dates it by its lead too ("Attorney General X today joined …")."""
    if released is None:
        return
    scope = list(naming)
    if single and seg.lead:
        scope.append(seg.lead)
    for rx, back in ((_TODAY, 0), (_YESTERDAY, 1)):
        for s in scope:
            m = rx.search(s.quote)
            if m:
                action.date = released - timedelta(days=back)
                action.date_span = Span.of(text, s.start + m.start(), s.start + m.end())
                return
    for s in naming:
        m = _WEEKDAY.search(s.quote)
        if m and not m.group(0).lower().startswith("last"):
            days = (released.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
            action.date = released - timedelta(days=days)
            action.date_span = Span.of(text, s.start + m.start(1), s.start + m.end(1))
            return
