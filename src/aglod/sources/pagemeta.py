"""What an office's page states about itself in its markup: headline (JSON-LD,
OpenGraph, ``<title>``), publication date (JSON-LD, meta tags, a ``<title>`` that is
only a date, the address), canonical address, and the state of an official domain.
``aglod.sources.html`` finds and renders the article; this module reads the page's own
statements."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..dates import DATE_RE, find_date
from ..reference.gazetteer import jurisdictions
from .inputs import web_address


def words_of(text: str) -> frozenset[str]:
    """The words of ``text`` as a set (for the word lists below and in ``html``)."""
    return frozenset(text.split())


_ARTICLE_TYPES = words_of(
    "NewsArticle Article ReportageNewsArticle AnalysisNewsArticle BlogPosting PressRelease "
    "Report ScholarlyArticle"
)

_DATE_META = tuple(  # in order of preference
    str.split(
        "article:published_time datepublished date dc.date dc.date.issued dcterms.date "
        "dcterms.issued pubdate publishdate publish-date publication_date og:published_time"
    )
)

_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})(?=[/_.-])")

_ISO_DATE_RE = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})")

# Words of a title that is only labels and a date ("January 7, 2019 Press Release"),
# and the words of an office's site name ("Office of the Minnesota Attorney General").
_LABEL_WORDS = words_of(
    "press release releases news newsroom media advisory advisories statements for "
    "immediate archive archives page home untitled document monday tuesday wednesday "
    "thursday friday saturday sunday"
)

_SITE_WORDS = words_of(
    "office of the attorney general s ag state department justice official website site "
    "welcome to and"
)

_SITE_RE = re.compile(r"attorney\s+general|department\s+of\s+justice|official\s+web\s*site", re.I)
_TYPE_SEP = re.compile(r"[/#:]")
_NON_WORD = re.compile(r"[\W_]+")

INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})

SOFT = str.maketrans({"\xad": None, "\n": " ", "\r": " ", "\t": " ", "\f": " "})


@dataclass(frozen=True)
class PageMeta:
    """What a page states about itself in its markup."""

    title: str | None  # JSON-LD headline, else og:title (site name cut off)
    published: date | None  # JSON-LD datePublished, article:published_time, meta date…
    url: str | None  # <link rel=canonical>, else og:url
    office: str | None  # the state of the address's official domain
    site: frozenset[str]  # the site's own names (og:site_name, application-name), folded
    page_title: str | None  # <title>, unless it is only a date and labels
    title_date: date | None  # the date of a <title> that is only a date and labels
    url_date: date | None  # the date in the page's address: ".../2019/03/01/..."


def page_meta(tree: LexborHTMLParser) -> PageMeta:
    """Headline, date, address and office as the page's markup states them: JSON-LD,
    OpenGraph and other meta tags, ``<link rel=canonical>``, ``<title>``."""
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        content = (attrs.get("content") or "").strip()
        if key and content:
            metas.setdefault(key.strip().lower(), content)
    article = next(_ld_articles(tree), {})
    site = frozenset(
        fold(metas[k]).casefold() for k in ("og:site_name", "application-name") if k in metas
    )
    title = None
    for candidate in (_ld_text(article.get("headline")), metas.get("og:title")):
        cleaned = _clean_title(candidate, site) if candidate else None
        if cleaned and not is_generic(cleaned, site):
            title = cleaned
            break
    published = parse_date(_ld_text(article.get("datePublished")))
    for key in _DATE_META:
        published = published or parse_date(metas.get(key))
    url = None
    canonical = tree.css_first("link[rel=canonical]")
    for candidate in (canonical.attributes.get("href") if canonical else None, metas.get("og:url")):
        url = web_address(candidate) if candidate else None
        if url is not None:
            break
    title_node = tree.css_first("title")
    page_title = _clean_title(title_node.text(), site) if title_node is not None else None
    found = find_date(page_title) if page_title and is_generic(page_title) else None
    if page_title and is_generic(page_title, site):
        page_title = None
    m = _URL_DATE_RE.search(urlsplit(url).path) if url else None
    url_date = parse_date("-".join(m.groups())) if m else None
    return PageMeta(
        title, published, url, office_of_url(url), site, page_title, found and found[0], url_date
    )


def office_of_url(url: str | None) -> str | None:
    """The state whose official domain serves ``url`` ("ag.state.mn.us", "oag.ca.gov"),
    else None: the page's address names its office unambiguously."""
    host = (urlsplit(url).hostname or "").lower().split(".") if url else []
    state_us = len(host) >= 3 and host[-1] == "us" and host[-3] == "state"  # ag.state.mn.us
    if state_us or (len(host) >= 2 and host[-1] == "gov" and len(host[-2]) == 2):  # oag.ca.gov
        code = host[-2].upper()
        return code if code != "US" and code in {j.usps for j in jurisdictions()} else None
    return None


def _ld_articles(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    """The Article-like objects of the page's JSON-LD, in order."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            yield from _ld_walk(json.loads(script.text(), strict=False))
        except ValueError:
            continue


def _ld_walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_walk(item)
    elif isinstance(data, dict):
        types = data.get("@type")
        for t in types if isinstance(types, list) else [types]:
            if isinstance(t, str) and _TYPE_SEP.split(t)[-1] in _ARTICLE_TYPES:
                yield data
                break
        yield from _ld_walk(data.get("@graph"))


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    return value if isinstance(value, str) and value.strip() else None


def parse_date(value: str | None) -> date | None:
    """The calendar date a value states ("2019-03-01T10:00:00-06:00" → 2019-03-01, as
    written, not moved to UTC; "March 1, 2019"), else None."""
    m = _ISO_DATE_RE.match(value) if value else None
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    found = find_date(value) if value else None
    return found[0] if found else None


def fold(text: str) -> str:
    return " ".join(text.translate(INVISIBLE).translate(SOFT).split())


def _clean_title(title: str, site: frozenset[str]) -> str | None:
    """``title`` without a trailing site name ("Headline | Office of the AG")."""
    title = fold(title).split(" | ")[0].strip()
    for sep in (" - ", " – ", " — "):
        head, _, tail = title.rpartition(sep)
        if head and (tail.casefold() in site or (len(tail.split()) <= 8 and _SITE_RE.search(tail))):
            title = head.strip()
    return title or None


def is_generic(title: str, site: frozenset[str] | None = None) -> bool:
    """A title that is only a date and labels ("January 7, 2019 Press Release"); with
    ``site`` (the site's names), also one that only names the office's site."""
    words = _NON_WORD.sub(" ", DATE_RE.sub(" ", title)).casefold().split()
    rest = [w for w in words if w not in _LABEL_WORDS and not w.isdigit()]
    if site is None or not rest:
        return not rest
    if fold(title).casefold() in site:
        return True
    return all(w in _SITE_WORDS or w in _place_words() for w in rest)


@cache
def _place_words() -> frozenset[str]:
    return frozenset(w.casefold() for j in jurisdictions() for n in j.names for w in n.split())
