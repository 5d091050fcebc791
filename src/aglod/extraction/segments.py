"""Segment a release: header (release label, date, contacts), headline, dateline, body,
end marker, attachments. Every part is a ``Span`` into the release text.

The rules follow the genre, not any one office: label lines ("FOR IMMEDIATE
RELEASE", "Press Release", "Contact: …") are skipped; the headline is the first
other line of the header; the dateline opens the first paragraph of prose
("Albuquerque, NM –", "(SAINT PAUL) —", "HARRISBURG –"); the body runs to an end
marker ("###", "# # #", "-30-"), after which come attachments such as letters.
"""

from __future__ import annotations

import itertools
import re

from ..dates import DATE_RE, MONTHS, find_date
from ..records import Release, Segments, Span
from ..reference.roster import by_surname

# Every pattern here runs in time linear in the text, whatever the text: a quantifier
# that could meet the same characters as the one before it is possessive ("\s*+"),
# words are bounded (a name or city word at most 40 letters, an e-mail address's
# parts at most 64 and 63 as RFC 5321 allows), and a pattern that opens on a run
# ("\s+", a word) starts only where the run starts (a look-behind), so a search does
# not rescan one run from each of its characters. tests/test_linear_regex.py times each
# on 1 MB of adversarial text.
_DASH = r"[—–―-]+"
# a line's leading blanks, where a pattern is matched at a line's start only
_LINE_START = r"(?<![^\n])[^\S\n]*+"
LABEL_RE = re.compile(
    r"^\s*+(?:for\s+immediate\s+release\b.*|(?:press|news|media)\s+(?:release|advisory|statement)s?"
    r"|most\s+viewed|news|press\s+releases?|share|print|email|tweet|home)\s*+(?::\s*+)?$",
    re.IGNORECASE,
)
CONTACT_RE = re.compile(
    r"^\s*+(?:(?:media|press|news)\s++)?contacts?\s*+(?:information\s*+)?:\s*+(?P<rest>.*)$",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}\b")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# an e-mail address a web page hid from robots, as its text prints it
HIDDEN_EMAIL_RE = re.compile(r"\[email[ \t]++protected\]", re.I)
DATE_LINE_RE = re.compile(
    r"^\s*+(?:(?:posted|released|date|dated)\s*+(?::\s*+)?)?" + DATE_RE.pattern + r"\s*+$",
    re.IGNORECASE,
)
# "Friday, July 13, 2018 – Austin": a date line that ends with the dateline city
DATE_CITY_RE = re.compile(
    r"^\s*"
    + DATE_RE.pattern
    + r"\s*[—–―-]+\s*(?P<city>[A-Z][A-Za-z.'’]*(?:[ \t]+[A-Z][A-Za-z.'’]*){0,3})\s*$",
    re.IGNORECASE,
)
# "Steve Irwin: 614-728-5417" on a line of its own near the end of a release
NAME_PHONE_RE = re.compile(
    _LINE_START
    + r"(?P<name>[A-Z][\w.'’-]{1,40}(?:[ \t]+[A-Z][\w.'’-]{1,40}){1,3})[ \t]*+(?:[:,–—-][ \t]*+)?"
    r"(?P<phone>(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}\b)\s*+$"
)
BREADCRUMB_RE = re.compile(r"\s(?:>|»|›|/)\s")
END_MARKER_RE = re.compile(
    r"^[ \t]*+(?:(?:#[ \t]*+){1,3}|-[ \t]*+30[ \t]*+-|END)[ \t]*+$", re.MULTILINE
)

# Dateline at the start of the first prose paragraph.
_CITY = r"[A-Z][A-Za-z.'’]{0,40}+(?:[ \t]+[A-Z][A-Za-z.'’]{0,40}+){0,3}"
_STATE = (
    r"(?:[A-Z]{2}|[A-Z][a-z]{1,5}\.(?:[ \t]?[A-Z][a-z]?\.)?|[A-Z]\.[ \t]?[A-Z]\."
    r"|[A-Z][a-z]{1,40}+(?:[ \t][A-Z][a-z]{1,40}+)?)"
)
DATELINE_RES = (
    # "February 18, 2019 (SAINT PAUL) —", "(PORTLAND, Ore.) –"
    re.compile(
        r"(?:"
        + DATE_RE.pattern
        + r"\s*)?\((?P<city>"
        + _CITY.replace("[a-z", "[a-zA-Z")
        + r")(?:,[ \t]*(?P<state>"
        + _STATE.replace("[a-z", "[a-zA-Z")
        + r"))?\)\s*(?:"
        + _DASH
        + r")?\s*",
        re.IGNORECASE,
    ),
    # "Albuquerque, NM –", "AUSTIN, Texas —"
    re.compile(r"(?P<city>" + _CITY + r"),[ \t]*(?P<state>" + _STATE + r")[ \t]*" + _DASH + r"\s*"),
    # "OAKLAND —", "HARRISBURG –", "SAINT PAUL —", "DES MOINES-Today, ..."; not the
    # hyphen of a word ("MULTI-STATE LAWSUIT", "AG-Led Coalition", "COVID-Related")
    re.compile(
        r"(?P<city>[A-Z][A-Z.'’]{1,40}+(?:[ \t]+[A-Z][A-Z.'’]{1,40}+){0,3})[ \t]*+"
        r"(?:[—–―]++-*+|-{2,}+|(?<=[ \t])-++|-(?=\s|[A-Z][a-z]++(?:,|[ \t]++[a-z])))\s*"
    ),
)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]``, without the newline."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, start: int, end: int) -> list[Span]:
    """Runs of non-blank lines in ``text[start:end]``, stripped."""
    out: list[Span] = []
    run_start: int | None = None
    run_end = start
    for ls, le in _lines(text, start, end):
        if text[ls:le].strip():
            if run_start is None:
                run_start = ls
            run_end = le
        elif run_start is not None:
            s, e = _strip(text, run_start, run_end)
            out.append(Span.of(text, s, e))
            run_start = None
    if run_start is not None:
        s, e = _strip(text, run_start, run_end)
        out.append(Span.of(text, s, e))
    return out


