"""Who an action is aimed at: the addressees of a letter, the defendants of a suit,
the parties settling, the body whose decision a statement opposes."""

from __future__ import annotations

import re
from functools import cache

from ..dates import MONTHS, WEEKDAYS
from ..records import Person, Span, Target
from .bodies import (
    administrations,
    body_aliases,
    body_mentions,
    federal_targets,
    opposed_states,
    trie_pattern,
)
from .people import NAME_WORD, STOP_TOKENS
from .places import lookup
from .text import title_case

_CUES = {
    "Letter": r"letters?\s+(?:sent\s+)?to|sent\s+to|wrote\s+to|writing\s+to|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+on|ask(?:s|ed|ing)?|petition(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|"
    r"comments?\s+to|letter\s+to",
    "Lawsuit": r"against|su(?:e|es|ed|ing)|stop|block(?:s|ed|ing)?",
    "Charges": r"against|charg(?:e|es|ed|ing)",
    "Settlement": r"settlements?\s+(?:with|from)|from|with|paid\s+by",
    # "denied TikTok's motion to dismiss", "a motion by TikTok ... to dismiss"
    "Judgment": r"against|halting|stops?|orders?|denie[sd]|motions?\s+by",
    "AmicusBrief": r"against|challenging|challenge\s+to",
    "CourtFiling": r"against|changes\s+in",
    "Statement": r"opposition\s+to|statement\s+on|disagree\w*\s+with|on",
    "Agreement": r"with",
    "Investigation": r"into|of",
    # whom an event was with or before: "met with", "testified before", "told a panel"
    "Meeting": r"meets?\s+with|met\s+with|testif(?:y|ies|ied|ying)\s+(?:\w+\s+){0,2}?before|"
    r"before|addressed|told|(?:spoke|speaks|remarks)\s+(?:to|at|before)|joined|visited|toured",
}
_CUE_RES = {typ: re.compile(r"(?<![\w-])(?:" + cue + r")\s+", re.I) for typ, cue in _CUES.items()}
RELATION = {
    "Letter": "addressee",
    "Lawsuit": "defendant",
    "Charges": "defendant",
    "Settlement": "defendant",
    "Judgment": "defendant",
    "AmicusBrief": "defendant",
}
_CONNECT = {"of", "the", "for", "and", "&", "de", "du", "la", "on"}
# "along with", "together with": partners, whatever the cue word after them
_ALONG = re.compile(r"\b(?:along|together)[ \t]++$", re.I)
# names of no party: days and months ("the Attorney General on Friday released"), the
# title of those who act with the office
_NO_PARTY = frozenset(
    {
        *WEEKDAYS,
        "today",
        "tomorrow",
        "yesterday",
        "attorneys general",
        "attorney general",
        "attorneys",
        "states",
    }
)
# a capitalised word right before a position, not a sentence's first ("Crimes Against")
_INSIDE_A_NAME = re.compile(r"(?<=[\w,;’'\-)] )[A-Z][\w’'-]*+[ \t]++$")
_WORD = re.compile(r"[A-Z][\w.’'&-]*|[a-z]+|[$\d][\d.,$]*|[^\s\w]")
# "the", and words for the people behind a named party ("with the owners of R&B
# Medical Group"): the party is the name after them
_LEADING_THE = re.compile(
    r"\s*+(?:the\s++)?(?:(?:owners|operators|makers|members|officials|executives|leaders)"
    r"\s++of\s++(?:the\s++)?)?"
)
# " and " / " & " between two names; opening where the blanks open (a look-behind), so
# a search does not rescan a run of blanks from each of its characters
_AND = re.compile(r"(?<!\s)\s++(?:and|&)\s++(?:the\s++)?")
# ", and " of a list: the "and" after the comma
_AND_AFTER_COMMA = re.compile(r"(?:and|&)[ \t]++(?:the[ \t]++)?")
_AND_IN_NAME = re.compile(r"\s(?:and|&)\s")
_ABBR = re.compile(r"(?:[A-Z]\.){2,}|Inc\.|Co\.|Corp\.|Jr\.|Sr\.|Ltd\.|L\.P\.|St\.")
# ", " between two names of a list ("against Ascend Wellness, Ayr Wellness and Curaleaf"),
# or before a company's designator ("Snap, Inc.")
_LIST_COMMA = re.compile(r",[ \t]++(?=(?:and[ \t]++|&[ \t]++)?[A-Z])")
# The last word of a company's name: its legal form or a word only firms' names end on
_DESIGNATOR = re.compile(
    r"(?:Inc|Incorporated|LLC|L\.L\.C|LLP|L\.P|LP|Corp|Corporation|Co|Company|Companies|"
    r"Ltd|Limited|plc|PLC|N\.A|Holdings|Group|Pharma|Pharmaceuticals?|Bank|Laboratories|"
    r"Labs|Technologies|Industries|Enterprises|Partners|Motors|Brands|Foods|Wellness|"
    r"Telecom|Platforms|Entertainment|Stores|Healthcare|Chemicals|Ventures)\.?"
    r"(?![\w-])",
)
_DESIGNATOR_AFTER = re.compile(
    r"(?<![ \t]),?[ \t]++(?:Inc|LLC|L\.L\.C|LLP|L\.P|Corp|Ltd|plc|N\.A)\.?"
)
# A person's name followed by what releases print after a defendant's name: an age
# ("Jane Doe, 45, of Tulsa"), a home town ("of Tulsa,"), or "a/an … resident"
_DEFENDANT_AFTER = re.compile(
    r"(?<![ \t])(?:"
    # an age: "Jane Roe, 45, of Tulsa", "Jane Roe, (aka “J”), 60,", "officer Joel Roe, 34."
    r"(?:,[ \t]*+\(?a\.?k\.?a\.?[ \t]++[^,\n]{1,40},[ \t]*+|,[ \t]*+)(?:age[ \t]++)?\d{1,3}[ \t]*+[,.]|"
    r",?[ \t]++of[ \t]++[A-Z]|"
    r",[ \t]++a(?:n)?[ \t]++[\w-]++[ \t]++(?:man|woman|resident|native|businessman|doctor|"
    r"physician|nurse)\b|"
    # "Jane Roe, the principal actor, is charged", "Jane Roe, were sentenced"
    r"(?:,[^,\n]{1,60}+,)?,?[ \t]++(?:was|were|has[ \t]++been|have[ \t]++been|is|are)[ \t]++"
    r"(?:also[ \t]++|later[ \t]++|each[ \t]++|both[ \t]++)?"
    r"(?:charged|sentenced|indicted|arrested|convicted|ordered)|[ \t]++pleaded|[ \t]++pled)"
)
# the verbs and nouns before a defendant's name, up to three words between them ("a
# lawsuit against Paron residents Stephen Rast", "allegations that Dr. Jane Roe")
_DEFENDANT_BEFORE = re.compile(
    r"(?:charged|charges[ \t]++against|sentenced|indicted|arrested|convicted|"
    r"defendants?|extradited|against|alleg(?:es|ed|ations?)[ \t]++that|accus(?:es|ed|ing))"
    r"(?:[ \t]++[\w’'.-]{1,40}+){0,3}(?:[ \t]*+:)?[ \t]++$",
    re.I,
)
# what a settling party does: "Western Union has agreed to develop ...", "Navient, known
# as ..., will provide relief", "the company will pay $2 million", "Volkswagen will also
# agree to ..."
_AGREES = re.compile(
    r"(?<![ \t])(?:,[^,\n]{1,80}+,)?[ \t]++(?:(?:has|have|had|will)(?:[ \t]++also)?[ \t]++)?"
    r"(?:agreed|agrees|agree|pay|paid|provide|admitted|admits)\b"
)
# a line that opens a list of the parties: "The defendants named in the lawsuit are:"
_PARTY_WORDS = re.compile(
    r"\b(?:defendants?|companies|manufacturers|distributors|individuals|firms|businesses|"
    r"entities|respondents|parties|pharmacies|banks|lenders)\b",
    re.I,
)
_LINE_OF = re.compile(r"[^\n]*+")
_WORDS_OF = re.compile(r"[\w’'-]++")
# the head of a list line that names a party: "• Mylan (now part of Viatris): $284 ...",
# "Curaleaf", "Jane Roe, aka “J,” 60, of Duluth, Georgia:"
_LIST_HEAD = re.compile(r"(?<![ \t])[ \t]*+(?:[•*·▪–-][ \t]*+)?([A-Z][^\n:(,–—]{0,80})")
_LOWER_WORD = re.compile(r"[a-z][\w’'-]*+")
# words of a person's name; a name has two to four of them
_NAME_WORD = re.compile(
    NAME_WORD + r"(?![\w'’-])|[A-Z]\.(?=[ \t])|[A-Z]{1,5}&[A-Z]{1,5}(?![\w'’-])"  # "R&B", "AT&T"
)


