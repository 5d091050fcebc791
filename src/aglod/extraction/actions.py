"""Actions a release announces: their type, the office's role, the coalition (stated
size, participants, leads), the date, and who they are aimed at.

Rules, in the order they apply:

1. Actions are announced in the headline and the lead paragraph (the inverted
   pyramid of a press release); the rest of the body adds detail. Each distinct type
   found there by a trigger word is one action, whatever its number of targets
   ("settlements with A and B" is one settlement, as annotators mostly read it); a
   count of the action's nouns in the lead ("two separate lawsuits") gives that many.
2. Where the headline and lead name no action, the first action noun of a
   non-background sentence of the body decides ("see attached for the letter"); a
   release that announces nothing else is a Statement.
3. Background sentences ("last week", "recently", "in 2015") never add an action,
   a count or a participant.
4. Which of the cues is the release's main news is weighed by a small model
   (``typemodel``) over the headline's and lead's words and the cues found: its type
   comes first, and where the rules found no cue of that type, their actions give way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..dates import WEEKDAYS, find_date
from ..records import Action, Person, Segments, Span
from . import typemodel
from .coalitions import ROLE_JOINED, ROLE_LED, Coalition, read_coalition, stated_count
from .targets import find_targets
from .text import announcing_sentences, body_sentences, is_earlier, title_case

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
        r"(?:judgment|ruling|verdict|decision|court\s+order|restraining\s+order|injunction)|"
        r"(?:court|judge)\s+(?:(?:on\s+)?\w+day\s+|today\s+|has\s+|have\s+)?(?:rules|ruled|orders|ordered|sides|sided|blocks|"
        r"blocked|halts|halted|stops|stopped|vacated|vacates|enjoined|enjoins|struck\s+down|"
        r"strikes\s+down|denies|denied)|"
        r"(?:judgment|ruling|verdict)\s+(?:against|in\s+favor)|"
        r"grant(?:s|ed|ing)\s+(?:a\s+|the\s+)?(?:preliminary\s+|permanent\s+)?injunction|"
        # "Judge Doughty issued a nationwide preliminary injunction", "Secure First Victory",
        # "celebrates appeals court decision"
        r"(?:issu|enter)(?:es|ed|s)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:preliminary\s+|"
        r"permanent\s+)?(?:injunction|restraining\s+order)|"
        r"(?:secur|win|won|scor)\w*\s+(?:(?:a|an|the|first|major|big|another|important|"
        r"significant)\s+){0,3}(?:legal\s+|court\s+)?victory|"
        r"(?:celebrat|applaud|prais|welcom|hail)\w*\s+(?:(?:the|a|an|today’s|today's)\s+)?"
        r"(?:\w+\s+){0,2}?(?:court\s+)?(?:decision|ruling)",
        True,
    ),
    (
        "Charges",
        r"(?<!led\sthe\s)(?<!lead\sthe\s)(?<!leads\sthe\s)(?<!leading\sthe\s)(?<!in\s)(?<!of\s)"
        r"(?<!for\s)charge[sd]?(?!\s+among)(?!\s+(?:a\s+|an\s+|any\s+|the\s+|their\s+)?"
        r"(?:consumers?|customers?|fees?|more|prices?|interest|made|homeowners?|borrowers?|"
        r"patients?|students?|residents?|tenants?|buyers?|subscribers?|clients?|families|"
        r"users?|\$))|charging(?!\s+(?:consumers?|customers?|homeowners?|borrowers?|patients?|"
        r"students?|fees?|more|too|prices?|excessive|unreasonable|higher|interest|\$))|"
        r"indict(?:s|ed|ment)|"
        r"convict(?:s|ed|ion)|sentenc(?:ed|ing)|plead(?:s|ed)?\s+guilty|pled\s+guilty|"
        r"found\s+guilty|arrest(?:s|ed)?(?!\s+warrants?)|arraign(?:s|ed|ment)",
        True,
    ),
    (
        "Lawsuit",
        r"lawsuits?|su(?:e|es|ed|ing)|suit|complaints?\s+against|files?\s+(?:a\s+)?"
        r"complaint|(?:take|takes|took|taken|taking|file|files|filed)\s+legal\s+action|"
        r"petitions?\s+for\s+review",
        True,
    ),
    ("CourtFiling", r"motions?|(?<!amicus\s)briefs?|filings", True),
    (
        "Letter",
        r"letters?|petition(?:s|ed|ing)?(?!\s+for\s+review)|comment\s+letters?|"
        r"comments\s+(?:to|with)",
        True,
    ),
    (
        "Investigation",
        r"(?:launch|open|announc|begin|began|start|initiat|conduct)\w*\s+(?:of\s+)?"
        r"(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:investigation|inquiry|review|probe)|"
        r"investigating|subpoena(?:s|ed)?",
        True,
    ),
    (
        "ConsumerAlert",
        r"warns?|warning|alerts?|scams?|consumers?\s+should|protect\s+yourself"
        r"|tips\s+(?:for|to)|(?:remind|advis)(?:s|es|ed|ing)?\s+(?:all\s+)?(?:consumers|residents|"
        r"citizens|individuals|businesses|the\s+public|[A-Z][a-z]+(?:ans|ians|ers|ites|ns))|"
        r"consumers\s+(?:can|may)|on\s+the\s+lookout|beware",
        True,
    ),
    (
        "Meeting",
        r"meets?\s+with|met\s+with|visits?(?!\s+(?:www|https?|the\s+(?:[\w’'.-]+\s+){0,3}?(?:website|"
        r"web\s+site|site|page)|our\s+(?:website|web\s+site|site|page)))|visited|tours?|toured|"
        r"touring|roundtable|town\s+hall|hosts?\s+(?:a\s+)?(?:summit|forum|meeting)|"
        r"sworn\s+in|swearing[- ]in|testif(?:y|ies|ied|ying)(?:\s+\w+){0,2}?\s+before|"
        r"(?:bill|budget)\s+signing|signing\s+ceremony|keynote|(?:spoke|speaks|remarks)\s+"
        r"(?:to|at|before)|"
        r"(?:remarks|testimony)\s+as\s+prepared|(?:told|addressed|briefed)\s+(?:a\s+|the\s+)?"
        r"(?:U\.S\.\s+)?(?:\w+\s+)?(?:panel|committee|subcommittee)",
        True,
    ),
    ("Agreement", r"agreements?|memorandum\s+of\s+understanding|principles", True),
    (
        "Letter",
        r"urg(?:e|es|ed|ing)(?=\s+(?:the\s+)?(?:U\.S\.\s+)?[A-Z])|call(?:s|ed|ing)?\s+(?:up)?on|"
        r"encourag(?:e|es|ed|ing)\s+the|ask(?:s|ed|ing)?(?=\s+(?:the\s+)?[A-Z])",
        False,
    ),
    (
        "Statement",
        r"statement|opposition\s+to|disagree\w*|condemn\w*|applaud\w*|denounc\w*|laud(?:s|ed)|"
        r"prais(?:es|ed)|commend(?:s|ed)|welcom(?:es|ed)|hail(?:s|ed)",
        False,
    ),
    # a release that says it is a statement: beside another action, it is that action's
    (
        "Statement",
        r"(?:issu|releas|mak|provid|gave|give)\w*\s+(?:the\s+following|a|this|the\s+below)\s+"
        r"(?:joint\s+)?statement|following\s+statement",
        True,
    ),
    # office news that is no action on others: appointments, reports of what the office
    # did in a period, payments received under earlier agreements
    (
        "Other",
        r"(?:first|initial)\s+\d{2,3}\s+days|(?:complet|mark|celebrat)\w*\s+(?:(?:his|her|the|"
        r"its)\s+)?\d{2,3}\s+days|hundredth\s+day|"
        r"annual\s+report|year[- ]in[- ]review|week\s+in\s+review|"
        # appointments: "names Luz María Frías as Deputy Attorney General"
        r"(?:names?|named|appoint(?:s|ed)?|hires?|hired|promot(?:es|ed)|select(?:s|ed))\s+"
        r"(?:[\w’'.-]+\s+){0,5}?as\s+(?:(?:the|its|his|her|new|a)\s+){0,2}(?:chief\s+)?"
        r"(?:deputy|solicitor|assistant|director|head|inspector|general\s+counsel|"
        r"special\s+counsel)|"
        # a new office of the office: "announces satellite office in Ogallala"
        r"(?:satellite|regional|field|branch)\s+(?:office|location)|"
        # payments received under earlier agreements, totals recovered in a year
        r"(?:annual|yearly)\s+(?:\$[\d.,]+\s+(?:million\s+|billion\s+)?)?payment|"
        r"receiv(?:e|es|ed|ing)\s+(?:its\s+|an?\s+|the\s+)?(?:annual\s+|yearly\s+)?"
        r"(?:\$[\d.,]+\s+(?:million\s+|billion\s+)?)?(?:payment|installment)|"
        r"recoveries\s+(?:reach|total)\w*|"
        # awards, new services of the office, reports of a year's work
        r"(?:(?:brief|team|office|unit|division)\s+)?"
        r"(?:wins?|won|receiv\w+|earn\w+|honored\s+with|presented\s+with)\s+(?:(?:a|an|the)\s+)?"
        r"(?:[\w’'-]+\s+){0,3}?(?:award|prize)s?|best\s+brief\s+award|"
        r"(?:launch|unveil|deliver|creat|introduc)\w*\s+(?:(?:a|an|the)\s+)?(?:new\s+)?"
        r"(?:[\w’'-]+\s+){0,2}?(?:website|webpage|web\s+page|web\s+site|portal|dashboard|"
        r"database|app|map|online\s+tool)|recap(?:s|ped)?|"
        r"regulations\s+(?:[\w’'-]+\s+){0,6}?(?:approved|adopted|promulgated|take\s+effect)|"
        r"(?:present|deliver|hand)\w*\s+(?:(?:a|an|the)\s+)?(?:ceremonial\s+)?"
        r"(?:\$[\d.,]+\s+(?:million\s+|billion\s+)?)?(?:[\w’'-]+\s+)?check|"
        r"(?:year|yearly|annual|\d{4})\s+highlights|highlights\s+(?:of|from)\s+(?:the\s+)?"
        r"(?:year|\d{4})|accomplishments|by\s+the\s+numbers",
        True,
    ),
]
# Every trigger opens on a letter: "(?=[^\W\d_])" spares the engine the alternatives
# at every other position.
_TRIGGER_RES = [
    (t, re.compile(r"(?<![\w-])(?=[^\W\d_])(?:" + p + r")(?![\w-])", re.I), s)
    for t, p, s in TRIGGERS
]
# "misleading letters", "fake settlement offers": things others do, not the office's action
_NOT_THE_OFFICE = re.compile(
    r"\b(?:misleading|fake|fraudulent|deceptive|bogus|phony|scam|suspicious|unsolicited|"
    r"its|their|his|her|recent|previous|prior|earlier|past|former)\s+(?:\w+\s+)?$",
    re.I,
)

_TODAY = re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|also\s+|last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)


@dataclass
class _Found:
    type: str
    span: Span  # the trigger words
    sentence: Span
    strong: bool


# the capitalised word before a noun that makes the noun part of a name: "the Paris
# Climate Agreement", "the Master Settlement Agreement"
_NAME_WORD_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][a-z]{2,40}[ \t]++$")


def _in_a_name(text: str, sentence: Span, m: re.Match[str]) -> bool:
    """Is the action noun at ``m`` the last word of a capitalised name ("the Paris Climate
    Agreement") in a sentence not set in title case?"""
    if not m.group(0)[:1].isupper() or title_case(sentence.quote):
        return False
    words = m.group(0).split()
    if len(words) > 1 and not words[-1][:1].isupper():
        return False  # "the Lancaster County District Court denied": a court's name, then the verb
    return bool(_NAME_WORD_BEFORE.search(text, max(sentence.start, m.start() - 42), m.start()))


# an action not (yet) taken: "a lawsuit will be filed if ...", "or I will go to court and
# sue", "threatened to sue"
_UNTAKEN_BEFORE = re.compile(
    r"\b(?:will|would|could|might|can|cannot|can[’']t|may|must|should|shall|"
    r"threaten(?:s|ed|ing)?\s+to|plans?\s+to|intends?\s+to)"
    r"\s+(?:\w+\s+){0,4}$",
    re.I,
)
_UNTAKEN_AFTER = re.compile(r"(?<!\s)\s++(?:will|would|could|might)\s+be\b", re.I)


# a ruling in a suit: "decision in lawsuit over", "victory in our lawsuit"
_RULING_IN = re.compile(
    r"\b(?:decision|ruling|order|victory|win|judgment|injunction|opinion)\s+in\s+"
    r"(?:(?:the|our|its|a|their|this)\s+)?(?:[\w’'-]+\s+){0,2}$",
    re.I,
)
# "released the following statement regarding today's ruling ... in the lawsuit": what a
# statement is about is not the office's action
_STATEMENT_ON = re.compile(
    r"\bstatement\s+(?:regarding|on|about|concerning|in\s+response\s+to|following|after|"
    r"responding\s+to)\b",
    re.I,
)


_OWN = re.compile(
    r"(?<!\s)\s++(?:our|my|his|her|the\s+(?:state|office|department|attorney\s+general)(?:’s|'s)|"
    r"[A-Z][a-z]{2,20}(?:’s|'s))(?![\w’'])"
)


def _triggers(text: str, sentence: Span) -> list[_Found]:
    out = []
    about = _STATEMENT_ON.search(text, sentence.start, sentence.end)
    if about is not None and _OWN.match(text, about.end(), sentence.end):
        about = None  # "a statement regarding Ohio's amicus brief": the office's own action
    for typ, rx, strong in _TRIGGER_RES:
        for m in rx.finditer(text, sentence.start, sentence.end):
            if about is not None and m.start() >= about.end() and typ != "Statement":
                continue
            if _NOT_THE_OFFICE.search(text, max(sentence.start, m.start() - 30), m.start()):
                continue
            if typ in _UNTAKEN_TYPES and (
                _UNTAKEN_BEFORE.search(text, max(sentence.start, m.start() - 40), m.start())
                or _UNTAKEN_AFTER.match(text, m.end(), sentence.end)
            ):
                continue
            if typ == "Lawsuit" and _RULING_IN.search(
                text, max(sentence.start, m.start() - 40), m.start()
            ):
                continue  # "appeals court decision in lawsuit over ...": the suit it is in
            if typ != "Other" and _in_a_name(text, sentence, m):
                continue  # "the Paris Climate Agreement"; "Nessel Recaps 2020" is news
            out.append(_Found(typ, Span.of(text, m.start(), m.end()), sentence, strong))
    return out


_INVESTIGATION = re.compile(r"investigations?|probes?|task\s+force", re.I)
_BRIEF = re.compile(r"briefs?$", re.I)


def _other_nouns(types: set[str]) -> re.Pattern[str] | None:
    """Nouns whose leads are not the announced action's: an investigation that came
    before a lawsuit, letter or brief ("These lawsuits are the result of a nationwide
    investigation led by …"). For a settlement or judgment, the investigation is the
    coalition's own work, and its leads lead."""
    if types & {"Settlement", "Judgment", "Investigation", "Agreement"}:
        return None
    return _INVESTIGATION


def _opens_the_lead(f: _Found, seg: Segments) -> bool:
    """Is ``f`` office news in the lead's first sentence ("... has received its annual
    payment from the Master Settlement Agreement")?"""
    return f.type == "Other" and seg.lead is not None and f.sentence.start == seg.lead.start


def find_actions(
    text: str,
    seg: Segments,
    office: str | None,
    released: date | None,
    people: list[Person],
) -> list[Action]:
    announcing, body = _current_sentences(text, seg, released)
    seen: dict[tuple[int, int], list[_Found]] = {}

    def triggers(s: Span) -> list[_Found]:
        """The triggers of a sentence, found once (the body is scanned for the first
        action noun and again for each action's sentences)."""
        key = (s.start, s.end)
        if key not in seen:
            seen[key] = _triggers(text, s)
        return seen[key]

    found = [f for s in announcing for f in triggers(s)]
    chosen = [f for f in found if f.strong]
    if not chosen:  # "hailed the changes", "praises the ruling": a statement (but a
        # "statement" the body shows to be a letter is the letter)
        chosen = [f for f in found if f.type == "Statement" and f.span.quote.lower() != "statement"]
    if not chosen:  # the body's first action noun ("see attached for the letter")
        for s in body:
            if s in announcing:
                continue
            chosen = [f for f in triggers(s) if f.strong and f.type != "ConsumerAlert"]
            if chosen:
                chosen = chosen[:1]
                break
    if not chosen:  # "urges Congress", "calls on": a letter, or a statement
        chosen = [f for f in found if not f.strong]
    # "obtains a consent judgment": the judgment words of a settlement name no ruling
    settled = [f.span for f in chosen if f.type == "Settlement"]
    chosen = [
        f
        for f in chosen
        if f.type != "Judgment"
        or not any(x.start < f.span.end and f.span.start < x.end for x in settled)
    ]
    by_type: dict[str, list[_Found]] = {}
    for f in sorted(chosen, key=lambda f: f.span.start):
        by_type.setdefault(f.type, []).append(f)
    h = seg.headline
    # the headline's cues, in the order it gives them (office news first where one
    # opens on it); and their types
    headed = sorted(
        (f for f in chosen if h is not None and h.start <= f.span.start < h.end),
        key=lambda f: (f.span.start, f.type != "Other"),
    )
    in_headline = {f.type for f in headed}
    # A motion or brief in a release that announces a lawsuit or amicus brief is part of
    # it, unless the headline announces the brief and not the suit (a brief in the
    # office's own, earlier suit).
    if "CourtFiling" in by_type and ({"Lawsuit", "AmicusBrief"} & by_type.keys()):
        if (
            "CourtFiling" in in_headline
            and "AmicusBrief" not in by_type
            and "Lawsuit" not in in_headline
        ):
            del by_type["Lawsuit"]
        else:
            del by_type["CourtFiling"]
    # A ruling on a motion is the ruling's news ("the court denied TikTok's motion to
    # dismiss"), unless the headline names the motion and not the ruling.
    if "Judgment" in by_type and "CourtFiling" in by_type:
        if "CourtFiling" in in_headline and "Judgment" not in in_headline:
            del by_type["Judgment"]
        else:
            del by_type["CourtFiling"]
    # A criminal case's verdict or sentence is its charges' news ("secured a major victory
    # after a jury sentenced ..."); a suit and an order won in it are the order's news
    # unless the headline names the suit, alone or with the order ("files suit ...,
    # obtains court order": two actions).
    if "Judgment" in by_type and "Charges" in by_type:
        del by_type["Judgment"]
    both = {"Lawsuit", "Judgment"} <= in_headline  # "files suit ..., obtains court order"
    if "Lawsuit" in by_type and "Judgment" in by_type and not both:
        if "Lawsuit" in in_headline:
            del by_type["Judgment"]
        else:
            del by_type["Lawsuit"]
    # A suit settled, or the suit an amicus brief is filed in, is not a new lawsuit.
    if "Lawsuit" in by_type and ({"Settlement", "AmicusBrief"} & by_type.keys()):
        del by_type["Lawsuit"]
    # An agreement that resolves claims or is filed in a court is a settlement
    if "Agreement" in by_type and "Settlement" not in by_type:
        hits = by_type["Agreement"]
        if any(_RESOLVES.search(h.sentence.quote) for h in hits):
            by_type["Settlement"] = by_type.pop("Agreement")
    # An agreement beside a settlement, suit, judgment, letter or brief is its terms ("the
    # settlement agreement requires ..."); a warning to consumers in a release that
    # announces another action is part of that action's news, not an alert of its own,
    # unless the headline announces the warning and not the other action.
    others = by_type.keys() - {"Agreement", "ConsumerAlert", "Statement", "Meeting", "Other"}
    if "Agreement" in by_type and others:
        del by_type["Agreement"]
    # "issued the following statement on the lawsuit": a statement on the release's own
    # action is part of its news; office news ("first 100 days") is one release of
    # its own, whatever actions it recounts
    if "Statement" in by_type and others - {"Other"}:
        del by_type["Statement"]
    if "Other" in by_type and (
        (headed and headed[0].type == "Other")
        or (not headed and any(_opens_the_lead(f, seg) for f in chosen))
    ):
        # office news first in the headline ("Kansas receives $61.3 million payment from
        # tobacco settlement"), or opening the lead of a headline that names no action
        by_type = {"Other": by_type["Other"]}
    elif "Other" in by_type and (others - {"Other"}):
        del by_type["Other"]
    if "ConsumerAlert" in by_type and others:
        if "ConsumerAlert" in in_headline and not (others & in_headline):
            for typ in others:
                del by_type[typ]
        else:
            del by_type["ConsumerAlert"]
    if not by_type:
        span = seg.headline or seg.lead or Span.of(text, 0, 0)
        by_type["Statement"] = [_Found("Statement", span, span, False)]
    # the model weighs the cues: the release's main news is the type it reads
    main = typemodel.model().predict(_features(text, seg, announcing, body, triggers))
    if main == "CourtFiling" and any(
        _MOTION.search(h.sentence.quote) for h in by_type.get("Judgment", [])
    ):
        main = "Judgment"  # "the court denied Change Healthcare's Motion to Dismiss"
    by_type = _main_first(by_type, main, found, body, triggers, seg, text)

    coalition = read_coalition(text, seg, office, released, people, _other_nouns(set(by_type)))
    # a brief filed with other states in someone else's case is an amicus brief
    if "CourtFiling" in by_type and coalition.role != "sole" and "AmicusBrief" not in by_type:
        hits = by_type.pop("CourtFiling")
        if all(_BRIEF.match(h.span.quote) for h in hits):
            by_type["AmicusBrief"] = hits
        else:
            by_type["CourtFiling"] = hits
    actions: list[Action] = []
    for typ, hits in by_type.items():
        first = hits[0]
        # every non-background sentence that names this action
        kinds = {h.type for h in hits}  # a brief renamed AmicusBrief is found as CourtFiling
        naming = [s for s in body if any(f.type in kinds for f in triggers(s))]
        naming += [h.sentence for h in hits if h.sentence not in naming]
        action = Action(type=typ, role="sole", span=first.span)
        counted = stated_count(text, naming)
        if _is_coalition_action(naming, coalition, office, counted is not None):
            _join(action, coalition, office, counted)
        elif office:
            action.participants.setdefault(office, first.span)
        _date_action(action, naming, text, seg, released, single=len(by_type) == 1)
        # "Montana will receive $1,072,040 of the total $350 million national
        # settlement": the office's share of a settlement many states made
        if (
            action.role == "sole"
            and typ in _SHARED_TYPES
            and any(_SHARED.search(x.quote) for x in naming + announcing)
        ):
            action.role = "joined"

        # the lead names who an action is aimed at most fully; then the headline, the
        # subtitles, and the rest of the body
        def where(x: Span) -> int:
            if seg.lead and seg.lead.start <= x.start < seg.lead.end:
                return 0
            return 1 if x.start < (seg.lead.start if seg.lead else 0) else 2

        lead_end = seg.lead.end if seg.lead else seg.headline.end if seg.headline else 0
        targets = find_targets(
            text,
            typ,
            sorted(naming, key=lambda x: (where(x), x.start)),
            people,
            lead_end,
            # the lead's sentences, those dated earlier too ("... today announced the
            # payment of $25 million by X in connection with the July 2021 settlement")
            [s for s in announcing_sentences(text, seg, released) if where(s) == 0],
            [s for s in body if where(s) == 2] if typ in ("Charges", "Settlement") else [],
        )
        action.targets = targets
        actions.append(action)
    # "filed two separate lawsuits": as many actions of that type as the lead counts
    for action in list(actions):
        plural = _PLURAL_NOUNS.get(action.type)
        if plural is None:
            continue
        for x in announcing:
            m = plural.search(x.quote)
            if m:
                n = {"two": 2, "three": 3}[m.group(1).lower()]
                for _ in range(n - sum(a.type == action.type for a in actions)):
                    actions.append(_twin(action))
                break
    # Coalition facts belong to the coalition's own action(s); where no action's words
    # speak of the coalition, the first announced action is the coalition's.
    if actions and all(a.role == "sole" for a in actions) and coalition.role != "sole":
        _join(actions[0], coalition, office, None)
    return actions


def _main_first(
    by_type: dict[str, list[_Found]],
    main: str,
    found: list[_Found],
    body: list[Span],
    triggers: Callable[[Span], list[_Found]],
    seg: Segments,
    text: str,
) -> dict[str, list[_Found]]:
    """The actions with the model's type first. Its evidence is the first cue of that
    type in the headline or lead, else in the body, else the headline itself. Where the
    model reads a type the rules did not, the rules' actions give way: it has weighed
    their cues."""
    if main in by_type:
        return {main: by_type[main], **{t: h for t, h in by_type.items() if t != main}}
    hits = [f for f in found if f.type == main]
    if main == "AmicusBrief":  # the brief the rules read as a filing of the office's own
        hits += [f for f in by_type.get("CourtFiling", []) if _BRIEF.match(f.span.quote)]
    for s in body if not hits else []:
        hits = [f for f in triggers(s) if f.type == main][:1]
        if hits:
            break
    if not hits:
        span = seg.headline or seg.lead or Span.of(text, 0, 0)
        hits = [_Found(main, span, span, False)]
    return {main: hits}


def _features(
    text: str,
    seg: Segments,
    announcing: list[Span],
    body: list[Span],
    triggers: Callable[[Span], list[_Found]],
) -> typemodel.Features:
    """What the type model reads: the headline's words, the lead's, and the cues the
    rules find in them and in the rest of the body."""
    h = seg.headline
    cues: list[str] = []
    lead: list[str] = []
    first: dict[str, str] = {}
    for s in announcing:
        where = "h" if h is not None and s.start == h.start else "l"
        if where == "l":
            lead.extend(typemodel.terms(s.quote))
        for f in sorted(triggers(s), key=lambda f: f.span.start):
            cues.append(f"{where}:{f.type}:{'strong' if f.strong else 'weak'}")
            cues.append(f"any:{f.type}")
            if f.strong:
                first.setdefault(where, f.type)
    # the first strong cue of the headline and of the lead: the news comes first
    cues.extend(f"{where}1:{typ}" for where, typ in first.items())
    for s in body:
        if s in announcing:
            continue
        strong = [f for f in triggers(s) if f.strong]
        if strong:
            cues.append(f"b:{strong[0].type}")
            break
    return typemodel.Features(typemodel.terms(h.quote) if h else [], lead, cues)


def _current_sentences(
    text: str, seg: Segments, released: date | None
) -> tuple[list[Span], list[Span]]:
    """The announcing sentences and those of the body, without those that tell of
    earlier events."""
    announcing = [
        s for s in announcing_sentences(text, seg, released) if not is_earlier(s.quote, released)
    ]
    body = [s for s in body_sentences(text, seg, released) if not is_earlier(s.quote, released)]
    return announcing, body


def type_features(text: str, seg: Segments, released: date | None) -> typemodel.Features:
    """The type model's features of a release (for training and inspection)."""
    announcing, body = _current_sentences(text, seg, released)
    return _features(text, seg, announcing, body, lambda s: _triggers(text, s))


def _twin(action: Action) -> Action:
    """Another action like ``action``, its participants, leads and targets its own."""
    return replace(
        action,
        participants=dict(action.participants),
        leads=dict(action.leads),
        targets=list(action.targets),
    )


def _join(
    action: Action, c: Coalition, office: str | None, counted: tuple[int, Span] | None
) -> None:
    """Make ``action`` the coalition's: its role, members, leads and size."""
    action.role = c.role if c.role != "sole" else "joined"
    action.participants = {**c.participants, **action.participants}
    action.leads = {**c.leads, **action.leads}
    action.stated_count, action.count_span = counted if counted else (c.count, c.count_span)
    if office:
        action.participants.setdefault(office, action.span)
        if action.role in ("led", "co-led"):
            action.leads.setdefault(office, c.role_span or action.span)


# a motion named in the sentence of a ruling: the ruling is on it
_MOTION = re.compile(r"\bmotions?\b", re.I)
# "two separate lawsuits", "three settlements": a count of the action's nouns
_PLURAL_NOUNS = {
    typ: re.compile(
        r"\b(two|three)[ \t]++(?:separate[ \t]++|new[ \t]++|related[ \t]++)?(?:" + nouns + r")\b",
        re.I,
    )
    for typ, nouns in (
        ("Lawsuit", r"lawsuits|suits|complaints"),
        ("Settlement", r"settlements"),
        ("AmicusBrief", r"(?:amicus[ \t]++)?briefs"),
        ("Letter", r"letters"),
    )
}
# what makes an agreement a settlement: it resolves claims, or a court enters it
_RESOLVES = re.compile(
    r"\b(?:resolv(?:e|es|ed|ing)|alleg(?:ed|es|ations?)|lawsuits?|litigation|filed[ \t]++in|"
    r"court|violat(?:ed|ions?|ing))\b",
    re.I,
)
# a settlement or judgment many states made: "a national settlement", "a settlement
# with Mississippi and other states", "$16.57 million of the total $7.4 billion"
_SHARED_TYPES = frozenset({"Settlement", "Judgment"})
# the actions a release may speak of as still to come
_UNTAKEN_TYPES = frozenset({"Lawsuit", "Charges", "Settlement", "Judgment", "AmicusBrief"})
_SHARED = re.compile(
    r"\b(?:national|nationwide|multistate|multi-state)[ \t]++(?:[\w$.,-]++[ \t]++){0,3}?"
    r"(?:settlements?|agreements?|judgments?|resolutions?)\b|\band[ \t]++other[ \t]++states\b|"
    r"\bof[ \t]++the[ \t]++(?:total[ \t]++)?\$[\d.,]++[ \t]++(?:million|billion)\b",
    re.I,
)


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
    day before, a weekday the last such day on or before it; a date the sentence
    states is that date. A release announcing one action dates it by its lead too
    ("Attorney General X today joined …"). Without a release date, only stated dates."""
    if released is not None:
        scope = list(naming) + ([seg.lead] if single and seg.lead else [])
        for rx, back in ((_TODAY, 0), (_YESTERDAY, 1)):
            for s in scope:
                m = rx.search(s.quote)
                if m:
                    action.date = released - timedelta(days=back)
                    action.date_span = Span.of(text, s.start + m.start(), s.start + m.end())
                    return
    # the date printed before the dateline ("May 2, 2019 (SAINT PAUL) —") dates the release
    after = (
        seg.dateline.end
        if seg.dateline and seg.lead and seg.lead.start <= seg.dateline.start
        else 0
    )
    for s in naming:  # "The coalition filed a brief on Friday, August 25, 2017"
        found = find_date(text[max(s.start, after) : s.end]) if s.end > after else None
        if found and (released is None or found[0] <= released):
            s = Span.of(text, max(s.start, after), s.end)
            action.date = found[0]
            action.date_span = Span.of(text, s.start + found[1], s.start + found[2])
            return
    if released is None:
        return
    for s in naming:
        m = _WEEKDAY.search(s.quote)
        if m and not m.group(0).lower().startswith("last"):
            days = (released.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
            action.date = released - timedelta(days=days)
            action.date_span = Span.of(text, s.start + m.start(1), s.start + m.end(1))
            return
