"""Rendering: the Jinja2 environment (autoescaping on: every text from a release is
escaped), links relative to the page, the schema.org JSON-LD block each page embeds,
and the release text cut into segments so that evidence spans can be highlighted."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..version import __version__

SCHEMA_CONTEXT = {"@vocab": "http://schema.org/"}


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("aglod", "templates"),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["version"] = __version__
    return env


def root_of(path: str) -> str:
    """The relative prefix from the page at ``path`` to the top of the site."""
    return "../" * path.count("/")


def script_json(doc: dict[str, Any]) -> Markup:
    """A JSON-LD document to sit in ``<script type="application/ld+json">``: ``<``,
    ``>`` and ``&`` are written as JSON escapes, so no text can end the script."""
    text = json.dumps(
        {"@context": SCHEMA_CONTEXT, **doc}, ensure_ascii=False, sort_keys=True, indent=1
    )
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@dataclass
class Page:
    """One HTML page to write: its site path, template and values."""

    path: str
    template: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    jsonld: dict[str, Any] | None = None
    alternates: Sequence[tuple[str, str]] = ()  # (media type, site path)


def render(env: Environment, page: Page, site: dict[str, Any]) -> bytes:
    root = root_of(page.path)
    html = env.get_template(page.template).render(
        title=page.title,
        root=root,
        path=page.path,
        site=site,
        page_jsonld=script_json(page.jsonld) if page.jsonld else None,
        alternates=[(mime, root + p) for mime, p in page.alternates],
        **page.values,
    )
    return html.encode("utf-8")


@dataclass(frozen=True)
class Segment:
    """A stretch of release text and the evidence spans covering all of it."""

    text: str
    numbers: tuple[str, ...]
    title: str
    anchors: tuple[str, ...]  # evidence spans that start here


def segments(text: str, spans: Sequence[tuple[str, int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary. ``spans`` are (number, start, end, note);
    spans outside the text are left out. A sweep over the boundaries, so the cost is
    the number of boundaries times the spans open at each."""
    good = [s for s in spans if 0 <= s[1] < s[2] <= len(text)]
    opening: dict[int, list[tuple[str, int, int, str]]] = defaultdict(list)
    closing: dict[int, set[str]] = defaultdict(set)
    for s in good:
        opening[s[1]].append(s)
        closing[s[2]].add(s[0])
    bounds = sorted({0, len(text), *opening, *closing})
    active: dict[str, str] = {}
    out: list[Segment] = []
    for a, b in pairwise(bounds):
        for number in closing.get(a, ()):
            active.pop(number, None)
        anchors = tuple(s[0] for s in opening.get(a, ()))
        for s in opening.get(a, ()):
            active[s[0]] = s[3]
        numbers = tuple(sorted(active, key=_num))
        notes = "; ".join(dict.fromkeys(active[n] for n in numbers))
        out.append(Segment(text[a:b], numbers, notes, anchors))
    return out


def _num(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (0, text)