def _chunk(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The run of capitalised words (with "of", "the", "and" between them, and commas
    of a list of names) at ``pos``."""
    m = _LEADING_THE.match(text, pos, end)
    start = m.end() if m else pos
    i = start
    last_cap = None
    while i < end:
        if last_cap is not None and text[i] == ",":
            cm = _LIST_COMMA.match(text, i, end)
            if cm:
                i = cm.end()
                continue
        ab = _ABBR.match(text, i, end)
        wm = ab or _WORD.match(text, i, end)
        if not wm:
            if text[i].isspace():  # a no-break space too
                i += 1
                continue
            break
        tok = wm.group(0)
        if tok[0].isupper() or (tok.lower() in _CONNECT and last_cap is not None):
            if tok[0].isupper():
                last_cap = wm.end()
            i = wm.end()
            continue
        break
    if last_cap is None:
        return None
    return start, last_cap


@cache
def _names_with_and() -> re.Pattern[str]:
    """Body names that hold "and" ("Department of Health and Human Services")."""
    names = sorted(
        {a for a, _key in body_aliases() if _AND_IN_NAME.search(a)}, key=len, reverse=True
    )
    return re.compile("|".join(re.escape(n) for n in names) or r"(?!x)x", re.I)


# a body named for its subjects, whose list of them is its name's
_SUBJECTS_OF = re.compile(
    r"\b(?:Committee|Subcommittee|Commission|Council|Caucus|Board|Task[ \t]++Force)[ \t]++on"
    r"(?:,?[ \t]++[A-Z][\w’'-]{0,40}+){1,6}$"
)


def _parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A chunk split at " and ", " & " and the commas of a list where both sides start a
    name, but not inside a body's own name nor before a company's designator ("Snap,
    Inc.")."""
    protected = [(m.start(), m.end()) for m in _names_with_and().finditer(text, s, e)]
    cuts = [(s + m.start(), s + m.end()) for m in _AND.finditer(text[s:e])]
    cuts += [(m.start(), m.end()) for m in _LIST_COMMA.finditer(text, s, e)]
    out = []
    cur = s
    for cs, ce in sorted(cuts):
        if cs < cur or any(ps <= cs < pe for ps, pe in protected):
            continue
        if text[cs] == "," and _DESIGNATOR_AFTER.match(text, cs, e):
            continue
        if _SUBJECTS_OF.search(text, cur, cs):
            continue  # "Committee on Commerce, Science and Transportation": one name
        am = _AND_AFTER_COMMA.match(text, ce, e) if text[cs] == "," else None
        after = am.end() if am else ce
        # "E. I. du Pont de Nemours and Company": a designator alone is no name
        dm = _DESIGNATOR.match(text, after, e)
        if dm and (e - dm.end() <= 1 or text[dm.end()] in ",;)"):
            continue
        if after < e and text[after].isupper():
            out.append((cur, cs))
            cur = after
    out.append((cur, e))
    return [(a, b) for a, b in out if b > a]


def _resolve(
    text: str,
    s: int,
    e: int,
    relation: str,
    people: list[Person],
    kind: str | None = None,
    courts: bool = True,
) -> Target | None:
    if text[e - 1 : e] == "." and not _ABBR.fullmatch(text[s:e].split()[-1]):
        e -= 1  # the sentence's full stop, not an abbreviation's ("Inc.", "U.S.")
    phrase = " ".join(text[s:e].split())
    for suffix in ("’s", "'s"):
        if phrase.endswith(suffix):
            phrase = phrase[: -len(suffix)]
            e -= len(suffix)
    if not phrase or phrase in lookup():
        return None
    for p in people:
        if re.search(r"(?<!\w)" + re.escape(p.family_name) + r"(?!\w)", phrase):
            return Target(p.name, relation, Span.of(text, s, e), person=p, kind=_person_kind(p))
    found = body_mentions(phrase, 0, len(phrase), strict=False, courts=courts)
    if (
        found
    ):  # the body as the text names it: "U.S. Supreme Court Decision" -> "U.S. Supreme Court"
        _rank, ms, me, key = found[0]
        off = len(text[s:e]) - len(text[s:e].lstrip())
        ts = s + off + ms
        te = ts + (me - ms)
        return Target(
            " ".join(text[ts:te].split()),
            relation,
            Span.of(text, ts, te),
            body_key=key,
            kind="federal-body",
        )
    if len(phrase) < 3 or phrase.lower() in {"the", "u.s.", "state"} | _NO_PARTY:
        return None
    if phrase.split()[-1] in _LAW_WORDS:
        return None  # "challenging Senate Bill 382": a law, no party
    if phrase.split()[0].lower() in MONTHS and all(
        w.strip(",").isdigit() for w in phrase.split()[1:]
    ):
        return None  # "March 3", "June"
    return Target(phrase, relation, Span.of(text, s, e), kind=kind or _kind_of(text, s, e))


# the last word of a law's name: the law is what an action is about, not whom
_LAW_WORDS = frozenset({"Act", "Acts", "Bill", "Bills", "Rule", "Rules", "Ordinance"})


def _person_kind(p: Person) -> str:
    return "federal-official" if p.jurisdiction == "US" else "official"


def _kind_of(text: str, s: int, e: int) -> str | None:
    """What a name that is neither an official nor a federal body names, by its form."""
    last = text[s:e].split()[-1]
    if _DESIGNATOR.fullmatch(last) or _DESIGNATOR_AFTER.match(text, e):
        return "company"
    if last.lower() == "administration":
        return "federal-government"
    if "Court" in text[s:e].split():
        return "court"
    return None


def _capitalised_runs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Every run of capitalised words of ``text[s:e]`` (see :func:`_chunk`)."""
    out = []
    i = s
    while i < e:
        m = _NAME_WORD.search(text, i, e)
        if not m:
            break
        c = _chunk(text, m.start(), e)
        if c is None:
            i = m.end()
            continue
        out.append(c)
        i = max(c[1], m.end())
    return out


def _companies(text: str, sentence: Span, relation: str) -> list[Target]:
    """Names ending on a company's designator ("Purdue Pharma L.P.", "Snap, Inc.")."""
    out = []
    for cs, ce in _capitalised_runs(text, sentence.start, sentence.end):
        for ps, pe in _parts(text, cs, ce):
            words = text[ps:pe].split()
            if len(words) < 2 and not _DESIGNATOR_AFTER.match(text, pe):
                continue
            if _DESIGNATOR.fullmatch(words[-1]) or _DESIGNATOR_AFTER.match(text, pe):
                if _PUBLIC_WORDS & {w.lower().strip(",.") for w in words}:
                    continue  # "Minnesota Department of Health": no company
                if words[0] in ("The", "A", "An") and len(words) > 1:
                    ps = text.index(words[1], ps)
                out.append(
                    Target(
                        " ".join(text[ps:pe].split()),
                        relation,
                        Span.of(text, ps, pe),
                        kind="company",
                    )
                )
    return out


def _agreeing(text: str, sentence: Span, people: list[Person], relation: str) -> list[Target]:
    """The party that agrees or pays in a settlement: the names just before "has agreed
    to", "will pay", "will provide" (an apposition between them allowed)."""
    out = []
    for cs, ce in _capitalised_runs(text, sentence.start, sentence.end):
        if not _AGREES.match(text, ce, sentence.end):
            continue
        for ps, pe in _parts(text, cs, ce):
            t = _resolve(text, ps, pe, relation, people, courts=False)
            if t is not None and t.person is None and t.body_key is None:
                out.append(t)
    return out


def _defendants(text: str, sentence: Span, people: list[Person], relation: str) -> list[Target]:
    """Private persons an action is aimed at, by what releases print around a
    defendant's name: "John Doe, 45, of Tulsa", "charged Jane Roe with ..."."""
    officials = {p.family_name for p in people}
    runs: list[tuple[int, int, str, bool]] = []
    i = sentence.start
    while i < sentence.end:
        m = _NAME_WORD.search(text, i, sentence.end)
        if not m:
            break
        j = m.end()
        words = [m]
        while len(words) < 5:
            n = _NAME_WORD.match(text, j + 1, sentence.end) if text[j : j + 1] in " \t" else None
            if not n:
                break
            words.append(n)
            j = n.end()
        i = j
        names = [w.group(0) for w in words]
        while names and names[0].lower() in _NOT_DEFENDANT:
            words.pop(0)
            names.pop(0)
        if not 2 <= len(names) <= 4 or any(n.lower() in _NOT_DEFENDANT for n in names):
            continue
        if names[-1].endswith(".") or names[-1] in officials or names[-1] in _LAW_WORDS:
            continue
        if any(n.endswith(("’s", "'s")) for n in names):  # "Haven’s Garden": a business
            continue
        ns, ne = words[0].start(), words[-1].end()
        if names[-1] in ("Jr", "Sr") and text[ne : ne + 1] == ".":
            ne += 1  # "Vincent Richardson Jr., 23, of Columbia"
            names[-1] += "."
        if " ".join(names) in lookup() or any(
            " ".join(names[k:]) in lookup() for k in range(1, len(names))
        ):
            continue
        before = text[max(sentence.start, ns - 80) : ns]
        ok = bool(
            _DEFENDANT_AFTER.match(text, ne, sentence.end) or _DEFENDANT_BEFORE.search(before)
        )
        runs.append((ns, ne, " ".join(names), ok))
    # "Tamara Roe and Richard Doe were sentenced": a name joined to a defendant's by
    # "and" (or a list's comma) is a defendant too
    for k in range(len(runs) - 2, -1, -1):
        ns, ne, name, ok = runs[k]
        if not ok and runs[k + 1][3] and _JOINED.fullmatch(text, ne, runs[k + 1][0]):
            runs[k] = (ns, ne, name, True)
    return [
        Target(name, relation, Span.of(text, ns, ne), kind="person")
        for ns, ne, name, ok in runs
        if ok
    ]


_JOINED = re.compile(r"(?<![ \t])(?:,?[ \t]++(?:and|&)[ \t]++|,[ \t]++)")


# words of a public body's name, never of a company's
_PUBLIC_WORDS = frozenset(
    [
        "department",
        "division",
        "office",
        "bureau",
        "agency",
        "commission",
        "board",
        "county",
        "city",
        "state",
        "university",
        "school",
        "court",
        "council",
        "authority",
        "administration",
    ]
)
# capitalised words that are not a private person's given or family name
_NOT_NAME = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "judge",
        "justice",
        "governor",
        "gov",
        "president",
        "senator",
        "sen",
        "rep",
        "representative",
        "secretary",
        "commissioner",
        "director",
        "chief",
        "sheriff",
        "officer",
        "detective",
        "deputy",
        "special",
        "agent",
        "district",
        "superior",
        "county",
        "city",
        "circuit",
        "supreme",
        "court",
        "police",
        "department",
        "new",
        "north",
        "south",
        "east",
        "west",
        "united",
        "american",
        "office",
        "division",
        "unit",
        "fraud",
        "medicaid",
        "assistant",
        "prosecutor",
        "prosecutors",
        "defendant",
        "defendants",
    ]
)
# words no defendant's name holds; "Said", capitalised inside a sentence, is a family
# name ("Abdirashid Ismail Said, the principal actor, is charged")
_NOT_DEFENDANT = (STOP_TOKENS | _NOT_NAME) - {"said"}


