"""The coalition a release speaks of: the office's role, the stated size, the
jurisdictions taking part and those leading.

Participants are read from
- lists of jurisdictions: three or more names joined by commas and "and", or fewer
  after a cue ("joined by the attorneys general of …", "led by …", "other states
  and Puerto Rico");
- Attorneys General of other jurisdictions named in a sentence about the coalition
  ("Joining … was District of Columbia Attorney General Karl Racine");
- a jurisdiction that acts ("Florida is filing its own federal lawsuit");
- the signature blocks of an attached letter ("Attorney General of Utah").
Leads are the jurisdictions "led by" names, and an Attorney General "who led the
coalition (along with the attorneys general of …)". Sentences about a separate
coalition ("is leading a coalition … in filing a similar lawsuit") and background
sentences add nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from ..records import Person, Segments, Span
from .people import plural_names
from .places import LIST_CUE, Mention, enumerations, mentions
from .text import NUMBER, announcing_sentences, body_sentences, number_value, opens_on_the_past

# What one leads, a few words after the verb at most: a coalition, an effort, a
# filing, states. "leading lenders", "led to", "leading up to" and "the lead-up" are
# no leading of an action.
_LED_OBJECT = (
    r"(?:coalition|group|effort|charge|fight|battle|challenge|push|brief|letter|lawsuit|suit|"
    r"case|comments?|petition|motion|filing|amicus|investigation|negotiations?|settlement|"
    r"team|states?|"
    r"attorneys|AGs|multistate|multi-state|bipartisan|"
    r"\d{1,3}(?:-state|\s+(?:other\s+)?(?:states|attorneys|AGs|jurisdictions)))"
)
ROLE_LED = re.compile(
    r"(?<![\w-])(?:leads?|led|leading|spearhead\w{0,4}|head(?:s|ed|ing)?)(?![\w-])"
    r"(?!\s++by\b)\s++(?:[\w’'-]{1,40}\s++){0,3}?" + _LED_OBJECT + r"\b",
    re.I,
)
# a sentence about an earlier action: "In April, Drummond led a 26-state coalition …"
# "Arizona Attorney General Mark Brnovich and West Virginia Attorney General Patrick
# Morrisey are co-leading a coalition": the verb after the jurisdictions that lead
_LEAD_VERB = re.compile(r"(?<![\w-])(?:co-?)?(?:leads?|led|leading)(?![\w-])(?!\s++by\b)", re.I)
# "the Florida and West Virginia-led letter", "a Texas-led coalition"
_HYPHEN_LED = re.compile(r"-(?:co-?)?led\b", re.I)
# "Joining Drummond in leading the coalition are attorneys general from Arizona, …"
_JOINS_IN_LEADING = re.compile(r"\bjoin(?:s|ed|ing)?\b[^.;]{0,160}?\bin\s+(?:co-?)?leading\b", re.I)
_EXECUTIVE_COMMITTEE = re.compile(r"\bexecutive\s+committee\b", re.I)
# words that make the part of a sentence before a lead verb more than its subject
_OTHER_VERB = re.compile(
    r"\b(?:join(?:s|ed|ing)?|said|says|announced|filed|sent|signed|urged|which|who|that|"
    r"after|when|against)\b",
    re.I,
)
ROLE_COLED = re.compile(r"\bco-?(?:lead|leads|led|leading)\b", re.I)
ROLE_JOINED = re.compile(
    r"\b(?:join(?:s|ed|ing)?|coalition|multistate|multi-state|bipartisan\s+group|"
    r"(?:attorneys\s+general|AGs)\s+(?:of|from)|other\s+(?:states|attorneys\s+general|AGs)|"
    r"one\s+of\s+" + NUMBER + r"|together\s+with|along\s+with|alongside)\b",
    re.I,
)
_LED_BY = re.compile(r"\b(?P<co>co-)?led\s+by\s+", re.I)
# "is led by the attorneys general of " right before a list of states
_LED_BY_AGS_OF = re.compile(
    r"\b(?:co-)?led[ \t]++by[ \t]++(?:the[ \t]++)?(?:attorneys[ \t]++general|AGs)[ \t]++"
    r"(?:of|from)[ \t]++(?:the[ \t]++)?$",
    re.I,
)
# Patterns read at the end of a name open where its run of blanks opens (a look-behind),
# so that a search never rescans one long run of blanks from each of its characters;
# blanks are possessive where nothing after them can be a blank. Each is linear in the
# text (tests/test_linear_regex.py).
_WHO_LED = re.compile(
    r"(?<![\s,]),?\s++(?:who|which)\s++(?:also\s++)?(?:co-)?(?:led|leads|is\s+leading|co-led|"
    r"co-leads)\b(?P<rest>[^.;]*+)",
    re.I,
)
# "The letter that I led alongside the attorneys general of Massachusetts, Missouri, and
# Vermont": a lead verb, then the partners who lead with the subject, right before a list
_LED_ALONGSIDE = re.compile(
    r"(?<![\w-])(?:co-)?(?:led|leads|leading)(?![\w-])(?![ \t]++by\b)[^.;\n]{0,40}?"
    r"(?<![\w-])(?:alongside|along[ \t]++with|together[ \t]++with)[ \t]++(?:the[ \t]++)?"
    r"(?:attorneys[ \t]++general|AGs)[ \t]++(?:of|from)[ \t]++(?:the[ \t]++)?$",
    re.I,
)
_ALONG_WITH = re.compile(r"\b(?:along\s+with|together\s+with)\s+(?:the\s+)?", re.I)
# ("two separate lawsuits" are both the coalition's: a count before "separate" is no other)
_SEPARATE = re.compile(
    r"(?<!\btwo\s)(?<!\bthree\s)(?<!\bboth\s)\b(?:similar|separate|another|second)\s+(?:\w+\s+){0,2}?(?:lawsuits?|suits?|letters?|"
    r"briefs?|coalitions?|complaints?|actions?)\b",
    re.I,
)
# blanks, any of "is", "are", … each followed by blanks, then the verb: the language of
# "\s+(?:is|…|\s)*\s*(?:verb)", whose nested blanks split a run every way
_ACTS = re.compile(
    r"(?<!\s)\s++(?:(?:is|are|has|have|also|was|were)\s*+)*+(?:join(?:s|ed|ing)|fil(?:es|ed|ing)|"
    r"sign(?:s|ed|ing)|su(?:es|ed|ing)|co-?led|co-?leads)\b",
    re.I,
)

_AGS = (
    r"(?:(?:[\w-]+\s+){0,4}?(?:attorneys[\s-]+general|AG['’]?s|attorney\s+generals|states?|"
    r"jurisdictions|territories|(?:state\s+)?AGs))"
)
# (pattern, offset added to the number), the most telling first: the first that
# matches in the closest scope wins.
COUNT_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (
        re.compile(
            r"\ball\s+(" + NUMBER + r")\s+states\s+(?:and|plus)\s+(?:the\s+)?"
            r"(?:District\s+of\s+Columbia|D\.C\.)",
            re.I,
        ),
        1,
    ),
    (re.compile(r"\bcoalition\s+of\s+(" + NUMBER + r")\s+" + _AGS, re.I), 0),
    (re.compile(r"\b(" + NUMBER + r")[- ]states?\s+(?:bipartisan\s+)?coalition", re.I), 0),
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
    (re.compile(r"\b(?:with|by|among)\s+(" + NUMBER + r")\s+" + _AGS, re.I), 0),
]
_COUNT_NUMBER = re.compile(NUMBER, re.I)
_COUNT_NOUN = re.compile(r"state|attorney|AG|jurisdiction|territor", re.I)
# "Attorney General of Utah" on a line of a signature block; the jurisdiction is the rest
# of the line without its trailing blanks
_SIGNATORY = re.compile(
    r"^[^\S\n]*+Attorneys?\s+General\s+(?:of|for)\s+(?:the\s+)?(\S(?:[^\n]*\S)?)", re.M
)
_NAMES_OFFICE = re.compile(r"\b(?:Attorney\s+General|AG|office)\b|^[A-Z][a-z]+")
# "led by Washington Attorney General " right before a name
_LED_BY_AG = re.compile(
    r"\b(?i:(?:co-)?led\s+by)\s+(?:the\s+)?(?:[A-Z][\w.]{0,40}\s+){0,4}Attorneys?\s+General\s+$"
)
# "Drummond joined Kentucky Attorney General Russell Coleman in the FHWA suit alongside
# attorneys general from ...": the one Attorney General the office joined in an action
_JOINED_AG = re.compile(
    r"(?<![\w-])(?i:join(?:s|ed)?)[ \t]++(?:(?-i:[A-Z])[\w.]{0,40}[ \t]++){0,4}"
    r"Attorney[ \t]++General[ \t]++$"
)
_IN_AN_ACTION_WITH_OTHERS = re.compile(
    r"(?<![ \t])[ \t]++in[ \t]++[^.;]{0,80}?(?<![\w-])(?:alongside|along[ \t]++with|"
    r"together[ \t]++with)"
    r"[ \t]++(?:the[ \t]++)?(?:attorneys[ \t]++general|AGs|states)\b",
    re.I,
)
# "AG Ford is joined by co-lead Attorney General Rob Bonta": a partner named a co-lead
_CO_LEAD_AG = re.compile(
    r"(?<![\w-])(?i:co-?leads?|co-?leaders?)[ \t]++(?:(?-i:[A-Z])[\w.]{0,40}[ \t]++){0,4}"
    r"Attorneys?[ \t]++General[ \t]++$"
)


@dataclass
class Coalition:
    role: str  # the office's role: "led", "co-led", "joined" or "sole"
    role_span: Span | None
    count: int | None
    count_span: Span | None
    participants: dict[str, Span] = field(default_factory=dict)
    leads: dict[str, Span] = field(default_factory=dict)

    def names_members(self, office: str | None) -> bool:
        return bool(set(self.participants) - {office})


def _mentions_office(s: str) -> bool:
    return bool(_NAMES_OFFICE.search(s))


_OTHER = re.compile(r"\bother\b", re.I)
# between two Attorneys General joined as one subject: " and Iowa Attorney General "
_AND_AG = re.compile(
    r"(?<![ \t]),?[ \t]++(?:and|&)[ \t]++(?:(?:the[ \t]++)?[A-Z][\w.]{0,40}+[ \t]++){1,4}"
    r"Attorney[ \t]++General[ \t]++"
)
# a jurisdiction named after a count of states, as a member besides them
_MEMBER_AFTER = re.compile(
    r"(?<![ \t])(?:,?[ \t]++(?:and|plus)|,)[ \t]++(?:the[ \t]++)?(?:District[ \t]++of[ \t]++Columbia|"
    r"D\.C\.|Puerto[ \t]++Rico|Guam|(?:U\.S\.[ \t]++)?Virgin[ \t]++Islands|American[ \t]++Samoa|"
    r"Northern[ \t]++Mariana[ \t]++Islands|one[ \t]++territor(?:y|ies)(?:[’']s)?)(?![\w-])",
    re.I,
)


# the words before a list of the states on the other side of a case
OPPOSED = re.compile(
    r"\b(?:against|v\.|vs\.|versus|su(?:e|es|ed|ing)|challenging|opposing)[ \t]++(?:the[ \t]++)?"
    r"(?:states?[ \t]++of[ \t]++)?$",
    re.I,
)


def _members_after(sentence: str, pos: int) -> int:
    """How many jurisdictions a sentence names right after a count of states."""
    n = 0
    while n < 5:
        m = _MEMBER_AFTER.match(sentence, pos)
        if not m:
            return n
        n += 1
        pos = m.end()
    return n


def stated_count(text: str, scope: list[Span]) -> tuple[int, Span] | None:
    """The coalition size a text states, by the most telling pattern found in scope."""
    best: tuple[int, int, Span] | None = None
    for s in scope:
        # every pattern names a number and states or attorneys general: a cheap test
        # of both spares most sentences the dozen patterns
        if not (_COUNT_NOUN.search(s.quote) and _COUNT_NUMBER.search(s.quote)):
            continue
        for prio, (rx, add) in enumerate(COUNT_PATTERNS):
            m = rx.search(s.quote)
            if not m:
                continue
            value = number_value(m.group(1))
            if value is not None and prio not in (0, 3):
                # "a coalition of nine other states": the office besides them
                if add == 0 and _OTHER.search(m.group(0)):
                    add = 1
                # "... 18 other states and the District of Columbia", "19 state attorneys
                # general and one territory’s attorney general": members named after
                add += _members_after(s.quote, m.end())
            if value is None or not 2 <= value + add <= 60:
                continue
            if best is None or prio < best[0]:
                span = Span.of(text, s.start + m.start(), s.start + m.end())
                best = (prio, value + add, span)
    return (best[1], best[2]) if best else None


def _role(text: str, announcing: list[Span], office: str | None) -> tuple[str, Span | None]:
    # "co-led" anywhere in the announcement, before "leads" anywhere: a headline's "Leads"
    # or a quote's "proud to be leading" is loose where the lead says "co-led"
    for s in announcing:
        m = ROLE_COLED.search(s.quote)
        if m and _mentions_office(s.quote) and not opens_on_the_past(s.quote):
            return "co-led", Span.of(text, s.start + m.start(), s.start + m.end())
    for s in announcing:
        if opens_on_the_past(s.quote):
            continue
        m = ROLE_LED.search(s.quote)
        if m and _mentions_office(s.quote[: m.start()]):
            return "led", Span.of(text, s.start + m.start(), s.start + m.end())
        m = _LEAD_VERB.search(s.quote)
        # "AG Healey's Office is on the executive committee that is leading it"
        if m and _EXECUTIVE_COMMITTEE.search(s.quote) and _mentions_office(s.quote):
            return "co-led", Span.of(text, s.start + m.start(), s.start + m.end())
    for s in announcing:
        if opens_on_the_past(s.quote):
            continue
        for m in ROLE_JOINED.finditer(s.quote):
            # "a multi-state trafficking ring", "Multistate Cannabis Operators": the
            # adjective makes a coalition only of an action or a group of states
            if _MULTISTATE.fullmatch(m.group(0)) and not _MULTISTATE_ACTION.match(s.quote, m.end()):
                continue
            # "joined by federal partners", "along with the FBI": the office may act with
            # others that are no Attorneys General; such a word makes a coalition only
            # where the sentence speaks of other states or their Attorneys General
            if _WITH_OTHERS.match(m.group(0)) and not _has_peers(text, s, office):
                continue
            return "joined", Span.of(text, s.start + m.start(), s.start + m.end())
    return "sole", None


_MULTISTATE = re.compile(r"multi-?state", re.I)
_MULTISTATE_ACTION = re.compile(
    r"(?<![ \t])[ \t]++(?:[\w-]++[ \t]++)?(?:coalitions?|lawsuits?|suits?|settlements?|letters?|briefs?|"
    r"investigations?|efforts?|groups?|agreements?|actions?|complaints?|task[ \t]++force|"
    r"petitions?|comments?|challenges?|judgments?|case)\b",
    re.I,
)
# the words of ROLE_JOINED that say only that the office acts with someone
_WITH_OTHERS = re.compile(r"join|together|along|alongside", re.I)
_PEERS = re.compile(
    r"\b(?:attorneys[ \t]++general|AGs|states|coalition|multistate|multi-state|"
    r"colleagues|counterparts|bipartisan)\b",
    re.I,
)


def _has_peers(text: str, s: Span, office: str | None) -> bool:
    """Does the sentence speak of other states or their Attorneys General?"""
    if _PEERS.search(s.quote):
        return True
    return any(m.code not in ("US", office) for m in mentions(text, s.start, s.end))


def _led_noun_is_other_action(before: str, other_nouns: re.Pattern[str] | None) -> bool:
    """ "an investigation led by …" where the release announces a lawsuit: the leads of
    another thing are not the action's leads."""
    return bool(other_nouns and other_nouns.search(before[-40:]))


