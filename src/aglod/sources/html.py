"""Office HTML pages → ``Release``: find the article, render it as plain text, and
read what the page states about itself (headline, date, address) before any text
pattern does.

The page is decoded and repaired like a text release (``sources.decode``: mojibake
such as "â€œ" for “ is fixed before parsing, so every offset points into repaired
text), parsed with Lexbor (selectolax), stripped of chrome (navigation, menus,
share bars, "related" blocks…), and the article is rendered one block element per
paragraph, the page's main heading first, so that ``parsing.segment`` finds it.
A page nested deeper than 512 levels is rejected (``aglod.sources.nesting``), and every walk
over the tree is a loop, not a recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import InputError
from ..extraction.lines import CONTACT_RE, DATE_LINE_RE, LABEL_RE
from ..extraction.segments import segment
from ..records import Release
from .inputs import (
    MAX_INPUT_BYTES,
    MAX_TEXT_CHARS,
    content_hash,
    decode,
    read_bytes,
    too_big,
    too_long,
    web_address,
)
from .nesting import MAX_DEPTH, markup_depth, tree_depth
from .pagemeta import (
    INVISIBLE,
    SOFT,
    PageMeta,
    fold,
    is_generic,
    page_meta,
    parse_date,
    words_of,
)

# Never part of an article's text.
_SKIP = words_of(
    "head title meta link script style noscript template iframe svg canvas object embed "
    "form button select textarea input nav aside figcaption video audio map dialog"
)
# Each of these starts and ends a paragraph of the rendered text.
_BLOCKS = words_of(
    "html body address article blockquote center dd details dl dt div fieldset figure "
    "footer header h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody "
    "thead tfoot tr ul caption"
)
# Words of a class or id (also camelCase: "sideBar") that mark page chrome.
_CHROME_WORDS = words_of(
    "nav navbar navigation menu menus menubar breadcrumb breadcrumbs share sharing "
    "sharethis addthis social related sidebar footer header masthead banner skip cookie "
    "cookies subscribe newsletter pager pagination toolbar widget widgets comments promo "
    "advert advertisement popup modal tags"
)
_CHROME_PAIRS = frozenset(
    {"most viewed", "most read", "most popular", "side bar", "sr only", "visually hidden"}
    | {"screen reader", "back top", "site header", "site footer", "page footer"}
)
_CHROME_ROLES = words_of("navigation banner contentinfo complementary search menu menubar")
_WORD_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HIDDEN_RE = re.compile(r"display\s*:\s*none")
# Where articles live: the Minnesota AG layout, CMS body fields, HTML5 landmarks.
_CONTAINERS = (
    "div#content, [itemprop=articleBody], .field--name-body, .field-name-body, "
    ".entry-content, .post-content, .article-body, .article-content, .node__content, "
    ".node-content, #main-content, #maincontent, #content, article, main, [role=main]"
)
_NOT_FOUND_RE = re.compile(
    r"\b(?:404|not\s+found|page\s+(?:cannot|can't|could\s+not)\s+be\s+found"
    r"|access\s+denied|forbidden|server\s+error)\b",
    re.IGNORECASE,
)
_MIN_WORDS = 30  # an article shorter than this (headline aside) is not a release


def read_html_release(page: Path | bytes, source: str | None = None) -> Release:
    """One HTML page (a path, or its bytes) as a ``Release``.

    ``source`` is how the page is recorded (default: the path as given). A page with
    no article (empty, an error page, a listing) raises ``InputError`` with the reason.
    """
    if isinstance(page, Path):
        name = source if source is not None else str(page)
        data = read_bytes(page, name)
    else:
        name, data = source if source is not None else "<html>", page
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(name, too_big(len(data), "the page"))
    return html_release(decode(data, name, max_chars=None), name, content_hash(data))


def html_release(markup: str, source: str, digest: str) -> Release:
    """A ``Release`` from decoded, repaired markup; ``digest`` is the source bytes' hash.
    A page nested deeper than ``MAX_DEPTH`` is rejected (``aglod.sources.nesting``)."""
    if markup_depth(markup) > MAX_DEPTH:
        raise InputError(source, _too_deep(f"more than {MAX_DEPTH}"))
    tree = LexborHTMLParser(markup)
    depth = tree_depth(tree.root) if tree.root is not None else 0
    if depth > MAX_DEPTH:
        raise InputError(source, _too_deep(f"{depth:,}"))
    if tree.body is None or not tree.body.text().strip():
        raise InputError(source, "the page has no text")
    _drop_bad_addresses(tree)
    try:
        meta = page_meta(tree)
    except RecursionError:
        raise InputError(source, "the page's JSON-LD is nested too deeply") from None
    heading, agrees = _heading(tree, meta)
    _drop_chrome(tree.body, heading)
    container = _container(tree, heading)
    if container is None:
        raise InputError(source, "no article text on the page")
    blocks, at = _render(container, heading)
    title = meta.title
    inside = heading is not None and any(n.mem_id == container.mem_id for n in _ancestry(heading))
    if heading is not None and (agrees or inside or not title):
        # The heading readers see is the headline: metadata may shorten it, add a
        # kicker, or be left over from another page (all three seen on the MN site).
        title = blocks[at] if at is not None else " ".join(_render(heading, None)[0])
    title = title or meta.page_title
    words = sum(len(b.split()) for b in blocks)
    if title and _NOT_FOUND_RE.search(title) and len(title.split()) <= 8 and words < 150:
        raise InputError(source, f"an error page ({fold(title)[:60]!r}), not a release")
    linked = [h for h in container.css("h2, h3, h4") if h.css_first("a") is not None]
    if len(container.css("article")) >= 3 or len(linked) >= 4:
        raise InputError(source, "a listing of releases, not a release")
    if not title:
        raise InputError(source, "no headline: not a release page")
    blocks = _headline_first(blocks, at, fold(title) if at is None else None)
    if words - (len(title.split()) if at is not None else 0) < _MIN_WORDS:
        raise InputError(source, "no article text on the page")
    text = "\n\n".join(blocks)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(source, too_long(len(text), MAX_TEXT_CHARS))
    release = Release(source, text, digest, meta.url, title, None, meta.office)
    stated = meta.published or _time_element(container, heading)
    return replace(release, stated_date=stated or _weak_date(meta, release))


def _too_deep(levels: str) -> str:
    """The reason given for a page nested too deeply."""
    return f"the page is nested {levels} levels deep, over aglod's limit of {MAX_DEPTH}"


def _drop_bad_addresses(tree: LexborHTMLParser) -> None:
    """Remove the page's own address (``<link rel=canonical>``, ``og:url``) where it is
    not a valid http(s) IRI: it becomes ``schema:url`` and names the office, so an
    address with spaces, quotes or angle brackets is left out, not copied."""
    for node in tree.css("link[rel=canonical]"):
        if web_address(node.attributes.get("href") or "") is None:
            node.decompose()
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        if key.strip().lower() == "og:url" and web_address(attrs.get("content") or "") is None:
            node.decompose()


def _weak_date(meta: PageMeta, release: Release) -> date | None:
    """The date of a ``<title>`` that is only a date and labels, or of the page's
    address (".../2019/03/01/..."): stated where the two agree, or where the text
    prints no date of its own; else the text's date (parsing reads it) stands."""
    if meta.title_date is not None and meta.title_date == meta.url_date:
        return meta.title_date
    if segment(release).date is None:
        return meta.title_date or meta.url_date
    return None