# Parties described rather than named, after a cue: "a letter to five of the top food
# distributors", "urging the telecommunications industry", "sued two retail chain
# pharmacies": a count or a few words, then a noun only groups of parties are called by
_GROUP_NOUNS = (
    r"companies|manufacturers|makers|distributors|retailers|pharmacies|lenders|banks|"
    r"institutions|industry|industries|groups|leaders|lawmakers|legislators|legislature|"
    r"owners|operators|providers|insurers|carriers|platforms|firms|businesses|dealers|"
    r"sellers|vendors|landlords|employers|contractors|servicers|processors|brokers|"
    r"agencies|officials|executives|members|district|districts|universities|colleges|"
    r"schools|hospitals|utilities|wholesalers|suppliers|producers|marketers|developers|"
    r"troopers|officers"
)
_GROUP = re.compile(
    # a word's first letter or digit: other places fail at once, not after every branch
    r"(?<![\w’'-])(?=[^\W_])(?:(?:the|a|an|all|several|some|many|nearly|more[ \t]++than|over|about|"
    r"at[ \t]++least)"
    r"[ \t]++){0,2}"
    r"(?P<group>(?:(?:\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens|hundreds)[ \t]++(?:of[ \t]++(?:the[ \t]++)?(?:top|largest|leading|biggest|major)"
    r"[ \t]++)?)?(?:(?!(?:to|for|in|on|of|that|which|who|about|over|and|or|with|from|by|"
    r"as|at|its|their)[ \t])[^\W\d_][\w’'-]{0,30}+[ \t]++){0,4}?"
    # the nouns as a trie: each letter tried once, not each noun at every word
    + trie_pattern(sorted(_GROUP_NOUNS.split("|")))
    + r")(?![\w’'-])",
    re.I,
)
# words that name no party without saying of what ("members", "officials")
_MEMBERS_OF_SOMETHING = frozenset(
    {"members", "officials", "officers", "executives", "leaders", "owners", "operators"}
)
# the cues after which a described party is the action's: not "with", "from", "on"
_GROUP_CUES = re.compile(
    r"(?<![\w-])(?:letters?[ \t]++(?:sent[ \t]++)?to|sent[ \t]++to|wrote[ \t]++to|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed|ing)?[ \t]++(?:up)?on|against|su(?:e|es|ed|ing)|"
    r"settlements?[ \t]++with|agreements?[ \t]++with|charg(?:e|es|ed|ing))[ \t]++",
    re.I,
)


