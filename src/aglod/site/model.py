"""What the pages show, read from the build's store in a few linear passes: the
releases, actions, jurisdictions, officials and topics with their links, and the
counts the index pages and charts need. Release texts and evidence spans are read per
release when its page is rendered, not held for the whole dataset."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..rdf.namespaces import AGLOD, OA, SCHEMA, SKOS
from .source import BuildFolder, OxTerm

VOCAB_BASE = "https://w3id.org/aglod/"
_SAFE_PATH = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")
_LABELS = (
    SCHEMA.name,
    SKOS.prefLabel,
    SCHEMA.headline,
    "http://www.w3.org/2000/01/rdf-schema#label",
)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Props = dict[str, list[OxTerm]]


@dataclass(frozen=True)
class Link:
    """A link to a resource: its page on the site, else its IRI if http(s), else none."""

    label: str
    path: str | None = None
    external: str | None = None

    def url(self, root: str) -> str | None:
        return root + self.path if self.path is not None else self.external


def page_path(iri: str, site_base: str) -> tuple[str, str] | None:
    """(document path on the site, fragment) of an IRI under the site base or aglod's
    vocabulary base; None for IRIs the site does not publish."""
    for prefix in (site_base, VOCAB_BASE):
        if iri.startswith(prefix):
            doc, _, fragment = iri[len(prefix) :].partition("#")
            if _SAFE_PATH.fullmatch(doc) and ".." not in doc.split("/"):
                return doc, fragment
    return None


def first(props: Props, prop: object) -> str | None:
    values = props.get(str(prop))
    return values[0].value if values else None


def iris(props: Props, prop: object) -> list[str]:
    return [v.value for v in props.get(str(prop), []) if isinstance(v, ox.NamedNode)]


@dataclass
class Index:
    """The facts the pages need, by IRI, and the cross-cutting counts."""

    site_base: str
    labels: dict[str, str]
    releases: dict[str, Props]
    actions: dict[str, Props]
    jurisdictions: dict[str, Props]
    officials: dict[str, Props]
    posts: dict[str, Props]
    topics: dict[str, Props]
    kinds: dict[str, str] = field(default_factory=dict)
    # derived
    action_release: dict[str, str] = field(default_factory=dict)
    took_part: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    led: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    issued: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    issued_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    mentioned_in: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    about: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    holders: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # the IRIs with a page on the site, and those that are files there (the dumps)
    pages: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)

    def link(self, iri: str, label: str | None = None) -> Link:
        """A link to the resource's page where the site has one (a vocabulary term:
        its entry on the ontology page), else to its file, else to the IRI itself."""
        text = label or self.labels.get(iri) or short(iri)
        where = page_path(iri, self.site_base)
        if where is not None:
            doc, fragment = where
            if doc == "ontology":
                return Link(text, "ontology.html" + (f"#{fragment}" if fragment else ""))
            if iri in self.pages:
                return Link(text, f"{doc}.html")
            if iri in self.files:
                return Link(text, doc)
        if iri.startswith(("http://", "https://")):
            return Link(text, external=iri)
        return Link(text)

    def links(self, values: list[str]) -> list[Link]:
        return sorted((self.link(v) for v in values), key=lambda x: (x.label, x.path or ""))

    def action_date(self, action: str) -> str | None:
        """The action's date, else its release's."""
        own = first(self.actions[action], "http://purl.org/dc/terms/date")
        release = self.action_release.get(action)
        return own or (first(self.releases[release], SCHEMA.datePublished) if release else None)

    def action_types(self, action: str) -> list[str]:
        """The action's kinds (subclasses of aglod:Action), or aglod:Action alone."""
        types = sorted(t for t in iris(self.actions[action], _RDF_TYPE) if t != str(AGLOD.Action))
        return types or [str(AGLOD.Action)]

    def partners(self, jurisdiction: str) -> Counter[str]:
        """How many actions each other jurisdiction took part in with this one."""
        out: Counter[str] = Counter()
        for action in self.took_part.get(jurisdiction, []):
            for other in set(iris(self.actions[action], AGLOD.participant)):
                if other != jurisdiction:
                    out[other] += 1
        return out

    def release_date(self, release: str) -> str | None:
        return first(self.releases[release], SCHEMA.datePublished)