def _time_element(container: LexborNode, heading: LexborNode | None) -> date | None:
    """The date of the article's first ``<time datetime>``: in the container, else
    near the heading (an article header)."""
    near = _ancestry(heading)[1:4] if heading is not None else []
    for scope in [container, *(n for n in near if n.tag not in ("body", "html"))]:
        found = scope.css_first("time[datetime]")
        if found is not None:
            return parse_date(found.attributes.get("datetime"))
    return None


def _is_chrome(node: LexborNode, in_article: bool, around_heading: bool = False) -> bool:
    """Navigation, menus, share bars, sidebars, footers… (around a heading, a class
    "page-header" or "hero-banner" is the title's own wrapper, not chrome)."""
    tag = node.tag or "-"
    if tag.startswith("-") or tag in ("body", "html"):  # text, comments (older selectolax)
        return False
    if tag in ("nav", "aside", "footer") or (tag == "header" and not in_article):
        return True
    attrs = node.attributes
    if (attrs.get("role") or "").lower() in _CHROME_ROLES or "hidden" in attrs:
        return True
    if _HIDDEN_RE.search(attrs.get("style") or ""):
        return True
    words = [
        w.lower() for w in _WORD_RE.findall(f"{attrs.get('id') or ''} {attrs.get('class') or ''}")
    ]
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    found = _CHROME_WORDS.intersection(words) - ({"header", "banner"} if around_heading else set())
    return bool(found or _CHROME_PAIRS.intersection(pairs))


def _ancestry(node: LexborNode) -> list[LexborNode]:
    """``node`` and its ancestors up to ``<html>``, nearest first (never the document
    node: older selectolax releases crash on it)."""
    out = [node]
    while out[-1].tag != "html" and (parent := out[-1].parent) is not None:
        out.append(parent)
    return out


def _heading(tree: LexborHTMLParser, meta: PageMeta) -> tuple[LexborNode | None, bool]:
    """The page's main heading, and whether it repeats the stated title: the heading
    that does, else the first ``<h1>`` outside the chrome, else an article's ``<h2>``."""
    if meta.title:
        want = meta.title.casefold()
        for node in tree.css("h1, h2, h3"):
            text = fold(node.text()).casefold()
            if text and (text == want or (len(text) >= 20 and (text in want or want in text))):
                return node, True
    for selector in ("h1", "article h2, main h2, [role=main] h2"):
        for node in tree.css(selector):
            text = fold(node.text())
            if not text or is_generic(text, meta.site) or (selector != "h1" and node.css("a")):
                continue
            above = _ancestry(node)[1:]
            inside = any(n.tag in ("article", "main") for n in above)
            if not any(n.tag == "a" or _is_chrome(n, inside, True) for n in above):
                return node, False
    return None, False