# Words a date line may hold besides the date: "Release Date:", "Posted on", "For
# immediate release". Any other lower-case word of four letters or more makes the
# line prose (or a headline) that happens to name a date.
_DATE_LINE_WORDS = frozenset(
    ["posted", "published", "released", "release", "updated", "date", "dated", "immediate"]
)
_LOWER_WORD = re.compile(r"\b[a-z]{4,40}\b")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{3,40}\b")


def is_date_label(line: str) -> bool:
    """A header line that states the release's date and little else, whatever its
    wording: "Tue, Feb 3, 2015", "Published: 10/20/2025", "Release Date: Dec 21,
    2012", "May 06, 2009 – For immediate release:", "News | Date Posted: Wednesday,
    January 28, 2026". Its other words are labels: no lower-case word of four
    letters or more but those of ``_DATE_LINE_WORDS``, at most 14 words; without a
    label's "|" or ":", and with capitalised words before the date, fewer than four
    capitalised words of four letters."""
    if len(line) > 200:
        return False
    found = find_date(line)
    if found is None:
        return False
    rest = line[: found[1]] + " " + line[found[2] :]
    if len(rest.split()) > 14 or rest.rstrip().endswith("."):
        return False
    if not line[: found[1]].strip() and _is_headline_after_date(line[found[2] :]):
        return False  # "01/25/2017 DOJ Takes Steps To Establish Forensic Facility"
    if not all(w.lower() in _DATE_LINE_WORDS for w in _LOWER_WORD.findall(rest)):
        return False
    if any(c in rest for c in "|:"):
        return True  # "Department of Justice | ... | News | Date Posted: ...": labels
    # "Conclusion of the Review of Conduct at the September 29, 2021, Governor and
    # Executive Council Meeting": a headline in title case that names a date; but
    # "Posted on Apr 27, 2015 in Latest Department News, Newsroom, ...": a label
    if not [w for w in _CAPITALISED_WORD.findall(line[: found[1]]) if _named(w)]:
        return True
    return len([w for w in _CAPITALISED_WORD.findall(rest) if _named(w)]) < 4


def _named(word: str) -> bool:
    return word.lower() not in _DATE_LINE_WORDS


def _is_headline_after_date(after: str) -> bool:
    """What follows a date that opens a line is a headline: four words or more in
    plain words (none of a label's separators: "|", ":", "–", "—", a bracket), three of
    them of four letters or more, and none a label's word ("Posted", "Release")."""
    words = after.split()
    if len(words) < 4 or any(c in after for c in "|:()–—"):
        return False
    if any(w.lower().strip(",.") in _DATE_LINE_WORDS for w in words):
        return False
    return sum(len(w.strip(",.’'")) >= 4 for w in words) >= 3


def is_label(line: str) -> bool:
    return bool(
        LABEL_RE.match(line)
        or is_date_label(line)
        or CONTACT_RE.match(line)
        or DATE_LINE_RE.match(line)
        or DATE_CITY_RE.match(line)
        or (PHONE_RE.search(line) and len(PHONE_RE.sub("", line).strip(" ,;()")) < 3)
        or (EMAIL_RE.search(line) and len(EMAIL_RE.sub("", line).strip(" ,;()")) < 3)
        or BREADCRUMB_RE.search(line)
    )


def _is_prose(par: str) -> bool:
    """A paragraph of running text rather than a headline, dek or label; one that ends
    on a colon opens what follows ("... released the following statement today after
    a jury convicted ...:")."""
    words = par.split()
    return len(words) >= 60 or (len(words) >= 12 and par.rstrip().endswith((".", "”", '"', ":")))


def find_dateline(text: str, par: Span) -> tuple[Span, Span | None, int] | None:
    """(city, state, end of the dateline) where ``par`` opens with a dateline."""
    for rx in DATELINE_RES:
        m = rx.match(text, par.start, par.end)
        if m and len(m.group("city")) <= 40:
            city = Span.of(text, m.start("city"), m.end("city"))
            state = None
            if "state" in rx.groupindex and m.group("state"):
                state = Span.of(text, m.start("state"), m.end("state"))
            return city, state, m.end()
    return None


