"""Press contacts in a release's header or at its end: name, phone and e-mail address, whatever the office calls the block ("Media Contact:", "For more information, contact:") and however it lays out the lines."""

from __future__ import annotations

import itertools
import re

from ..records import Span
from .lines import (
    CONTACT_RE,
    DATE_LINE_RE,
    EMAIL_RE,
    HIDDEN_EMAIL_RE,
    NAME_PHONE_RE,
    PHONE_RE,
    line_spans,
    strip_span,
)


def tail_contacts(
    text: str, pars: list[Span], header_end: int
) -> list[tuple[Span | None, Span | None, Span | None]]:
    """Contacts printed at the end of a release ("MEDIA CONTACT:" / "Name: phone")."""
    out: list[tuple[Span | None, Span | None, Span | None]] = []
    tail = [p for p in pars[-4:] if p.start >= header_end]
    for par in tail:
        for ls, le in line_spans(text, par.start, par.end):
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


def line_contacts(
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
    ns, ne = strip_span(text, rest_start, name_end)
    while ne > ns and text[ne - 1] in ",;:-–—(|/•·":
        ne = strip_span(text, ns, ne - 1)[1]
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
        if bare is not None and bare.end == strip_span(text, ls, le)[1]:
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
CONTACT_LABEL = re.compile(
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
TITLE_WORDS = frozenset(
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
    s, e = strip_span(text, start, end)
    if _ZIP.search(text, s, e):
        return None  # an address: "St. Paul, MN 55101"
    cut = text.find(",", s, e)
    if cut != -1:
        e = strip_span(text, s, cut)[1]
    while e > s and text[e - 1] in ":;-–—(<":
        e = strip_span(text, s, e - 1)[1]
    words = text[s:e].split()
    if not 2 <= len(words) <= 4 or not _NAME_WORDS.match(text[s:e]):
        return None
    if any(w.strip(".").lower() in TITLE_WORDS for w in words):
        return None
    return Span.of(text, s, e)


def _past_title(text: str, start: int, end: int) -> tuple[int, bool]:
    """Where the words after a leading job title begin ("Communications Director Pat
    Doe": at "Pat"; ``end`` if every word is a title's), and whether there was one."""
    for k, w in enumerate(_WORD.finditer(text, start, end)):
        if w.group(0).strip(".,").lower() not in TITLE_WORDS:
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


def contact_blocks(
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
        for m in CONTACT_LABEL.finditer(text, start, end):
            if all(m.end() != z for z, _ in zones):  # the end's paragraphs and attachments
                zones.append((m.end(), min(stop, m.end() + 400)))
    unlabelled: set[int] = set()  # zones no label opens: a phone there needs a name
    if not zones:  # no label: a short line with a telephone, and the line above, in the
        # header or the last paragraphs
        lines = [
            (ls, le)
            for start, end in [(0, header_end), *((p.start, p.end) for p in tail)]
            for ls, le in line_spans(text, start, end)
            if text[ls:le].strip()
        ]
        for i, (ls, le) in enumerate(lines):
            if PHONE_RE.search(text, ls, le) and len(text[ls:le].split()) <= 6 and i > 0:
                k = i - 1  # the name may stand above a job title ("Media Relations Director")
                if k > 0 and all(
                    w.strip(".,").lower() in TITLE_WORDS for w in text[slice(*lines[k])].split()
                ):
                    k -= 1
                zones.append((lines[k][0], le))
                unlabelled.add(lines[k][0])
    out: list[tuple[Span | None, Span | None, Span | None]] = []
    for zs, ze in zones:
        pending: Span | None = None
        blank_after_contact = False  # a name after it is a contact only with a phone
        for ls, le in line_spans(text, zs, ze):
            if not text[ls:le].strip():
                blank_after_contact = blank_after_contact or bool(out)
                continue
            if len(text[ls:le].split()) > 12:
                if not out:  # contacts in sentences on the label's line
                    out.extend(contact_sentences(text, ls, le))
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
                told = contact_sentences(text, ls, le)
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


def contact_sentences(
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


def without_title(text: str, name: Span | None) -> Span | None:
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
    if after and any(w.strip(".").lower() in TITLE_WORDS for w in after):
        s, e = strip_span(text, name.start, cut)
        return Span.of(text, s, e) if e > s else name
    return name