def _groups(text: str, sentence: Span, relation: str) -> list[Target]:
    """Parties a sentence describes rather than names, after a cue ("a letter to five
    of the top food distributors", "sued two retail chain pharmacies")."""
    out = []
    for m in _GROUP_CUES.finditer(text, sentence.start, sentence.end):
        g = _GROUP.match(text, m.end(), sentence.end)
        if g is None:
            continue
        gs, ge = g.start("group"), g.end("group")
        words = text[gs:ge].split()
        if all(w[:1].isupper() for w in words):
            continue  # "Acme Industries": a name, read as one elsewhere
        if len(words) == 1 and (
            text.startswith(" of ", ge) or words[0].lower() in _MEMBERS_OF_SOMETHING
        ):
            continue  # "the owners of R&B Medical Group", "urging members to ...": of whom?
        out.append(Target(" ".join(words), relation, Span.of(text, gs, ge), kind="group"))
    return out


_BODY_TYPES = frozenset(
    {"Letter", "Lawsuit", "Statement", "CourtFiling", "Judgment", "AmicusBrief", "Comment", "Other"}
)
_COURT_TYPES = frozenset({"Statement", "Judgment"})
# actions whose other party is never a court: who settles, agrees or is charged
_PRIVATE_TYPES = frozenset({"Settlement", "Agreement", "Charges"})
_GROUP_TYPES = frozenset({"Letter", "Lawsuit", "Settlement", "Agreement", "Charges"})
_DEFENDANT_TYPES = frozenset({"Charges", "Judgment", "Settlement", "Lawsuit"})
# actions in a case, whose other side may be states
_CASE_TYPES = frozenset({"Lawsuit", "AmicusBrief", "CourtFiling", "Judgment"})