def segment(release: Release) -> Segments:
    text = release.text
    n = len(text)
    pars = paragraphs(text, 0, n)

    # The headline: the first line of the text that is not a label.
    headline = _headline(text, pars)
    after = headline.end if headline else 0
    if headline is not None:
        pars = _split_after(text, pars, headline.end)

    # The lead: the first paragraph after the headline opening with a dateline (among
    # the first few), else the first paragraph of prose.
    lead_index: int | None = None
    dateline: tuple[Span, Span | None, int] | None = None
    candidates = [i for i, par in enumerate(pars) if par.start >= after]
    for i in candidates[:8]:
        found = find_dateline(text, pars[i])
        if found and len(pars[i].quote.split()) >= 8:
            lead_index, dateline = i, found
            break
    if lead_index is None:
        for i in candidates:
            if _is_prose(pars[i].quote) and not is_label(pars[i].quote.splitlines()[0]):
                lead_index = i
                break
    header_end = pars[lead_index].start if lead_index is not None else len(text)

    # End marker: the first after the lead.
    body_start = pars[lead_index].start if lead_index is not None else header_end
    marker = END_MARKER_RE.search(text, body_start)
    body_end = marker.start() if marker else n
    attachments = None
    if marker:
        a_start, a_end = _strip(text, marker.end(), n)
        if a_end > a_start:
            attachments = Span.of(text, a_start, a_end)

    # Header: headline, date, contacts.
    date_span: Span | None = None
    contacts: list[tuple[Span | None, Span | None, Span | None]] = []
    header_lines = [(s, e) for s, e in _lines(text, 0, header_end) if text[s:e].strip()]
    consumed: set[int] = set()
    header_dateline: Span | None = None
    for idx, (ls, le) in enumerate(header_lines):
        line = text[ls:le]
        dc = DATE_CITY_RE.match(line)
        if dc and header_dateline is None:
            header_dateline = Span.of(text, ls + dc.start("city"), ls + dc.end("city"))
        in_headline = headline is not None and headline.start <= ls < headline.end
        # "01/25/2017 DOJ Takes Steps ...": the date the headline's line opens on
        before_headline = headline is not None and ls < headline.start < le
        dated = (
            DATE_LINE_RE.match(line)
            or LABEL_RE.match(line)
            or dc
            or is_date_label(line)
            or before_headline
        )
        if date_span is None and not in_headline and dated:
            found_date = find_date(line)
            if found_date:
                date_span = Span.of(text, ls + found_date[1], ls + found_date[2])
        cm = CONTACT_RE.match(line)
        if cm:
            contacts.extend(_contact(text, header_lines, idx, ls + cm.start("rest"), le, consumed))
    lead = pars[lead_index] if lead_index is not None else None
    if dateline is not None and lead is not None and date_span is None:
        found_date = find_date(text[lead.start : dateline[2]])
        if found_date:
            date_span = Span.of(text, lead.start + found_date[1], lead.start + found_date[2])
    if lead is not None and date_span is None:
        # a date inside the lead's dateline: "(Phoenix, Ariz. – January 11, 2005)",
        # "TOPEKA – (December 21, 2012) –": nothing but names and marks before it
        found_date = find_date(text[lead.start : min(lead.end, lead.start + 120)])
        if found_date and not _LOWER_WORD.search(text, lead.start, lead.start + found_date[1]):
            date_span = Span.of(text, lead.start + found_date[1], lead.start + found_date[2])
    if lead is not None and date_span is None and lead_index is not None:
        # a date printed alone under the lead paragraph: "Attorney General Paxton has
        # joined ... coalition ..." / "February 22, 2023"
        after_lead = pars[lead_index + 1 : lead_index + 2]
        if after_lead and DATE_LINE_RE.match(after_lead[0].quote):
            found_date = find_date(after_lead[0].quote)
            if found_date:
                start = after_lead[0].start
                date_span = Span.of(text, start + found_date[1], start + found_date[2])
    if dateline is None and header_dateline is not None:
        dateline = (header_dateline, None, header_dateline.end)
    contacts.extend(_tail_contacts(text, pars, header_end))
    contacts = [c for c in contacts if c[0] or c[1] or c[2]]
    if not contacts:
        contacts.extend(_contact_blocks(text, header_end, pars, attachments))
    contacts = [(_without_title(text, n), p, e) for n, p, e in contacts]
    body = (
        Span.of(text, *_strip(text, body_start, body_end))
        if body_start < body_end
        else (Span.of(text, body_start, body_start))
    )
    body_pars = tuple(p for p in pars if p.start >= body.start and p.end <= body.end)
    return Segments(
        headline=headline,
        date=date_span,
        dateline=dateline[0] if dateline else None,
        dateline_state=dateline[1] if dateline else None,
        contacts=tuple(contacts),
        lead=lead,
        body=body,
        attachments=attachments,
        paragraphs=body_pars,
    )


def _split_after(text: str, pars: list[Span], pos: int) -> list[Span]:
    """The paragraphs with the one holding ``pos`` cut at the line after it: where no
    blank line sets a headline apart from what follows ("...POWER PLANT STARTUPS,
    SHUTDOWNS\\n(MONTGOMERY) – Attorney General ..."), what follows is a paragraph."""
    for i, par in enumerate(pars):
        if par.start <= pos < par.end:
            nl = text.find("\n", pos, par.end)
            if nl < 0:
                break
            s, e = _strip(text, nl, par.end)
            head = Span.of(text, *_strip(text, par.start, nl))
            return [*pars[:i], head, Span.of(text, s, e), *pars[i + 1 :]]
    return pars