def read_coalition(
    text: str,
    seg: Segments,
    office: str | None,
    released: date | None,
    people: list[Person],
    other_nouns: re.Pattern[str] | None = None,
) -> Coalition:
    """The coalition of the release's announced action(s). ``other_nouns`` matches
    nouns of actions the release does not announce (whose leads are not leads)."""
    announcing = announcing_sentences(text, seg, released)
    scope = [s for s in body_sentences(text, seg, released) if not _SEPARATE.search(s.quote)]
    role, role_span = _role(text, announcing, office)
    counted = stated_count(text, announcing)  # the body's counts go with the action they name
    c = Coalition(role, role_span, *(counted or (None, None)))

    ag_people = [p for p in people if p.post_title == "Attorney General"]
    for s in scope:
        found = mentions(text, s.start, s.end)
        for run in enumerations(text, found):
            before = text[max(s.start, run[0].span.start - 60) : run[0].span.start]
            if OPPOSED.search(before):
                continue  # "its lawsuit against Pennsylvania, Georgia, Michigan and Wisconsin"
            if len(run) >= 3 or LIST_CUE.search(before):
                led = _list_is_led_by(before, other_nouns) or bool(_LED_ALONGSIDE.search(before))
                _add(c, run, lead=led)
        for m in found:  # "Florida is filing its own federal lawsuit"
            if m.code != "US" and _ACTS.match(text, m.span.end, s.end):
                c.participants.setdefault(m.code, m.span)
        _sentence_leads(text, c, s, found, ag_people, office)
        _plural_leads(text, c, s, ag_people)
        coalition_sentence = bool(ROLE_JOINED.search(s.quote) or _LED_BY.search(s.quote))
        for p in ag_people:
            if not (s.start <= p.span.start < s.end) or p.jurisdiction in ("US", ""):
                continue
            if p.jurisdiction == office:
                # "led by Attorney General James and Connecticut Attorney General
                # William Tong" in New York's release: the office leads; not "a case
                # led by Attorney General Phil Weiser's Medicaid Fraud Control Unit"
                head = text[max(s.start, p.span.start - 80) : p.span.start]
                led_by = _LED_BY_AG.search(head)
                if (
                    led_by
                    and not text.startswith(("’s", "'s"), p.span.end)
                    and not _led_noun_is_other_action(head[: led_by.start()], other_nouns)
                ):
                    c.leads.setdefault(office, p.span)
                continue
            if coalition_sentence:
                c.participants.setdefault(p.jurisdiction, p.span)
            _person_leads(text, c, p, s, office, other_nouns)
    # "led by Ohio Attorney General Dave Yost and Iowa Attorney General Tom Miller": an
    # Attorney General joined by "and" to a lead leads too
    ordered = sorted(ag_people, key=lambda p: p.span.start)
    for p1, p2 in itertools.pairwise(ordered):
        if (
            p1.jurisdiction in c.leads
            and p2.jurisdiction not in ("US", "")
            and _AND_AG.fullmatch(text, p1.span.end, p2.span.start)
        ):
            c.leads.setdefault(p2.jurisdiction, p2.span)
    if seg.attachments:
        for code, span in _signatories(text, seg.attachments):
            c.participants.setdefault(code, span)
    for code, span in c.leads.items():
        c.participants.setdefault(code, span)
    # the office leads where the body says so of a coalition the announcement speaks of;
    # of an office acting alone, only where the announcement says it leads ("AG Miller
    # became known ... for leading multi-state lawsuits" in a farewell is no lead)
    if (
        office
        and office in c.leads
        and (
            c.role == "joined"
            or (
                c.role == "sole"
                and any(s.start <= c.leads[office].start < s.end for s in announcing)
            )
        )
    ):
        c.role = "led" if len(c.leads) == 1 else "co-led"
    if c.role == "led" and len(set(c.leads) - {office}) > 0:
        c.role = "co-led"
    if c.role == "sole" and (c.names_members(office) or (c.count or 0) > 1):
        c.role = "joined"
    return c