def find_targets(
    text: str,
    typ: str,
    where: list[Span],
    people: list[Person],
    announcing_end: int = 0,
    lead: list[Span] | None = None,
    later: list[Span] | None = None,
) -> list[Target]:
    """Who the action of type ``typ`` named in the sentences ``where`` (the announcing
    ones first) is aimed at: the names after the type's cue words ("letter to", "sued",
    "settlement with"); and, in the headline and lead (before ``announcing_end``), the
    federal bodies and officials, administrations and companies they name; for suits,
    charges, judgments and settlements the private persons named as defendants are.
    ``later``: the body's sentences after the lead, read for the defendants of charges
    and for who pays in a settlement."""
    relation = RELATION.get(typ, "target")
    lead = lead or []
    out: list[Target] = []
    rx = _CUE_RES.get(typ)
    if rx is not None:
        # the sentences naming the action, then the lead's others ("announced securing a
        # preliminary injunction against MV Realty" names no judgment by the rules' words)
        more = [s for s in lead or [] if s not in where] if typ in _DEFENDANT_TYPES else []
        for s in where + more:
            if title_case(s.quote):  # a headline's capitals do not end a name
                continue
            found = []
            for m in rx.finditer(text, s.start, s.end):
                if m.group(0)[0].isupper() and _INSIDE_A_NAME.search(
                    text, max(s.start, m.start() - 60), m.start()
                ):
                    continue  # "Internet Crimes Against Children Task Force": a name's word
                if _ALONG.search(text, max(s.start, m.start() - 12), m.start()):
                    continue  # "along with the Attorneys General of ...": partners
                chunk = _chunk(text, m.end(), s.end)
                if chunk is None:
                    continue
                for ps, pe in _parts(text, *chunk):
                    t = _resolve(text, ps, pe, relation, people, courts=typ in _COURT_TYPES)
                    if t is not None:
                        found.append(t)
            if found:
                out.extend(found)
                break
    announcing = [s for s in where if s.start < announcing_end]
    sentences = where + [s for s in lead if s not in where]
    for s in sentences:
        if typ in _BODY_TYPES:
            out.extend(federal_targets(text, s, people, relation, courts=typ in _COURT_TYPES))
            out.extend(administrations(text, s, relation))
    for s in announcing + [s for s in lead if s not in announcing]:
        if not title_case(s.quote):
            out.extend(_companies(text, s, relation))
            if typ in _GROUP_TYPES:
                out.extend(_groups(text, s, relation))
    if typ in _CASE_TYPES:
        for s in sentences:
            out.extend(opposed_states(text, s, relation))
    later = [s for s in later or [] if s not in sentences]
    if typ == "Settlement":
        for s in sentences + later:
            out.extend(_agreeing(text, s, people, relation))
    if typ in _DEFENDANT_TYPES:
        for s in sentences + (later if typ == "Charges" else []):
            if not title_case(s.quote):  # a headline's capitals make no names
                out.extend(_defendants(text, s, people, relation))
        if lead:
            out.extend(_listed(text, lead[0].start, relation))
    # the office's own Attorney General, or a partner's, is no party it acts against:
    # "a letter to Secretary Mayorkas and Director Jaddou, Attorney General Ellison ..."
    out = [
        t
        for t in out
        if t.person is None
        or t.person.post_title != "Attorney General"
        or t.person.jurisdiction == "US"
    ]
    if typ in _PRIVATE_TYPES:  # "filed with the Washington Superior Court": no party
        out = [t for t in out if t.kind != "court"]
    kept = _distinct(out)
    groups = [t for t in kept if t.kind == "group"]
    if groups and lead:
        # "a settlement with seven financial institutions" and, further on, their names
        members = _members(text, lead[0].start, relation, groups)
        if members:
            kept = _distinct([t for t in kept if t.kind != "group"] + members)
    if any(t.kind in ("company", "person") for t in kept):
        # parties named: the words describing them ("the nation's three major
        # manufacturers") add no party of their own
        kept = [t for t in kept if t.kind != "group"]
    if typ == "Statement":
        return kept[:1]
    return kept