def _is_kicker(line: str) -> bool:
    """A short label over a headline: in capitals ("CONSUMER PROTECTION", "OPINIONS"),
    or of at most three words in title case ("Consumer Alert")."""
    words = line.split()
    if line.rstrip().endswith((".", "!", "?")) or not words:
        return False
    return (len(words) <= 4 and line.isupper()) or (len(words) <= 3 and line.strip().istitle())


def _opens_lead(text: str, start: int, end: int) -> bool:
    """Whether a line opens the lead rather than continuing a headline: it starts
    with a date ("May 8, 2019 (DENVER, Colo.) — Led by …") or a dateline."""
    found = find_date(text[start : min(end, start + 60)])
    if found is not None and not text[start : start + found[1]].strip(" (\t"):
        return True
    line = Span.of(text, start, end)
    return find_dateline(text, line) is not None and len(line.quote.split()) >= 8


def _headline(text: str, pars: list[Span]) -> Span | None:
    """The first paragraph line that is not a label or a kicker, with the lines of its
    paragraph that follow it (a headline may wrap), up to a line ending a sentence."""
    candidates = [
        (ls, le, k, lines)
        for par in pars
        for lines in [_lines(text, par.start, par.end)]
        for k, (ls, le) in enumerate(lines)
        # a rule of underscores or dashes, like a blank line, holds no headline
        if any(c.isalnum() for c in text[ls:le]) and not is_label(text[ls:le])
    ]
    masthead_before = False
    label_before = False
    for n, (ls, le, k, lines) in enumerate(candidates):
        line = text[ls:le]
        if _is_masthead_or_contact(line):
            # a masthead, or a name and title under it ("- John J. Hoffman, Acting
            # Attorney General"): a short line after them is a division's name
            masthead_before = bool(_MASTHEAD.match(line.strip())) or (
                masthead_before and _is_name_and_title(line)
            )
            label = _CONTACT_LABEL.match(line)
            label_before = bool(label and not line[label.end() :].strip())
            continue
        if label_before and len(line.split()) <= 4 and capitalised(case_words(line)):
            label_before = False  # "Media Inquiries-" over "Lee Moore": a contact
            continue
        label_before = False
        # the lead's dateline or a paragraph of prose before any headline: none
        words = len(line.split())
        sentence = line.rstrip().endswith((".", "”", '"'))
        if words > 45 or (
            sentence
            and words >= 8
            and (words >= 20 or find_dateline(text, Span.of(text, ls, le)) is not None)
        ):
            return None
        if masthead_before and len(line.split()) <= 3:  # "PATRICK MORRISEY" under it
            masthead_before = False
            continue
        masthead_before = False
        if _is_kicker(text[ls:le]) and n + 1 < len(candidates):
            nxt = text[candidates[n + 1][0] : candidates[n + 1][1]]
            # skipped only where a headline follows, not the lead paragraph
            if len(text[ls:le].split()) < len(nxt.split()) < 30 and not nxt.rstrip().endswith("."):
                continue
        s, e = _strip(text, ls, le)
        for ls2, le2 in lines[k + 1 :]:
            if (
                is_label(text[ls2:le2])
                or text[e - 1] in ".!?"
                or _is_prose(text[ls2:le2])  # the lead, with no blank line above it
                or _opens_lead(text, ls2, le2)
                or _is_masthead_or_contact(text[ls2:le2])
                or _case_shape(text[s:e]) > _case_shape(text[ls2:le2])
            ):
                break  # a subtitle under it: "... Wins National Award" / "Team of lawyers ..."
            e = _strip(text, s, le2)[1]
        s, e = _without_date_and_labels(text, s, e)
        return Span.of(text, s, e)
    return None