def _drop_chrome(body: LexborNode, heading: LexborNode | None) -> None:
    """Remove chrome that holds neither the heading nor most of the page's prose."""
    keep = {n.mem_id for n in _ancestry(heading)} if heading is not None else set()
    total = _prose(body)
    doomed: list[LexborNode] = []
    stack = [(body, False)]
    while stack:
        node, in_article = stack.pop()
        for child in node.iter():
            if child.tag in _SKIP and child.tag not in ("nav", "aside"):
                continue
            if (
                _is_chrome(child, in_article)
                and child.mem_id not in keep
                and _prose(child) <= total / 2
            ):
                doomed.append(child)
            else:
                stack.append((child, in_article or child.tag in ("article", "main")))
    for node in doomed:
        node.decompose()


def _size(text: str) -> int:
    return len("".join(text.split()))


def _prose(node: LexborNode) -> int:
    """Characters of paragraph text under ``node``."""
    return sum(_size(p.text()) for p in node.css("p"))


def _container(tree: LexborHTMLParser, heading: LexborNode | None) -> LexborNode | None:
    """The element holding the article: the nearest known container (``_CONTAINERS``)
    around the densest paragraph text and the heading; else their nearest common
    ancestor; else the densest element itself (a readability-like heuristic)."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    assert tree.body is not None
    for node in tree.body.traverse():
        if node.tag in _SKIP:
            continue
        if node.tag in ("p", "pre", "blockquote"):
            size, credit = _size(node.text()), node.parent
        else:
            size, credit = _size(node.text(deep=False)), node
        if size < 25 or credit is None:
            continue
        for weight, target in ((1.0, credit), (0.5, credit.parent)):
            if target is not None:
                scores[target.mem_id] = scores.get(target.mem_id, 0.0) + weight * size
                nodes[target.mem_id] = target
    if not scores:
        return None
    chain = _ancestry(nodes[max(scores, key=lambda k: scores[k])])
    depth = {n.mem_id: i for i, n in enumerate(chain)}
    holders = sorted(
        (n for n in tree.css(_CONTAINERS) if n.mem_id in depth), key=lambda n: depth[n.mem_id]
    )
    around = {n.mem_id for n in _ancestry(heading)} if heading is not None else None
    for node in holders:
        if around is None or node.mem_id in around:
            return node
    common = next((n for n in chain if around and n.mem_id in around), None)
    if common is not None and common.tag not in ("body", "html"):
        return common
    return holders[0] if holders else chain[0]


def _render(root: LexborNode, heading: LexborNode | None) -> tuple[list[str], int | None]:
    """The text of ``root``, one entry per block element (a list item marked "- ");
    ``<br>`` is a line break and two of them a paragraph break. Also the index of the
    heading's block."""
    out = _Text()
    at: int | None = None
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            out.pre -= tag == "pre"
            out.flush()
            out.bullet = out.bullet and tag != "li"
            if heading is not None and node.mem_id == heading.mem_id and out.blocks:
                at = len(out.blocks) - 1
        elif tag == "-text":
            text = (node.text_content or "").translate(INVISIBLE)
            out.buffer.append(text if out.pre else text.translate(SOFT))
        elif tag == "br":
            out.buffer.append("\n")
        elif tag not in _SKIP and not tag.startswith("-"):
            if tag in ("td", "th"):
                out.buffer.append(" ")
            if tag in _BLOCKS or (heading is not None and node.mem_id == heading.mem_id):
                out.flush()
                out.pre += tag == "pre"
                out.bullet = out.bullet or tag == "li"
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    out.flush()
    return out.blocks, at


@dataclass
class _Text:
    """Rendered blocks, and the inline text of the block being read."""

    blocks: list[str] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    pre: int = 0  # inside how many <pre> elements
    bullet: bool = False  # the next block opens a list item

    def flush(self) -> None:
        para: list[str] = []
        for line in [*"".join(self.buffer).split("\n"), ""]:
            folded = " ".join(line.split())
            if folded:
                para.append(folded)
            elif para:
                self.blocks.append(("- " if self.bullet else "") + "\n".join(para))
                self.bullet = False
                para = []
        self.buffer.clear()


def _is_label(block: str) -> bool:
    return all(
        LABEL_RE.match(line) or CONTACT_RE.match(line) or DATE_LINE_RE.match(line)
        for line in block.splitlines()
    )


def _headline_first(blocks: list[str], at: int | None, injected: str | None) -> list[str]:
    """The headline (block ``at``, else ``injected``) before everything but labels
    ("Press Release", a date line): what a page prints above its heading (a kicker, a
    breadcrumb) follows it."""
    if at is None and injected is not None:
        at = next((i for i, b in enumerate(blocks) if fold(b) == injected), None)
        if at is None:
            lead = 0
            while lead < len(blocks) and _is_label(blocks[lead]):
                lead += 1
            return [*blocks[:lead], injected, *blocks[lead:]]
    if at is None:
        return blocks
    before = blocks[:at]
    labels = [b for b in before if _is_label(b)]
    others = [b for b in before if not _is_label(b)]
    return [*labels, blocks[at], *others, *blocks[at + 1 :]]