def _listed(text: str, start: int, relation: str, nouns: set[str] | None = None) -> list[Target]:
    """The parties of a list that a line such as "The defendants named in the lawsuit
    are:" opens (a line ending on a colon with a word for parties, or one of ``nouns``),
    one to a line (between them, lines of what each is charged with)."""
    out: list[Target] = []
    for m in _LINE_OF.finditer(text, start):
        opening = m.group(0).rstrip()
        if not opening.endswith(":") or len(opening) > 300:
            continue
        if not (
            {w.lower() for w in _WORDS_OF.findall(opening)} & nouns
            if nouns is not None
            else _PARTY_WORDS.search(opening)
        ):
            continue
        pos = m.end() + 1
        while pos < len(text) and len(out) < 40:
            line = _LINE_OF.match(text, pos)
            assert line is not None
            pos = line.end() + 1
            quote = line.group(0).strip()
            if not quote:
                continue
            head = _LIST_HEAD.match(line.group(0))
            ns = line.start() + head.start(1) if head else line.start()
            ne = _item_end(text, ns, line.end(), line.start() + head.end(1) if head else ns)
            name = text[ns:ne]
            words = name.split()
            if head and 1 <= len(words) <= 8 and not _lower_words(words) and len(name) > 1:
                kind = "company" if _DESIGNATOR.fullmatch(words[-1]) else None
                out.append(Target(name, relation, Span.of(text, ns, ne), kind=kind))
            elif len(quote.split()) >= 12 or quote.endswith(":"):
                break
        if out:
            break
    return out