# the name of an office over its releases: "New Hampshire Department of Justice",
# "OFFICE OF THE ATTORNEY GENERAL PATRICK MORRISEY"
_MASTHEAD = re.compile(
    r"(?<![\w.])(?:the[ \t]++)?(?:(?:[A-Z][\w.]{0,30}+[ \t]++){0,2}office[ \t]++of[ \t]++(?:the[ \t]++)?"
    r"attorney[ \t]++general|"
    r"(?:[A-Z][\w.]{0,30}+[ \t]++){0,3}department[ \t]++of[ \t]++(?:justice|law)|"
    r"attorney[ \t]++general[’']?s[ \t]++office)\b",
    re.I,
)
# an office's postal address: "100 N. Carson Street", "Carson City, Nevada 89701-4717"
_ADDRESS = re.compile(
    r"(?<![\w-])\d{5}(?:-\d{4})?[ \t]*+$|^[ \t]*+\d{1,6}[ \t]++(?:[NSEW]\.?[ \t]++)?"
    r"(?:[A-Z][\w.]{0,30}+[ \t]++){1,3}(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|"
    r"Plaza|Way|Place|Lane|Square)\b\.?[ \t]*+$",
    re.M,
)
# "Twitter @AGNeronha", "Follow us on X: @TXAG"
_SOCIAL = re.compile(
    r"(?<![ \t])[ \t]*+(?:follow[ \t]++(?:us|him|her)[ \t]++on[ \t]++)?(?:twitter|facebook|instagram|x|"
    r"threads|bluesky)\b[ \t:]*+@\w{1,40}[ \t]*+$",
    re.I,
)
# "Web - http://ag.state.nv.us", "www.ag.state.example.us"
_WEB = re.compile(
    r"(?<![ \t])[ \t]*+(?:(?:web(?:site)?|online|internet)[ \t]*+[-:–][ \t]*+)?(?:https?://|www\.)"
    r"[^\s]{1,200}+[ \t]*+$",
    re.I,
)
# a day and month before a headline, without a year: "27 Mar ATTORNEY GENERAL ..."
_MONTH_WORD = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_LEADING_DAY_MONTH = re.compile(
    rf"(?<![ \t])[ \t]*+(?:\d{{1,2}}[ \t]++{_MONTH_WORD}|{_MONTH_WORD}\.?[ \t]++\d{{1,2}})"
    r"(?![\w,])[ \t|:–—-]++",
    re.I,
)
# "Michael S. Garrity, Director of Communications"
_NAME_COMMA_TITLE = re.compile(
    r"(?:[A-Z][\w'’.-]{0,40}[ \t]++){1,3}[A-Z][\w'’-]{1,40},[ \t]*+([A-Za-z][^\n]{0,80})"
)
_LEADING_DATE_GAP = re.compile(r"[ \t|:,–—-]*+")
_TRAILING_LABEL = re.compile(
    r"(?<![^\s])(?:release[^\S\n]++date|posted[^\S\n]++on|date)[^\S\n:]*+:?[^\S\n]*+$", re.I
)
_PAGE_OF = re.compile(r"page[ \t]++\d{1,4}[ \t]++of[ \t]++\d{1,4}", re.I)


def case_words(line: str) -> list[str]:
    """The words that tell how a line is set: those of four letters or more that open
    on a letter."""
    return [w for w in line.split() if len(w) > 3 and w[0].isalpha()]


def capitalised(words: list[str]) -> bool:
    """Do four in five of ``words`` open on a capital (title case)?"""
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _case_shape(line: str) -> int:
    """How a line is set: 2 in capitals, 1 in title case, 0 as a sentence."""
    words = case_words(line)
    if len(words) < 2:
        return 0
    if all(w.isupper() for w in words):
        return 2
    return 1 if capitalised(words) else 0


# an Attorney General's title and full name, alone on a line: the office's masthead
_AG_AND_NAME = re.compile(
    r"(?:attorney[ \t]++general|AG)[ \t]++(?P<name>(?-i:[A-Z])[\w.’'-]*+"
    r"(?:[ \t]++(?-i:[A-Z])[\w.’'-]*+){1,3})",
    re.I,
)
_GLUED_MASTHEAD = re.compile(r"(?<=[a-z])(?=(?:Department|Office)[ \t])")
_RELEASE_LABEL = re.compile(
    r"(?<![ \t])[ \t]*+(?:news|press|media)[ \t]++release[ \t]*+[-–—:|][ \t]*+", re.I
)
_ENDS_ON_RELEASE = re.compile(r"(?<![\w-])(?:news|press)[ \t]++release[ \t]*+$", re.I)


def _is_masthead_or_contact(line: str) -> bool:
    """A header line that names the office or a press contact rather than the news:
    a masthead, a line with a telephone number or an e-mail address, a contact label
    ("For More Information, contact: ..."), a name followed by a job title."""
    # "New HampshireDepartment of JusticeOffice of the Attorney General": a masthead whose
    # words ran together when its page was printed as text
    line = _GLUED_MASTHEAD.sub(" ", line)
    label = _RELEASE_LABEL.match(line)
    if label:  # "News Release - Office of Attorney General"
        line = line[label.end() :]
    words = line.split()
    if len(words) <= 6 and _ENDS_ON_RELEASE.search(line):
        return True  # "Attorney General Pam Bondi News Release": the office's label
    mast = _MASTHEAD.match(line.strip())
    # "Georgia Department of Law, from the office of Samuel S. Olens, Attorney General"
    if mast:
        rest = line.strip()[mast.end() :].strip()
        if len(words) <= 8 or rest.startswith(",") or _MASTHEAD.fullmatch(rest):
            return True
    if _ADDRESS.search(line) or _SOCIAL.match(line) or _WEB.match(line):
        return True
    if _PAGE_OF.fullmatch(line.strip()):
        return True
    if PHONE_RE.search(line) or EMAIL_RE.search(line) or _CONTACT_LABEL.match(line):
        return True
    if HIDDEN_EMAIL_RE.search(line):
        return True  # "Danny Wimmer <[email protected]>": an address the page hid
    ag = _AG_AND_NAME.fullmatch(line.strip())
    if ag and by_surname(ag.group("name")) and len(ag.group("name").split()) >= 2:
        return True  # "Attorney General William Tong" over the date and the headline
    return _is_name_and_title(line)


def _is_name_and_title(line: str) -> bool:
    """ "Pat Doe, Director"; "- John J. Hoffman, Acting Attorney General" in a masthead."""
    m = _NAME_COMMA_TITLE.fullmatch(line.strip().lstrip("-–—•* \t"))
    if not m:
        return False
    words = m.group(1).split()
    if words[0].lower() in ("acting", "interim") and len(words) > 1:
        words = words[1:]  # "Acting Attorney General"
    return words[0].lower() in _TITLE_WORDS