def short(iri: str) -> str:
    """The last segment of an IRI, as a label of last resort."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _instances(build: BuildFolder, cls: str, skip: tuple[str, ...] = ()) -> dict[str, Props]:
    """Every triple of every instance of ``cls`` (IRIs only), by subject and property,
    values sorted; properties in ``skip`` are left out."""
    filters = "".join(f" FILTER (?p != <{p}>)" for p in skip)
    out: dict[str, Props] = {}
    for row in build.select(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s a <{cls}> ; ?p ?o .{filters} }}"
    ):
        s = row["s"]
        if isinstance(s, ox.NamedNode):
            out.setdefault(s.value, {}).setdefault(row["p"].value, []).append(row["o"])
    for props in out.values():
        for values in props.values():
            values.sort(key=str)
    return dict(sorted(out.items()))


def _labels(build: BuildFolder) -> dict[str, str]:
    """A label per IRI: its name, preferred label, headline or rdfs:label (in that order
    of preference, the least one when it has several)."""
    out: dict[str, tuple[int, str]] = {}
    for rank, prop in enumerate(_LABELS):
        for row in build.select(f"SELECT DISTINCT ?s ?l WHERE {{ ?s <{prop}> ?l }}"):
            s, label = row["s"], row["l"]
            if not isinstance(s, ox.NamedNode):
                continue
            key = (rank, label.value)
            if s.value not in out or key < out[s.value]:
                out[s.value] = key
    return {iri: label for iri, (_, label) in sorted(out.items())}


def build_index(build: BuildFolder, site_base: str) -> Index:
    topics = {
        iri: props
        for iri, props in _instances(build, str(SKOS.Concept)).items()
        if str(AGLOD.Topics) in [v.value for v in props.get(str(SKOS.inScheme), [])]
    }
    index = Index(
        site_base,
        _labels(build),
        _instances(build, str(AGLOD.PressRelease), skip=(str(SCHEMA.articleBody),)),
        _instances(build, str(AGLOD.Action)),
        _instances(build, str(AGLOD.Jurisdiction)),
        _instances(build, str(AGLOD.Official)),
        _instances(build, str(AGLOD.Post)),
        topics,
    )
    _derive(index)
    return index


def _derive(ix: Index) -> None:
    for kind, table in (
        ("release", ix.releases),
        ("action", ix.actions),
        ("jurisdiction", ix.jurisdictions),
        ("official", ix.officials),
        ("topic", ix.topics),
    ):
        for iri in table:
            ix.kinds.setdefault(iri, kind)
    for release, props in ix.releases.items():
        for action in iris(props, AGLOD.reports):
            if action in ix.actions:
                ix.action_release[action] = release
        for office in iris(props, AGLOD.issuingJurisdiction):
            ix.issued[office].append(release)
        for person in iris(props, AGLOD.issuer):
            ix.issued_by[person].append(release)
        for person in iris(props, SCHEMA.mentions):
            ix.mentioned_in[person].append(release)
        for topic in iris(props, "http://purl.org/dc/terms/subject"):
            ix.about[topic].append(release)
    for action, props in ix.actions.items():
        for j in sorted(set(iris(props, AGLOD.participant))):
            ix.took_part[j].append(action)
        for j in sorted(set(iris(props, AGLOD.lead))):
            ix.led[j].append(action)
        reported = first(props, AGLOD.reportedIn)
        if reported is not None and reported in ix.releases and action not in ix.action_release:
            ix.action_release[action] = reported
    for person, props in ix.officials.items():
        for post in iris(props, AGLOD.holds):
            ix.holders[post].append(person)


@dataclass(frozen=True)
class Span:
    """An evidence span: what fact it evidences and where in the release text."""

    iri: str
    number: str
    about: str
    prop: str
    value: OxTerm | None
    start: int | None
    end: int | None
    exact: str


def release_text(build: BuildFolder, release: str) -> str | None:
    for row in build.select(f"SELECT ?b WHERE {{ <{release}> <{SCHEMA.articleBody}> ?b }} LIMIT 1"):
        return row["b"].value
    return None


def evidence_of(build: BuildFolder, release: str) -> list[Span]:
    """The evidence spans whose source is ``release``, in text order."""
    query = f"""SELECT DISTINCT ?ev ?for ?prop ?value ?start ?end ?exact WHERE {{
      ?ev <{OA.hasSource}> <{release}> ; <{AGLOD.evidenceFor}> ?for ;
          <{AGLOD.evidenceProperty}> ?prop .
      OPTIONAL {{ ?ev <{AGLOD.evidenceValue}> ?value }}
      OPTIONAL {{ ?ev <{OA.hasSelector}> ?p . ?p <{OA.start}> ?start ; <{OA.end}> ?end }}
      OPTIONAL {{ ?ev <{OA.hasSelector}> ?q . ?q <{OA.exact}> ?exact }}
    }}"""
    spans: dict[str, Span] = {}
    for row in build.select(query):
        ev = row["ev"].value
        if ev in spans:
            continue
        spans[ev] = Span(
            ev,
            ev.rsplit("/", 1)[-1],
            row["for"].value,
            row["prop"].value,
            row.get("value"),
            _int(row.get("start")),
            _int(row.get("end")),
            row["exact"].value if "exact" in row else "",
        )
    return sorted(spans.values(), key=lambda s: (s.start or 0, s.end or 0, _num(s.number)))


def _int(term: OxTerm | None) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _num(text: str) -> int:
    return int(text) if text.isdigit() else 0
