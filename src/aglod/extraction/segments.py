"""Segment a release: header (release label, date, contacts), headline, dateline, body,
end marker, attachments. Every part is a ``Span`` into the release text.

The rules follow the genre, not any one office: label lines ("FOR IMMEDIATE
RELEASE", "Press Release", "Contact: …") are skipped; the headline is the first
other line of the header; the dateline opens the first paragraph of prose
("Albuquerque, NM –", "(SAINT PAUL) —", "HARRISBURG –"); the body runs to an end
marker ("###", "# # #", "-30-"), after which come attachments such as letters.
"""

from __future__ import annotations

import re

from ..dates import DATE_RE, MONTHS, find_date
from ..records import Release, Segments, Span
from ..reference.roster import by_surname
from .contacts import (
    CONTACT_LABEL,
    TITLE_WORDS,
    contact_blocks,
    line_contacts,
    tail_contacts,
    without_title,
)
from .lines import (
    CONTACT_RE,
    DASH,
    DATE_LINE_RE,
    EMAIL_RE,
    HIDDEN_EMAIL_RE,
    LABEL_RE,
    PHONE_RE,
    line_spans,
    paragraphs,
    strip_span,
)

# "Friday, July 13, 2018 – Austin": a date line that ends with the dateline city
DATE_CITY_RE = re.compile(
    r"^\s*"
    + DATE_RE.pattern
    + r"\s*[—–―-]+\s*(?P<city>[A-Z][A-Za-z.'’]*(?:[ \t]+[A-Z][A-Za-z.'’]*){0,3})\s*$",
    re.IGNORECASE,
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
        + DASH
        + r")?\s*",
        re.IGNORECASE,
    ),
    # "Albuquerque, NM –", "AUSTIN, Texas —"
    re.compile(r"(?P<city>" + _CITY + r"),[ \t]*(?P<state>" + _STATE + r")[ \t]*" + DASH + r"\s*"),
    # "OAKLAND —", "HARRISBURG –", "SAINT PAUL —", "DES MOINES-Today, ..."; not the
    # hyphen of a word ("MULTI-STATE LAWSUIT", "AG-Led Coalition", "COVID-Related")
    re.compile(
        r"(?P<city>[A-Z][A-Z.'’]{1,40}+(?:[ \t]+[A-Z][A-Z.'’]{1,40}+){0,3})[ \t]*+"
        r"(?:[—–―]++-*+|-{2,}+|(?<=[ \t])-++|-(?=\s|[A-Z][a-z]++(?:,|[ \t]++[a-z])))\s*"
    ),
)


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
        a_start, a_end = strip_span(text, marker.end(), n)
        if a_end > a_start:
            attachments = Span.of(text, a_start, a_end)

    # Header: headline, date, contacts.
    date_span: Span | None = None
    contacts: list[tuple[Span | None, Span | None, Span | None]] = []
    header_lines = [(s, e) for s, e in line_spans(text, 0, header_end) if text[s:e].strip()]
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
            contacts.extend(
                line_contacts(text, header_lines, idx, ls + cm.start("rest"), le, consumed)
            )
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
    contacts.extend(tail_contacts(text, pars, header_end))
    contacts = [c for c in contacts if c[0] or c[1] or c[2]]
    if not contacts:
        contacts.extend(contact_blocks(text, header_end, pars, attachments))
    contacts = [(without_title(text, n), p, e) for n, p, e in contacts]
    body = (
        Span.of(text, *strip_span(text, body_start, body_end))
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
            s, e = strip_span(text, nl, par.end)
            head = Span.of(text, *strip_span(text, par.start, nl))
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
        for lines in [line_spans(text, par.start, par.end)]
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
            label = CONTACT_LABEL.match(line)
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
        s, e = strip_span(text, ls, le)
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
            e = strip_span(text, s, le2)[1]
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
    if PHONE_RE.search(line) or EMAIL_RE.search(line) or CONTACT_LABEL.match(line):
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
    return words[0].lower() in TITLE_WORDS


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