def _without_date_and_labels(text: str, s: int, e: int) -> tuple[int, int]:
    """A headline without the date it opens on ("27 Mar ATTORNEY GENERAL ...",
    "02/11/2020 Statement by ...") or a label it ends on ("... Release Date")."""
    found = find_date(text[s : min(e, s + 40)])
    if found is not None and found[1] == 0:
        gap = _LEADING_DATE_GAP.match(text, s + found[2], e)
        rest = gap.end() if gap else s + found[2]
        if len(text[rest:e].split()) >= 3:
            s = rest
    else:
        dm = _LEADING_DAY_MONTH.match(text, s, e)
        if dm and len(text[dm.end() : e].split()) >= 3:
            s = dm.end()
    tail = _TRAILING_LABEL.search(text, s, e)
    if tail and len(text[s : tail.start()].split()) >= 3:
        e = tail.start()
        while e > s and text[e - 1].isspace():
            e -= 1
    return s, e


def _tail_contacts(
    text: str, pars: list[Span], header_end: int
) -> list[tuple[Span | None, Span | None, Span | None]]:
    """Contacts printed at the end of a release ("MEDIA CONTACT:" / "Name: phone")."""
    out: list[tuple[Span | None, Span | None, Span | None]] = []
    tail = [p for p in pars[-4:] if p.start >= header_end]
    for par in tail:
        for ls, le in _lines(text, par.start, par.end):
            np = NAME_PHONE_RE.match(text, ls, le)
            if np and len(text[ls:le].split()) <= 8:
                out.append(
                    (
                        Span.of(text, np.start("name"), np.end("name")),
                        Span.of(text, np.start("phone"), np.end("phone")),
                        None,
                    )
                )
    return out


def _contact(
    text: str,
    lines: list[tuple[int, int]],
    idx: int,
    rest_start: int,
    line_end: int,
    consumed: set[int],
) -> list[tuple[Span | None, Span | None, Span | None]]:
    """Name, phone and email of a "Contact:" line, looking at the next header lines
    for a name, phone or email printed on a line of its own, and for more contacts
    printed as "Name, phone" below the first."""
    more: list[tuple[Span | None, Span | None, Span | None]] = []
    consumed.add(idx)
    phone = email = None
    pm = PHONE_RE.search(text, rest_start, line_end)
    if pm:
        phone = Span.of(text, pm.start(), pm.end())
    em = EMAIL_RE.search(text, rest_start, line_end)
    if em:
        email = Span.of(text, em.start(), em.end())
    # name: what the line holds besides phone and email
    name_end = min(x.start() for x in (pm, em) if x) if (pm or em) else line_end
    ns, ne = _strip(text, rest_start, name_end)
    while ne > ns and text[ne - 1] in ",;:-–—(|/•·":
        ne = _strip(text, ns, ne - 1)[1]
    name = Span.of(text, ns, ne) if ne > ns and any(c.isalpha() for c in text[ns:ne]) else None
    for j in range(idx + 1, min(idx + 4, len(lines))):
        ls, le = lines[j]
        line = text[ls:le]
        if CONTACT_RE.match(line):
            break
        np = NAME_PHONE_RE.match(line)
        if np:  # "Contact:" / "Pat Doe (555) 555-0100", or a second contact below
            found = (
                Span.of(text, ls + np.start("name"), ls + np.end("name")),
                Span.of(text, ls + np.start("phone"), ls + np.end("phone")),
            )
            if name is None and phone is None:
                name, phone = found
            else:
                more.append((*found, None))
            consumed.add(j)
            continue
        bare = _name_in(text, ls, le) if name is None and phone is None else None
        if bare is not None and bare.end == _strip(text, ls, le)[1]:
            name = bare  # "Media Contact:" / "Kristina Edmunson" / her e-mail / her phone
            consumed.add(j)
            continue
        label = _PHONE_LABEL.match(line)
        unlabelled = line[label.end() :] if label else line
        if (
            phone is None
            and PHONE_RE.search(unlabelled)
            and len(PHONE_RE.sub("", unlabelled).strip()) < 3
        ):
            m = PHONE_RE.search(text, ls, le)
            assert m is not None
            phone = Span.of(text, m.start(), m.end())
            consumed.add(j)
        elif email is None and EMAIL_RE.fullmatch(line.strip()):
            m = EMAIL_RE.search(text, ls, le)
            assert m is not None
            email = Span.of(text, m.start(), m.end())
            consumed.add(j)
        elif not DATE_LINE_RE.match(line):
            break
    return [(name, phone, email), *more]


