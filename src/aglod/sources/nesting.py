"""How deep a page's elements nest, so that a page nested to exhaust the parser is
rejected before it is parsed.

An HTML parser's tree building slows with the depth of the tree (it looks through
the open elements for each tag): 100,000 nested ``<div>`` take minutes. Real pages
nest a few dozen elements deep, so ``aglod.sources.html`` rejects a page deeper than
``MAX_DEPTH``: first by ``markup_depth``, one pass over the tags that follows the
parser's main rules for opening and closing elements without building a tree, then,
once parsed, by ``tree_depth``, the depth of the tree the parser built.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

MAX_DEPTH = 512

_TAG_RE = re.compile(r"<(?:(!--)|([!?])|(/?)([A-Za-z][^\t\n\f\r />]*))")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements that hold no others, or that the next of their kind (or the end of their
# parent) closes: never counted.
_FLAT = _words(
    "area base br col embed hr img input link meta param source track wbr keygen basefont "
    "bgsound frame p li dt dd option optgroup tr thead tbody tfoot colgroup rb rt rp rtc "
    "html head body"
)
# An end tag closes an element only up to the nearest of these (the HTML standard's
# "special" elements): above one, an end tag of another name is ignored.
_SPECIAL = _words(
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img "
    "input keygen li link listing main marquee menu meta nav noembed noframes noscript "
    "object ol p param plaintext pre script search section select source style summary "
    "table tbody td template textarea tfoot th thead title tr track ul wbr xmp"
)
# The end tag of a special element closes it only if none of these is above it (it is
# "in scope").
_SCOPE = _words("applet caption html table td th marquee object template")
_HEADINGS = _words("h1 h2 h3 h4 h5 h6")
# Elements whose content is text up to their end tag, not markup.
_RAW_TEXT = _words("script style textarea title xmp iframe noembed noframes plaintext")
_FOREIGN = ("svg", "math")


class _Open:
    """The open elements: names, where each name is open, and for each level the
    index of the nearest special element and scope boundary at or below it."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.at: dict[str, list[int]] = {}
        self.special: list[int] = []
        self.scope: list[int] = []
        self.foreign = 0

    def push(self, name: str) -> None:
        i = len(self.names)
        self.names.append(name)
        self.at.setdefault(name, []).append(i)
        below = i - 1
        self.special.append(i if name in _SPECIAL else (self.special[below] if i else -1))
        self.scope.append(i if name in _SCOPE else (self.scope[below] if i else -1))
        self.foreign += name in _FOREIGN

    def pop_to(self, index: int) -> None:
        """Close the element at ``index`` and every one opened after it."""
        while len(self.names) > index:
            name = self.names.pop()
            self.at[name].pop()
            self.special.pop()
            self.scope.pop()
            self.foreign -= name in _FOREIGN

    def latest(self, name: str) -> int:
        """Where ``name`` was last opened and is still open, else -1."""
        found = self.at.get(name)
        return found[-1] if found else -1

    def close(self, name: str) -> None:
        """An end tag: closes ``name`` where the parser would (in scope, for a special
        element; above any special element, for another)."""
        i = self.latest(name)
        if i < 0:
            return
        if name in _SPECIAL:
            if name in _SCOPE or i >= self.scope[-1]:
                self.pop_to(i)
        elif i > self.special[-1]:
            self.pop_to(i)

    def open(self, name: str) -> None:
        """A start tag."""
        if name in ("td", "th", "caption"):  # a cell closes the open cell of its table
            i = max(self.latest("td"), self.latest("th"), self.latest("caption"))
            if i > self.latest("table"):
                self.pop_to(i)
        elif name in _HEADINGS:  # a heading closes the heading it is in
            if self.names and self.names[-1] in _HEADINGS:
                self.pop_to(len(self.names) - 1)
        elif name == "form" and self.latest("form") >= 0:  # a form in a form is ignored
            return
        elif name in ("a", "button", "nobr"):  # closes the one open, where nothing blocks
            i = self.latest(name)
            if i >= 0 and i > self.scope[-1] and (name == "button" or i > self.special[-1]):
                self.pop_to(i)
        self.push(name)


def markup_depth(markup: str, limit: int = MAX_DEPTH) -> int:
    """How deep ``markup``'s elements nest at the deepest, counted in one pass over its
    tags; the count stops once over ``limit``. Elements that never hold others or that
    close by themselves (``_FLAT``: void elements, paragraphs, list items, table rows)
    are not counted; the contents of ``<script>``, ``<style>``, comments and the like
    are passed over; ``/>`` closes an element only inside ``<svg>`` and ``<math>``."""
    stack = _Open()
    pos = deepest = 0
    while deepest <= limit:
        m = _TAG_RE.search(markup, pos)
        if m is None:
            break
        comment, bogus, closing, name = m.groups()
        if comment:  # "<!-->" and "<!--->" are whole comments, as in browsers
            short = re.compile("-?>").match(markup, m.end())
            end = m.end() - 3 if short else markup.find("-->", m.end())
            pos = len(markup) if end < 0 else (short.end() if short else end + 3)
            continue
        end = markup.find(">", m.end())
        if end < 0:
            break
        pos = end + 1
        if bogus:
            continue
        name = name.lower()
        if closing:
            stack.close(name)
        elif name in _RAW_TEXT and not stack.foreign:
            if name == "plaintext":
                break
            found = re.compile(f"</{re.escape(name)}", re.IGNORECASE).search(markup, pos)
            pos = len(markup) if found is None else found.start()
        elif name not in _FLAT and not (stack.foreign and markup[end - 1] == "/"):
            stack.open(name)
            deepest = max(deepest, len(stack.names))
    return deepest


def tree_depth(root: LexborNode) -> int:
    """How deep the elements under ``root`` nest (``root`` is level 1), walked without
    recursion."""
    deepest = 0
    todo = [(root, 1)]
    while todo:
        node, level = todo.pop()
        deepest = max(deepest, level)
        child = node.first_child
        while child is not None:
            if child.is_element_node:
                todo.append((child, level + 1))
            child = child.next
    return deepest
