"""The pages of the site as ``Page`` values: one per release, action, jurisdiction,
official and topic, a plain one for every other resource, and the index pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from ..rdf.namespaces import AGLOD, OA, SCHEMA, SKOS
from .charts import TILES, TileGrid, bar_chart, shade, tile_grid
from .model import Index, Link, Span, evidence_of, first, iris, release_text
from .pages import Page, segments
from .source import BuildFolder
from .timezones import local_midnight
from .vocab import qname

DCTERMS = "http://purl.org/dc/terms/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TARGETS = (AGLOD.addressee, AGLOD.defendant, AGLOD.target)


@dataclass(frozen=True)
class Row:
    """A release or an action in a list."""

    date: str
    link: Link
    kind: str = ""
    context: Link | None = None
    led: bool = False


@dataclass(frozen=True)
class Value:
    link: Link | None
    text: str
    note: str = ""


def alternates(doc: str) -> list[tuple[str, str]]:
    return [("text/turtle", doc + ".ttl"), ("application/ld+json", doc + ".jsonld")]


class Views:
    """Builds pages from the index (and, per release, the store)."""

    def __init__(self, build: BuildFolder, ix: Index) -> None:
        self.build = build
        self.ix = ix
        self.usps = {j: first(p, AGLOD.uspsCode) or "" for j, p in ix.jurisdictions.items()}
        self._spans: tuple[str, list[Span]] = ("", [])

    def spans(self, release: str) -> list[Span]:
        """The evidence spans of a release (those of the last release asked for are
        kept: its actions' pages ask again)."""
        if self._spans[0] != release:
            self._spans = (release, evidence_of(self.build, release))
        return self._spans[1]

    # -- rows -----------------------------------------------------------------
    def release_row(self, release: str) -> Row:
        props = self.ix.releases[release]
        office = first(props, AGLOD.issuingJurisdiction)
        return Row(
            self.ix.release_date(release) or "undated",
            self.ix.link(release),
            context=self.ix.link(office) if office else None,
        )

    def action_row(self, action: str, led: bool = False) -> Row:
        release = self.ix.action_release.get(action)
        return Row(
            self.ix.action_date(action) or "undated",
            self.ix.link(action),
            ", ".join(self.type_label(t) for t in self.ix.action_types(action)),
            self.ix.link(release) if release else None,
            led,
        )

    def type_label(self, iri: str) -> str:
        label = self.ix.labels.get(iri) or iri.rsplit("#", 1)[-1]
        return label[:1].upper() + label[1:]

    def rows(self, items: list[str], kind: str) -> list[Row]:
        make = self.release_row if kind == "release" else self.action_row
        return sorted((make(i) for i in items), key=lambda r: (r.date, r.link.label), reverse=True)

    def grid(self, classes: dict[str, str], *, link_all: bool = True) -> TileGrid:
        names = {code: self.ix.labels.get(j, code) for j, code in self.usps.items() if code}
        hrefs = {code: self.ix.link(j).path or "" for j, code in self.usps.items() if code}
        return tile_grid(names, classes, hrefs if link_all else {})

    # -- resource pages ---------------------------------------------------------
    def release(self, iri: str, doc: str) -> Page:
        ix, props = self.ix, self.ix.releases[iri]
        text = release_text(self.build, iri) or ""
        spans = self.spans(iri)
        office = first(props, AGLOD.issuingJurisdiction)
        date = ix.release_date(iri)
        notes = {s.number: self.span_note(s) for s in spans}
        segs = (
            segments(text, [(s.number, s.start or 0, s.end or 0, notes[s.number]) for s in spans])
            if text
            else []
        )
        url = first(props, SCHEMA.url)
        actions = [self.action_view(a) for a in iris(props, AGLOD.reports) if a in ix.actions]
        headline = first(props, SCHEMA.headline) or ix.labels.get(iri, doc)
        topics = ix.links(iris(props, DCTERMS + "subject"))
        values = {
            "iri": iri,
            "headline": headline,
            "date": date,
            "office": ix.link(office) if office else None,
            "issuer": [ix.link(p) for p in iris(props, AGLOD.issuer)],
            "dateline": first(props, AGLOD.dateline),
            "url": url if url and url.startswith(("http://", "https://")) else None,
            "url_text": url,
            "source": first(props, DCTERMS + "source"),
            "topics": topics,
            "mentions": ix.links(iris(props, SCHEMA.mentions)),
            "contacts": [self.contact(c) for c in iris(props, AGLOD.contact)],
            "actions": actions,
            "segments": segs,
            "facts": [self.fact(s, notes[s.number]) for s in spans],
            "has_text": bool(text),
        }
        jsonld: dict[str, Any] = {
            "@id": iri,
            "@type": "NewsArticle",
            "headline": headline,
            "url": {"@id": url or iri},
            "keywords": [lk.label for lk in topics],
            "mentions": [
                {"@id": p, "@type": "Person", "name": ix.labels.get(p, "")}
                for p in iris(props, SCHEMA.mentions)
            ],
        }
        if date:
            jsonld["datePublished"] = local_midnight(date, self.usps.get(office or ""))
        if office:
            jsonld["publisher"] = {
                "@type": "GovernmentOrganization",
                "name": f"{ix.labels.get(office, '')} Attorney General's Office",
                "areaServed": {"@id": office},
            }
        if values["issuer"]:
            jsonld["author"] = [
                {"@id": p, "@type": "Person", "name": ix.labels.get(p, "")}
                for p in iris(props, AGLOD.issuer)
            ]
        if values["dateline"]:
            jsonld["locationCreated"] = {"@type": "Place", "name": values["dateline"]}
        return Page(doc + ".html", "release.html", headline, values, jsonld, alternates(doc))

    def span_note(self, s: Span) -> str:
        prop = self.ix.labels.get(s.prop) or s.prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if s.value is None:
            return prop
        if isinstance(s.value, ox.NamedNode):
            return (
                f"{prop}: {self.ix.labels.get(s.value.value) or self.ix.link(s.value.value).label}"
            )
        return f"{prop}: {s.value.value}"

    def fact(self, s: Span, note: str) -> dict[str, Any]:
        about = self.ix.link(s.about, "the release" if s.about in self.ix.releases else None)
        return {
            "number": s.number,
            "about": about,
            "note": note,
            "exact": s.exact,
            "link": self.ix.link(s.iri, f"evidence {s.number}"),
        }

    def contact(self, iri: str) -> dict[str, str]:
        own = {
            t.predicate.value: t.object.value
            for t in self.build.own(iri)
            if isinstance(t.object, ox.Literal)
        }
        return {k: own.get(str(SCHEMA[k]), "") for k in ("name", "telephone", "email")}

    def action_view(self, iri: str) -> dict[str, Any]:
        ix, props = self.ix, self.ix.actions[iri]
        parts, leads = set(iris(props, AGLOD.participant)), set(iris(props, AGLOD.lead))
        targets = []
        for prop in _TARGETS:
            for t in iris(props, prop):
                if prop == AGLOD.target and any(t in iris(props, p) for p in _TARGETS[:2]):
                    continue
                targets.append((ix.labels.get(str(prop), str(prop).rsplit("#", 1)[-1]), ix.link(t)))
        stated = first(props, AGLOD.statedCount)
        role = first(props, AGLOD.issuerRole)
        return {
            "link": ix.link(iri),
            "types": [Link(self.type_label(t), ix.link(t).path) for t in ix.action_types(iri)],
            "date": ix.action_date(iri),
            "role": ix.link(role) if role else None,
            "stated": stated,
            "multistate": first(props, AGLOD.multistate) == "true",
            "participants": ix.links(sorted(parts)),
            "leads": ix.links(sorted(leads)),
            "targets": sorted(targets, key=lambda t: (t[0], t[1].label)),
            "same": ix.links(iris(props, AGLOD.sameActionAs)),
            "classes": {
                self.usps[j]: ("lead" if j in leads else "part") for j in parts if self.usps.get(j)
            },
        }

    def action(self, iri: str, doc: str) -> Page:
        view = self.action_view(iri)
        release = self.ix.action_release.get(iri)
        grid = self.grid(view["classes"])
        others = self.ix.links(
            [
                j
                for j in iris(self.ix.actions[iri], AGLOD.participant)
                if self.usps.get(j) not in TILES
            ]
        )
        title = view["link"].label
        spans = [s for s in self.spans(release) if s.about == iri] if release else []
        jsonld: dict[str, Any] = {
            "@id": iri,
            "@type": "Action",
            "name": title,
            "agent": [
                {"@id": j, "@type": "AdministrativeArea", "name": self.ix.labels.get(j, "")}
                for j in sorted(iris(self.ix.actions[iri], AGLOD.participant))
            ],
        }
        if view["date"]:
            jsonld["startTime"] = view["date"]
        if release:
            jsonld["subjectOf"] = {"@id": release}
        values = {
            "iri": iri,
            "a": view,
            "release": self.release_row(release) if release else None,
            "grid": grid,
            "outside_grid": others,
            "facts": [self.fact(s, self.span_note(s)) for s in spans],
        }
        return Page(doc + ".html", "action.html", title, values, jsonld, alternates(doc))

    def jurisdiction(self, iri: str, doc: str) -> Page:
        ix, props = self.ix, self.ix.jurisdictions[iri]
        name = ix.labels.get(iri, doc)
        took_part, led = ix.took_part.get(iri, []), set(ix.led.get(iri, []))
        partners = ix.partners(iri).most_common()
        partners.sort(key=lambda kv: (-kv[1], ix.labels.get(kv[0], kv[0])))
        top = partners[0][1] if partners else 0
        per_year: Counter[str] = Counter()
        for a in took_part:
            date = ix.action_date(a)
            if date:
                per_year[date[:4]] += 1
        posts = sorted(p for p, pp in ix.posts.items() if iri in iris(pp, AGLOD.postJurisdiction))
        wikidata = [v for v in iris(props, SCHEMA.sameAs) if "wikidata.org" in v]
        classes = {self.usps[o]: shade(n, top) for o, n in partners if self.usps.get(o)}
        if self.usps.get(iri):
            classes[self.usps[iri]] = "self"
        values = {
            "iri": iri,
            "name": name,
            "usps": first(props, AGLOD.uspsCode),
            "fips": first(props, AGLOD.fipsCode),
            "ocd": first(props, AGLOD.ocdDivisionId),
            "wikidata": wikidata,
            "kinds": [
                self.type_label(t) for t in iris(props, _RDF_TYPE) if t != str(AGLOD.Jurisdiction)
            ],
            "issued": self.rows(ix.issued.get(iri, []), "release"),
            "actions": sorted(
                (self.action_row(a, a in led) for a in took_part),
                key=lambda r: (r.date, r.link.label),
                reverse=True,
            ),
            "led": self.rows(sorted(led), "action"),
            "partners": [
                (ix.link(o), n, round(100 * n / top) if top else 0) for o, n in partners[:15]
            ],
            "chart": bar_chart(per_year) if per_year else None,
            "grid": self.grid(classes) if partners else None,
            "posts": [(ix.link(p), ix.links(ix.holders.get(p, []))) for p in posts],
        }
        jsonld: dict[str, Any] = {"@id": iri, "@type": "AdministrativeArea", "name": name}
        if wikidata:
            jsonld["sameAs"] = [{"@id": w} for w in wikidata]
        if values["usps"]:
            jsonld["identifier"] = values["usps"]
        return Page(doc + ".html", "jurisdiction.html", name, values, jsonld, alternates(doc))

    def official(self, iri: str, doc: str) -> Page:
        ix, props = self.ix, self.ix.officials[iri]
        name = ix.labels.get(iri, doc)
        posts = []
        for p in iris(props, AGLOD.holds):
            where = first(ix.posts.get(p, {}), AGLOD.postJurisdiction)
            posts.append((ix.link(p), ix.link(where) if where else None))
        wikidata = [v for v in iris(props, SCHEMA.sameAs) if "wikidata.org" in v]
        values = {
            "iri": iri,
            "name": name,
            "posts": posts,
            "ocd": first(props, AGLOD.ocdPersonId),
            "wikidata": wikidata,
            "issued": self.rows(ix.issued_by.get(iri, []), "release"),
            "mentioned": self.rows(ix.mentioned_in.get(iri, []), "release"),
        }
        jsonld: dict[str, Any] = {"@id": iri, "@type": "Person", "name": name}
        if posts:
            jsonld["jobTitle"] = [p[0].label for p in posts]
        if wikidata:
            jsonld["sameAs"] = [{"@id": w} for w in wikidata]
        if values["ocd"]:
            jsonld["identifier"] = values["ocd"]
        return Page(doc + ".html", "official.html", name, values, jsonld, alternates(doc))

    def topic(self, iri: str, doc: str) -> Page:
        ix, props = self.ix, self.ix.topics[iri]
        name = ix.labels.get(iri, doc)
        definition = first(props, SKOS.definition) or ""
        values = {
            "iri": iri,
            "name": name,
            "definition": definition,
            "releases": self.rows(ix.about.get(iri, []), "release"),
        }
        jsonld = {"@id": iri, "@type": "DefinedTerm", "name": name, "description": definition}
        return Page(doc + ".html", "topic.html", name, values, jsonld, alternates(doc))

    def resource(self, iri: str, doc: str, triples: list[ox.Triple]) -> Page:
        """A plain page: the resource's own triples and what points at it."""
        ix = self.ix
        rows: dict[str, list[Value]] = defaultdict(list)
        for t in triples:
            if t.subject != ox.NamedNode(iri):
                continue
            o = t.object
            if isinstance(o, ox.NamedNode):
                rows[t.predicate.value].append(Value(ix.link(o.value), o.value))
            elif isinstance(o, ox.Literal):
                note = o.language or (
                    ""
                    if o.datatype.value.endswith("#string")
                    else o.datatype.value.rsplit("#", 1)[-1]
                )
                rows[t.predicate.value].append(Value(None, o.value, note))
        title = ix.labels.get(iri) or doc
        quote = None
        if str(OA.hasSource) in rows:
            source = rows[str(OA.hasSource)][0].text
            number = iri.rsplit("/", 1)[-1]
            exact = [
                t.object.value
                for t in triples
                if t.predicate.value == str(OA.exact) and isinstance(t.object, ox.Literal)
            ]
            release = ix.link(source)
            quote = {
                "exact": exact[0] if exact else "",
                "release": release,
                "anchor": f"{release.path}#evidence-{number}" if release.path else None,
            }
            title = f"Evidence {number}: {release.label}"
        values = {
            "iri": iri,
            "rows": [(ix.link(p, _qname(p)), vals) for p, vals in sorted(rows.items())],
            "incoming": [(ix.link(s), _qname(p)) for s, p in self.build.incoming(iri, 200)],
            "quote": quote,
        }
        jsonld = {"@id": iri, "@type": "Thing", "name": title}
        return Page(doc + ".html", "resource.html", title, values, jsonld, alternates(doc))


def _qname(iri: str) -> str:
    return qname(URIRef(iri))