# A line that opens a block of press contacts, whatever the office calls it: "For
# More Information, contact:", "Media Contacts", "For media inquiries only, contact:",
# "MEDIA CONTACT:", "Contact:".
_CONTACT_LABEL = re.compile(
    r"^[^\S\n]*+(?:for\s+(?:more\s+information|(?:media|press|news)\s+inquiries)"
    r"(?:[^\S\n]*+(?:only|,)?[^\S\n]*+(?:please\s+)?contact)?[^\n]{0,30}?|"
    r"(?:(?:department|office|agency)\s+)?(?:(?:media|press|news|citizen|public)\s+)?"
    r"(?:contacts?|inquiries|relations)(?:\s+information)?)"
    # a colon (or a dash: "Media Inquiries-") before what follows on the line: "Media
    # Relations Director" is no label
    r"(?:[^\S\n]*+:[^\S\n]*+(?=\n|$|(?-i:[A-Z(]))|[^\S\n]*+[–—-]?[^\S\n]*+(?=\n|$))",
    re.I | re.M,
)
# both open where their run of blanks opens, so that a search is linear in the text
_EXTENSION = re.compile(r"(?<![^\S\n])[^\S\n]*+(?:ext\.?|x)[^\S\n]*+\d{1,6}\b", re.I)
_PHONE_LABEL = re.compile(
    r"(?<![^\S\n])[^\S\n]*+(?:(?:phone|tel|telephone|office|cell|mobile|[cmo])[^\S\n]*+:|"
    r"\((?:c|m|o|cell|office|mobile)\))[^\S\n]*+",
    re.I,
)
# words of a job title: a line of them, or a part of a name line after a comma, is no name
_TITLE_WORDS = frozenset(
    [
        "director",
        "communications",
        "press",
        "media",
        "relations",
        "secretary",
        "officer",
        "manager",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chief",
        "staff",
        "assistant",
        "associate",
        "deputy",
        "specialist",
        "coordinator",
        "information",
        "public",
        "affairs",
        "attorney",
        "general",
        "counsel",
        "office",
        "department",
        "senior",
        "executive",
    ]
)
# the last word may open on a particle: "Kristy dosReis"
_NAME_WORDS = re.compile(
    r"^(?:[A-Z][\w'’.-]{0,40}[^\S\n]+){1,3}(?:[A-Z]|[a-z]{1,4}[A-Z])[\w'’-]{1,40}$"
)


def _name_in(text: str, start: int, end: int) -> Span | None:
    """A person's name that a line (or its part) gives: two to four capitalised words,
    none of them a job title's, before any comma ("Charity R. Clark, Chief of Staff")."""
    s, e = _strip(text, start, end)
    if _ZIP.search(text, s, e):
        return None  # an address: "St. Paul, MN 55101"
    cut = text.find(",", s, e)
    if cut != -1:
        e = _strip(text, s, cut)[1]
    while e > s and text[e - 1] in ":;-–—(<":
        e = _strip(text, s, e - 1)[1]
    words = text[s:e].split()
    if not 2 <= len(words) <= 4 or not _NAME_WORDS.match(text[s:e]):
        return None
    if any(w.strip(".").lower() in _TITLE_WORDS for w in words):
        return None
    return Span.of(text, s, e)


def _past_title(text: str, start: int, end: int) -> tuple[int, bool]:
    """Where the words after a leading job title begin ("Communications Director Pat
    Doe": at "Pat"; ``end`` if every word is a title's), and whether there was one."""
    for k, w in enumerate(_WORD.finditer(text, start, end)):
        if w.group(0).strip(".,").lower() not in _TITLE_WORDS:
            return w.start(), k > 0
    return end, True


def _name_after_title(text: str, start: int, end: int) -> Span | None:
    """The name after a job title on a line of a contact block: "Communications
    Director Kara Richardson"."""
    begin, titled = _past_title(text, start, end)
    return _name_in(text, begin, end) if titled and begin < end else None


def _phone_at(text: str, start: int, end: int) -> tuple[Span, int] | None:
    """A telephone number in ``text[start:end]`` with its extension ("ext. 10105"), and
    where it begins."""
    m = PHONE_RE.search(text, start, end)
    if m is None:
        return None
    stop = m.end()
    ext = _EXTENSION.match(text, stop, end)
    if ext:
        stop = ext.end()
    return Span.of(text, m.start(), stop), m.start()