def _lower_words(words: list[str]) -> list[str]:
    """The words in lower case that join no name ("president of", not "of")."""
    return [w for w in words if _LOWER_WORD.fullmatch(w) and w not in _CONNECT]


def _item_end(text: str, start: int, line_end: int, head_end: int) -> int:
    """Where the party a list line names ends: the whole line where it is one company's
    name with commas in it ("Merrill Lynch, Pierce, Fenner & Smith Incorporated;"), else
    where its head ends; without the item's closing "; and" or full stop."""
    for end in (line_end, head_end):
        item = text[start:end].rstrip()
        for closing in (" and", " or"):
            if item.endswith(closing):
                item = item[: -len(closing)].rstrip()
        item = item.rstrip(";,")
        if item.endswith(".") and not _ABBR.fullmatch(item.split()[-1]):
            item = item[:-1]  # a full stop, not "Inc."'s
        words = item.split()
        if end == head_end or (
            words
            and len(item) <= 80
            and not _lower_words(words)
            and _DESIGNATOR.fullmatch(words[-1])
        ):
            return start + len(item)
    return head_end


# Nouns for parties of trade after which their names may follow: "sued credit card
# providers Chase, Citi, Bank of America", "the companies: Acme Inc. and Roe LLC"
_TRADE_NOUNS = (
    r"companies|manufacturers|makers|distributors|retailers|pharmacies|lenders|banks|"
    r"institutions|providers|insurers|carriers|platforms|firms|businesses|dealers|sellers|"
    r"vendors|landlords|employers|contractors|servicers|processors|brokers|wholesalers|"
    r"suppliers|producers|marketers|developers|operators|entities|defendants"
)
_NAMED_AFTER = re.compile(
    r"(?<![\w-])(?:" + trie_pattern(sorted(_TRADE_NOUNS.split("|"))) + r")"
    r"(?:[ \t]*+[,:—–][ \t]*+|[ \t]++)(?:including[ \t]++)?(?=[A-Z])"
)