def _sentence_leads(
    text: str,
    c: Coalition,
    s: Span,
    found: list[Mention],
    ag_people: list[Person],
    office: str | None,
) -> None:
    """Leads a sentence names by features every office's releases share: the
    jurisdictions (or their Attorneys General) that are the subject of a lead verb
    ("A and B are co-leading a coalition", "Massachusetts and Illinois Lead Coalition
    of 16 AGs"), those before "-led" ("the Florida and West Virginia-led letter"), and
    those joining the office "in leading" it ("Joining Drummond in leading the
    coalition are attorneys general from Arizona, Minnesota and Ohio")."""
    if opens_on_the_past(s.quote) or _SEPARATE.search(s.quote):
        return
    if _JOINS_IN_LEADING.search(s.quote):
        for m in found:
            if m.code != "US":
                c.leads.setdefault(m.code, m.span)
        if office:
            c.leads.setdefault(office, s)
        return
    for h in _HYPHEN_LED.finditer(text, s.start, s.end):
        runs = enumerations(text, [m for m in found if m.span.end <= h.start()])
        if runs and runs[-1][-1].span.end == h.start():
            _add(c, runs[-1], lead=True)
    verb = _LEAD_VERB.search(text, s.start, s.end)
    if verb is None or not (
        ROLE_LED.match(text, verb.start()) or ROLE_COLED.match(text, verb.start())
    ):
        return
    subject = text[s.start : verb.start()]
    if _OTHER_VERB.search(subject) or len(subject) > 400:
        return
    subjects = [m for m in found if m.span.end <= verb.start() and m.code != "US"]
    subjects_people = [
        p
        for p in ag_people
        if s.start <= p.span.start < verb.start() and p.jurisdiction not in ("", "US")
    ]
    for m in subjects:
        c.leads.setdefault(m.code, m.span)
    verb_span = Span.of(text, verb.start(), verb.end())
    for p in subjects_people:  # the office's own lead is shown by the verb
        c.leads.setdefault(p.jurisdiction, verb_span if p.jurisdiction == office else p.span)
    if office and not subjects and _mentions_office(subject):
        c.leads.setdefault(office, Span.of(text, verb.start(), verb.end()))