def _contact_blocks(
    text: str, header_end: int, pars: list[Span], attachments: Span | None = None
) -> list[tuple[Span | None, Span | None, Span | None]]:
    """Contacts in blocks of short lines after a contact label, in the header, at the
    end or just after the end marker: each phone or e-mail goes with the name on its
    line or on the lines just before it; job-title lines are passed over. A label
    followed by sentences ("Communications Director Pat Doe at pat@ag.gov or (907)
    555-0100. Information Officer ...") gives a contact a sentence."""
    zones: list[tuple[int, int]] = []
    tail = [p for p in pars[-4:] if p.start >= header_end]
    after = (
        [(attachments.start, min(attachments.end, attachments.start + 600))] if attachments else []
    )
    for start, end in [(0, header_end), *((p.start, p.end) for p in tail), *after]:
        # a label at the end may stand in a paragraph of its own, the contact below it
        stop = end if start < header_end else len(text)
        for m in _CONTACT_LABEL.finditer(text, start, end):
            if all(m.end() != z for z, _ in zones):  # the end's paragraphs and attachments
                zones.append((m.end(), min(stop, m.end() + 400)))
    unlabelled: set[int] = set()  # zones no label opens: a phone there needs a name
    if not zones:  # no label: a short line with a telephone, and the line above, in the
        # header or the last paragraphs
        lines = [
            (ls, le)
            for start, end in [(0, header_end), *((p.start, p.end) for p in tail)]
            for ls, le in _lines(text, start, end)
            if text[ls:le].strip()
        ]
        for i, (ls, le) in enumerate(lines):
            if PHONE_RE.search(text, ls, le) and len(text[ls:le].split()) <= 6 and i > 0:
                k = i - 1  # the name may stand above a job title ("Media Relations Director")
                if k > 0 and all(
                    w.strip(".,").lower() in _TITLE_WORDS for w in text[slice(*lines[k])].split()
                ):
                    k -= 1
                zones.append((lines[k][0], le))
                unlabelled.add(lines[k][0])
    out: list[tuple[Span | None, Span | None, Span | None]] = []
    for zs, ze in zones:
        pending: Span | None = None
        blank_after_contact = False  # a name after it is a contact only with a phone
        for ls, le in _lines(text, zs, ze):
            if not text[ls:le].strip():
                blank_after_contact = blank_after_contact or bool(out)
                continue
            if len(text[ls:le].split()) > 12:
                if not out:  # contacts in sentences on the label's line
                    out.extend(_contact_sentences(text, ls, le))
                break
            if DATE_LINE_RE.match(text[ls:le]):
                break
            label = _PHONE_LABEL.match(text, ls, le)
            body = label.end() if label else ls
            phone = _phone_at(text, body, le)
            em = EMAIL_RE.search(text, body, le)
            email = Span.of(text, em.start(), em.end()) if em else None
            first = _first_of(phone, em, le)
            hidden = HIDDEN_EMAIL_RE.search(text, body, first)
            if hidden:  # "Danny Wimmer <[email protected]>": a contact, the address hidden
                first = hidden.start()
            name = _name_in(text, body, first) if first > body else None
            if name is None and first > body:
                name = _name_after_title(text, body, first)  # "Communications Director Pat Doe"
            if name is None and (phone or em) and len(text[body:first].split()) > 3:
                # "For media inquiries please contact Pat Doe, or 803-555-0100": a sentence
                told = _contact_sentences(text, ls, le)
                name = told[0][0] if told else None
            if phone is None and email is None and hidden is None:
                if name is not None:
                    pending = name
                continue
            if name is None and pending is None and zs in unlabelled:
                continue  # "St. Paul, MN 55101" / "(651) 555-3353": an address's phone
            if name is None and out and pending is None:
                # the last contact's own phone or e-mail, on a line of its own ("Pat Doe" /
                # "312-814-3118" / "877-844-5461 (TTY)" / "pat.doe@ag.gov")
                last = out[-1]
                out[-1] = (
                    last[0],
                    last[1] or (phone[0] if phone else None),
                    last[2] or email,
                )
                continue
            out.append((name or pending, phone[0] if phone else None, email))
            pending = None
        if pending is not None and not blank_after_contact:
            out.append((pending, None, None))  # "For More Information:" / "Jen Green"
    return out


def _first_of(phone: tuple[Span, int] | None, email: re.Match[str] | None, default: int) -> int:
    """Where the first of a line's phone and e-mail begins (``default`` if neither)."""
    starts = [
        x for x in (phone[1] if phone else None, email.start() if email else None) if x is not None
    ]
    return min(starts, default=default)


_SENTENCE_END = re.compile(r"\.(?=[^\S\n]++[A-Z])")


def _contact_sentences(
    text: str, start: int, end: int
) -> list[tuple[Span | None, Span | None, Span | None]]:
    """Contacts told in sentences, one a sentence: the name is the last capitalised
    run before the phone or e-mail that is no job title ("Communications Director Pat
    Doe at pat.doe@ag.gov or (907) 555-0100.")."""
    out: list[tuple[Span | None, Span | None, Span | None]] = []
    cuts = [start, *(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]
    for s, e in itertools.pairwise(cuts):
        phone = _phone_at(text, s, e)
        em = EMAIL_RE.search(text, s, e)
        if phone is None and em is None:
            continue
        first = _first_of(phone, em, e)
        name = None
        for m in _CAPITALISED_RUN.finditer(text, s, first):
            begin, _titled = _past_title(text, m.start(), m.end())  # "... Director Pat Doe"
            if len(text[begin : m.end()].split()) >= 2:
                name = Span.of(text, begin, m.end())
        out.append(
            (name, phone[0] if phone else None, Span.of(text, em.start(), em.end()) if em else None)
        )
    return out


_WORD = re.compile(r"\S++")
_ZIP = re.compile(r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])")
# capitalised words in a run: "Communications Director Pat Doe"
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’.-])[A-Z][\w'’.-]{0,40}(?:[^\S\n]++[A-Z][\w'’.-]{0,40}){1,5}"
)


def _without_title(text: str, name: Span | None) -> Span | None:
    """A contact's name without the job title printed after it ("Charity R. Clark,
    Chief of Staff" is "Charity R. Clark")."""
    if name is None:
        return None
    first = name.quote.split(maxsplit=1)
    if len(first) == 2 and first[0].lower() in ("contact", "contacts", "contact:"):
        # "Contact Bob Brammer 515-281-6699": the label, not the name
        name = Span.of(text, name.end - len(first[1]), name.end)
    cut = text.find(",", name.start, name.end)
    if cut == -1:
        return name
    after = text[cut + 1 : name.end].split()
    if after and any(w.strip(".").lower() in _TITLE_WORDS for w in after):
        s, e = _strip(text, name.start, cut)
        return Span.of(text, s, e) if e > s else name
    return name