def _members(text: str, start: int, relation: str, groups: list[Target]) -> list[Target]:
    """The named parties behind the described ones (``groups``): a list that a line with
    the same noun opens ("The seven financial institutions that reached the
    settlement:"), or two or more names right after a noun of trade ("sued credit card
    providers Chase, Citi, ... and Barclays to stop")."""
    nouns = {g.name.split()[-1].lower() for g in groups}
    listed = _listed(text, start, relation, nouns)
    if listed:
        return listed
    # in the lead and the paragraph after it: a list further on may be of other parties
    stop = text.find("\n\n", text.find("\n\n", start) + 2)
    stop = min(len(text) if stop < 0 else stop, start + 3000)
    for m in _NAMED_AFTER.finditer(text, start, stop):
        end = text.find("\n", m.end())
        chunk = _chunk(text, m.end(), len(text) if end < 0 else end)
        if chunk is None:
            continue
        parts = _parts(text, *chunk)
        if len(parts) < 2:
            continue
        found = [_resolve(text, ps, pe, relation, [], kind="company") for ps, pe in parts]
        named = [t for t in found if t is not None and t.body_key is None]
        if len(named) == len(parts):
            return named
    return []


def _distinct(found: list[Target]) -> list[Target]:
    """Each target once: a name contained in one kept before (or the same body, or the
    same person) is the same target."""
    kept: list[Target] = []
    for t in found:
        low = t.name.lower()
        same = [
            i
            for i, k in enumerate(kept)
            if (t.body_key is not None and t.body_key == k.body_key)
            or (t.person is not None and k.person is not None and t.person.name == k.person.name)
            or low in k.name.lower()
            or k.name.lower() in low
        ]
        if not same:
            kept.append(t)
        elif len(same) == 1 and len(t.name) > len(kept[same[0]].name) and t.kind is not None:
            kept[same[0]] = t  # "Drug Administration" read first, then the whole name
    return kept