# "led by Attorneys General ", "Joining Attorneys General " before a list of names
_PLURAL_LEADS = re.compile(
    r"(?<![\w-])(?:(?i:(?:co-)?led[ \t]++by)|Joining)[ \t]++(?:the[ \t]++)?Attorneys[ \t]++General[ \t]++"
)


def _plural_leads(text: str, c: Coalition, s: Span, ag_people: list[Person]) -> None:
    """Leads named after the title in the plural: "The coalition, led by Attorneys
    General Ellison and Kris Mayes of Arizona, explain ...", "Joining Attorneys General
    Ellison and Paxton in the amicus brief are the attorneys general of ..." (two or
    more names: those the others join)."""
    families = {p.family_name.lower(): p.jurisdiction for p in ag_people}
    for m in _PLURAL_LEADS.finditer(text, s.start, s.end):
        names = plural_names(text, m.end())
        if m.group(0).startswith("Joining") and (
            len(names) < 2 or text[s.start : m.start()].strip(' \t“"')
        ):
            continue  # "Joining ... are": a sentence's first word, two names or more
        for _name, family, state, span in names:
            code = state or families.get(family.lower())
            if code and code != "US":
                c.leads.setdefault(code, span)
                c.participants.setdefault(code, span)


def _list_is_led_by(before: str, other_nouns: re.Pattern[str] | None) -> bool:
    """Do the words before a list say it leads ("… led by the State of California",
    "… is led by the attorneys general of")?"""
    tail = before[-25:]
    m = _LED_BY.search(tail)
    if m is None:
        tail = before[-60:]
        m = _LED_BY_AGS_OF.search(tail)
    if m is None:
        return False
    prefix = before[: len(before) - len(tail) + m.start()]
    return not _led_noun_is_other_action(prefix, other_nouns)


