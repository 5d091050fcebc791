"""The pages that list: home (the dataset in numbers), the indexes by state, action
type, topic and year, the downloads, and the vocabulary's pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..rdf.identifiers import slugify
from .catalog import Dump, Settings
from .charts import bar_chart, shade
from .model import Index, Link
from .pages import Page
from .views import Row, Views
from .vocab import OntologyPage, Shape


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    link: Link | None
    rows: list[Row]
    what: str
    note: str = ""


def _collection(path: str, title: str, site_base: str) -> dict[str, Any]:
    return {"@id": site_base + path, "@type": "CollectionPage", "name": title}


def home(
    views: Views, settings: Settings, counts: dict[str, int], schema_dataset: dict[str, Any]
) -> Page:
    ix = views.ix
    per_year = Counter(d[:4] for r in ix.releases if (d := ix.release_date(r)))
    numbers = [
        ("press releases", counts["releases"], "browse/years.html"),
        ("actions", counts["actions"], "browse/types.html"),
        ("jurisdictions taking part", counts["jurisdictions"], "browse/states.html"),
        ("officials", counts["officials"], None),
        ("topics", counts["topics"], "browse/topics.html"),
        ("evidence spans", counts["evidence"], None),
        ("triples", counts["triples"], "downloads.html"),
    ]
    latest = views.rows(list(ix.releases), "release")[:10]
    values = {
        "numbers": numbers,
        "first_date": settings.first_date,
        "last_date": settings.last_date,
        "chart": bar_chart(per_year) if per_year else None,
        "grid": views.grid(_took_part_shades(views)),
        "latest": latest,
    }
    return Page("index.html", "home.html", "Home", values, schema_dataset)


def _took_part_shades(views: Views) -> dict[str, str]:
    ix = views.ix
    counts = {views.usps[j]: len(a) for j, a in ix.took_part.items() if views.usps.get(j)}
    top = max(counts.values(), default=0)
    return {code: shade(n, top) for code, n in counts.items()}


def states(views: Views, site_base: str) -> Page:
    ix = views.ix
    rows = []
    for j in ix.jurisdictions:
        took, led, issued = (
            len(ix.took_part.get(j, [])),
            len(ix.led.get(j, [])),
            len(ix.issued.get(j, [])),
        )
        rows.append((ix.link(j), views.usps.get(j, ""), took, led, issued))
    rows.sort(key=lambda r: (-r[2], -r[4], r[0].label))
    title = "Jurisdictions"
    values = {"rows": rows, "grid": views.grid(_took_part_shades(views))}
    return Page(
        "browse/states.html",
        "states.html",
        title,
        values,
        _collection("browse/states.html", title, site_base),
    )


def _sections_page(
    path: str, title: str, sections: list[Section], site_base: str, **extra: Any
) -> Page:
    values: dict[str, Any] = {"sections": sections, "chart": None, "chart_caption": "", **extra}
    return Page(path, "sections.html", title, values, _collection(path, title, site_base))


def types(views: Views, site_base: str) -> Page:
    ix = views.ix
    by_type: dict[str, list[str]] = defaultdict(list)
    for action in ix.actions:
        for t in ix.action_types(action):
            by_type[t].append(action)
    sections = [
        Section(
            slugify(views.type_label(t)),
            views.type_label(t),
            Link(views.type_label(t), ix.link(t).path),
            views.rows(actions, "action"),
            "action",
        )
        for t, actions in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    return _sections_page("browse/types.html", "Actions by type", sections, site_base)


def topics(views: Views, site_base: str) -> Page:
    ix = views.ix
    sections = [
        Section(
            slugify(ix.labels.get(t, t)),
            ix.labels.get(t, t),
            ix.link(t),
            views.rows(ix.about.get(t, []), "release"),
            "release",
        )
        for t in sorted(ix.topics, key=lambda t: (-len(ix.about.get(t, [])), ix.labels.get(t, t)))
    ]
    return _sections_page("browse/topics.html", "Releases by topic", sections, site_base)


def years(views: Views, site_base: str) -> Page:
    ix = views.ix
    by_year: dict[str, list[str]] = defaultdict(list)
    for r in ix.releases:
        by_year[(ix.release_date(r) or "undated")[:4] if ix.release_date(r) else "undated"].append(
            r
        )
    actions_per_year = Counter((ix.action_date(a) or "")[:4] for a in ix.actions)
    sections = [
        Section(
            f"y-{year}",
            year,
            None,
            views.rows(rels, "release"),
            "release",
            f"{actions_per_year.get(year, 0)} actions" if year != "undated" else "",
        )
        for year, rels in sorted(by_year.items(), reverse=True)
    ]
    chart = bar_chart({y: len(r) for y, r in by_year.items() if y.isdigit()})
    return _sections_page(
        "browse/years.html",
        "Releases by year",
        sections,
        site_base,
        chart=chart,
        chart_caption="Releases per year",
    )


def downloads(dumps: list[tuple[Dump, str]], vocab_files: list[str], site_base: str) -> Page:
    rows = [
        {
            "name": d.name,
            "title": d.title,
            "media_type": d.media_type if not d.compressed else "application/gzip",
            "size_text": _size(d.size),
            "path": path,
        }
        for d, path in dumps
    ]
    title = "Downloads"
    jsonld = {"@id": site_base + "downloads.html", "@type": "WebPage", "name": title}
    return Page(
        "downloads.html",
        "downloads.html",
        title,
        {"dumps": rows, "vocab_files": vocab_files},
        jsonld,
    )


def _size(n: int) -> str:
    """A file size for people: 512 bytes, 3.4 KB, 1.2 MB."""
    if n < 1024:
        return f"{n} bytes"
    size = n / 1024
    for unit in ("KB", "MB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def ontology(o: OntologyPage, vocab_files: list[str]) -> Page:
    jsonld = {
        "@id": "https://w3id.org/aglod/ontology",
        "@type": "DefinedTermSet",
        "name": o.title,
        "description": o.description,
    }
    alts = [("text/turtle", "ontology.ttl"), ("application/ld+json", "ontology.jsonld")]
    return Page(
        "ontology.html",
        "ontology.html",
        o.title,
        {"o": o, "vocab_files": vocab_files},
        jsonld,
        alts,
    )


def shapes(shapes_: list[Shape]) -> Page:
    title = "aglod SHACL shapes"
    jsonld = {"@id": "https://w3id.org/aglod/shapes", "@type": "CreativeWork", "name": title}
    return Page(
        "shapes.html",
        "shapes.html",
        title,
        {"shapes": shapes_},
        jsonld,
        [("text/turtle", "shapes.ttl")],
    )


def numbers(ix: Index, triples: int, evidence: int) -> dict[str, int]:
    return {
        "releases": len(ix.releases),
        "actions": len(ix.actions),
        "jurisdictions": sum(1 for j in ix.jurisdictions if ix.took_part.get(j)),
        "officials": len(ix.officials),
        "topics": sum(1 for t in ix.topics if ix.about.get(t)),
        "evidence": evidence,
        "triples": triples,
    }