def _add(c: Coalition, run: list[Mention], lead: bool) -> None:
    for mention in run:
        if mention.code == "US":  # the federal government is no coalition member
            continue
        c.participants.setdefault(mention.code, mention.span)
        if lead:
            c.leads.setdefault(mention.code, mention.span)


def _person_leads(
    text: str,
    c: Coalition,
    p: Person,
    s: Span,
    office: str | None,
    other_nouns: re.Pattern[str] | None,
) -> None:
    """ "led by Washington Attorney General Bob Ferguson"; "District of Columbia Attorney
    General Karl Racine, who led the brief along with the attorneys general of New
    Jersey and Pennsylvania"; "AG Ford is joined by co-lead Attorney General Rob Bonta"
    (the partner leads with the office); "Drummond joined Kentucky Attorney General
    Russell Coleman in the FHWA suit alongside attorneys general from ..."."""
    head_start = max(s.start, p.span.start - 80)
    head = text[head_start : p.span.start]
    led_by = _LED_BY_AG.search(head)
    if led_by and not _led_noun_is_other_action(head[: led_by.start()], other_nouns):
        c.leads.setdefault(p.jurisdiction, p.span)
        return
    co_lead = _CO_LEAD_AG.search(text, head_start, p.span.start)
    if co_lead and office and _mentions_office(text[s.start : co_lead.start()]):
        c.leads.setdefault(p.jurisdiction, p.span)
        c.leads.setdefault(office, Span.of(text, co_lead.start(), p.span.start))
        if c.role == "sole":  # a coalition, whatever the announcement says of it
            c.role = "joined"
        return
    if _JOINED_AG.search(text, head_start, p.span.start) and _IN_AN_ACTION_WITH_OTHERS.match(
        text, p.span.end, s.end
    ):
        c.leads.setdefault(p.jurisdiction, p.span)
        return
    m = _WHO_LED.match(text, p.span.end, s.end)
    if not m:
        return
    c.leads.setdefault(p.jurisdiction, p.span)
    rest_start = m.start("rest")
    along = _ALONG_WITH.search(text, rest_start, m.end("rest"))
    if along:
        runs = enumerations(text, mentions(text, along.end(), m.end("rest")))
        if runs and text[along.end() : runs[0][0].span.start].strip(" ,") in (
            "",
            "attorneys general of",
            "attorneys general of the",
            "AGs of",
        ):
            _add(c, runs[0], lead=True)


def _signatories(text: str, attachments: Span) -> list[tuple[str, Span]]:
    """Jurisdictions whose Attorney General signs a letter attached to the release."""
    out = []
    for m in _SIGNATORY.finditer(text, attachments.start, attachments.end):
        found: list[Mention] = mentions(text, m.start(1), m.end(1))
        if found and found[0].span.start == m.start(1):
            out.append((found[0].code, found[0].span))
    return out
