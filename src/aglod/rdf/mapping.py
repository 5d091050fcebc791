"""Facts to RDF: one rdflib graph per release, and the reference graph.

Follows docs/model.md. Every node has an IRI from ``identifiers.Minter``; nothing
here builds an IRI by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..records import Action, Person, ReleaseFacts, Span, Target
from ..reference import gazetteer, roster
from ..resources import topics_file
from .identifiers import Minter, slugify
from .namespaces import AGLOD, DCTERMS, OA, ORG, RDF, SCHEMA, SKOS, WD, XSD, bind_prefixes

ACTION_CLASSES = {
    "Letter": AGLOD.Letter,
    "Lawsuit": AGLOD.Lawsuit,
    "CourtFiling": AGLOD.CourtFiling,
    "AmicusBrief": AGLOD.AmicusBrief,
    "Settlement": AGLOD.Settlement,
    "Judgment": AGLOD.Judgment,
    "Agreement": AGLOD.Agreement,
    "Charges": AGLOD.Charges,
    "Investigation": AGLOD.Investigation,
    "ConsumerAlert": AGLOD.ConsumerAlert,
    "Statement": AGLOD.Statement,
    "Meeting": AGLOD.Meeting,
}
ROLES = {
    "led": AGLOD.RoleLed,
    "co-led": AGLOD.RoleCoLed,
    "joined": AGLOD.RoleJoined,
    "sole": AGLOD.RoleSole,
}
# the class of a target that is no official nor private person, by its kind
TARGET_CLASSES = {
    "company": AGLOD.Company,
    "federal-body": AGLOD.GovernmentBody,
    "federal-government": AGLOD.GovernmentBody,
    "court": AGLOD.GovernmentBody,
}
RELATIONS = {"addressee": AGLOD.addressee, "defendant": AGLOD.defendant, "target": AGLOD.target}
KIND_CLASSES = {
    "state": AGLOD.State,
    "district": AGLOD.FederalDistrict,
    "territory": AGLOD.Territory,
    "nation": AGLOD.Nation,
}


def new_graph(minter: Minter) -> Graph:
    return bind_prefixes(Graph(), minter.base)


def _date(value: object) -> Literal:
    return Literal(str(value), datatype=XSD.date)


def _nonneg(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def post_of(person: Person) -> tuple[str, str, str | None]:
    """(post title, post label, federal body key) for a person's post."""
    if person.jurisdiction == "US":
        for fp in gazetteer.federal_posts():
            if fp.title == person.post_title:
                return fp.title, fp.label, fp.body
        return person.post_title, f"{person.post_title} of the United States", None
    j = gazetteer.jurisdiction(person.jurisdiction)
    if person.post_title == "Attorney General":
        return person.post_title, j.ag_title, None
    for sp in gazetteer.state_posts():
        if sp.title == person.post_title:
            return sp.title, sp.label(j), None
    return person.post_title, f"{person.post_title} of {j.name}", None


def attorney_general(person: Person, on: date | None) -> roster.Officeholder | None:
    """The roster's Attorney General that ``person`` is: named with the post of Attorney
    General of a state or territory and, on ``on`` (the release's date), holding that
    post by the roster. None for any other official, for a former or future holder of
    the post, and where the release has no date."""
    if on is None or person.post_title != "Attorney General":
        return None
    if person.jurisdiction in ("", "US"):
        return None
    holder = roster.identify(person.name, person.jurisdiction, on)
    if holder is None or holder.office != person.jurisdiction or not holder.held_on(on):
        return None
    return holder


def add_post(
    g: Graph | set[tuple[Node, Node, Node]],
    minter: Minter,
    jurisdiction: str,
    title: str,
    label: str,
    body: str | None,
) -> URIRef:
    post = minter.post(jurisdiction, title)
    g.add((post, RDF.type, AGLOD.Post))
    g.add((post, RDF.type, ORG.Post))
    g.add((post, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((post, AGLOD.postTitle, Literal(title)))
    g.add((post, AGLOD.postJurisdiction, minter.jurisdiction(jurisdiction)))
    if body:
        g.add((post, AGLOD.postIn, minter.organization(body)))
    return post


def reference_graph(minter: Minter) -> Graph:
    """All 57 jurisdictions, their Attorney General posts, the federal bodies and posts."""
    g = new_graph(minter)
    for j in gazetteer.jurisdictions():
        iri = minter.jurisdiction(j.usps)
        g.add((iri, RDF.type, AGLOD.Jurisdiction))
        g.add((iri, RDF.type, KIND_CLASSES[j.kind]))
        g.add((iri, SCHEMA.name, Literal(j.name)))
        g.add((iri, AGLOD.uspsCode, Literal(j.usps)))
        if j.fips:
            g.add((iri, AGLOD.fipsCode, Literal(j.fips)))
        g.add((iri, AGLOD.ocdDivisionId, Literal(j.ocd_id)))
        g.add((iri, SCHEMA.sameAs, URIRef(j.wikidata_iri)))
        for alias in j.aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        body = "us-department-of-justice" if j.usps == "US" else None
        add_post(g, minter, j.usps, "Attorney General", j.ag_title, body)
    for b in gazetteer.government_bodies():
        iri = minter.organization(b.key)
        g.add((iri, RDF.type, AGLOD.GovernmentBody))
        g.add((iri, RDF.type, AGLOD.Organization))
        g.add((iri, SCHEMA.name, Literal(b.name)))
        g.add((iri, AGLOD.bodyJurisdiction, minter.jurisdiction("US")))
        for alias in b.aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        if b.wikidata:
            g.add((iri, SCHEMA.sameAs, URIRef(f"http://www.wikidata.org/entity/{b.wikidata}")))
    for fp in gazetteer.federal_posts():
        add_post(g, minter, "US", fp.title, fp.label, fp.body)
    topics = Graph().parse(topics_file(), format="turtle")
    for concept in topics.subjects(SKOS.inScheme, None):
        g.add((concept, RDF.type, SKOS.Concept))
        for p in (SKOS.prefLabel, SKOS.notation, SKOS.definition, SKOS.inScheme):
            for o in topics.objects(concept, p):
                g.add((concept, p, o))
    return g


@cache
def _body_iris(base: str) -> frozenset[URIRef]:
    """The addresses, under ``base``, of the federal bodies of the reference data."""
    minter = Minter(base)
    return frozenset(minter.organization(b.key) for b in gazetteer.government_bodies())


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """The span of a release's text that one fact was read from: the ``n``-th evidence
    of the release, for (``subject``, ``prop``, ``value``), at [``start``, ``end``)."""

    n: int
    subject: URIRef
    prop: URIRef
    value: Node | None
    start: int
    end: int
    quote: str


def evidence_triples(
    minter: Minter, release: URIRef, spans: Iterable[EvidenceSpan]
) -> Iterator[tuple[Node, Node, Node]]:
    """Each span as a Web Annotation specific resource with a position and a quote
    selector (see docs/model.md)."""
    for e in spans:
        ev = minter.evidence(release, e.n)
        pos, quote = URIRef(f"{ev}/position"), URIRef(f"{ev}/quote")
        yield (ev, RDF.type, AGLOD.Evidence)
        yield (ev, RDF.type, OA.SpecificResource)
        yield (ev, OA.hasSource, release)
        yield (ev, AGLOD.evidenceFor, e.subject)
        yield (ev, AGLOD.evidenceProperty, e.prop)
        if e.value is not None:
            yield (ev, AGLOD.evidenceValue, e.value)
        yield (ev, OA.hasSelector, pos)
        yield (ev, OA.hasSelector, quote)
        yield (pos, RDF.type, OA.TextPositionSelector)
        yield (pos, OA.start, _nonneg(e.start))
        yield (pos, OA.end, _nonneg(e.end))
        yield (quote, RDF.type, OA.TextQuoteSelector)
        yield (quote, OA.exact, Literal(e.quote))


@dataclass
class _ReleaseMapper:
    facts: ReleaseFacts
    minter: Minter
    key: str
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    g: set[tuple[Node, Node, Node]] = field(init=False)
    release: URIRef = field(init=False)
    evidence_count: int = 0
    # the organizations and individuals named so far: one name to each
    named: set[URIRef] = field(default_factory=set)
    spans: list[EvidenceSpan] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.g = set()  # the triples; a graph is made of them at the end (graph adds cost)
        self.release = self.minter.release(self.key)

    def evidence(
        self, subject: URIRef, prop: URIRef, value: Node | None, span: Span | None
    ) -> None:
        """The span of text a fact was read from (``evidence_triples`` makes its triples)."""
        if span is None or span.end <= span.start:
            return
        self.evidence_count += 1
        self.spans.append(
            EvidenceSpan(
                self.evidence_count, subject, prop, value, span.start, span.end, span.quote
            )
        )

    def person(self, p: Person) -> URIRef:
        iri = self.minter.person(p.jurisdiction, p.family_name)
        g = self.g
        g.add((iri, RDF.type, AGLOD.Official))
        g.add((iri, RDF.type, SCHEMA.Person))
        name = self.names.get(person_key(p), p.name)
        g.add((iri, SCHEMA.name, Literal(name)))
        g.add((iri, SCHEMA.familyName, Literal(p.family_name)))
        title, label, body = post_of(p)
        post = add_post(g, self.minter, p.jurisdiction, title, label, body)
        g.add((iri, AGLOD.holds, post))
        holder = attorney_general(p, self.facts.date)
        if holder is not None:
            if holder.ocd_person_id:
                g.add((iri, AGLOD.ocdPersonId, Literal(holder.ocd_person_id)))
            if holder.wikidata:
                g.add((iri, SCHEMA.sameAs, WD[holder.wikidata]))
        return iri

    def target(self, action: URIRef, t: Target) -> None:
        g = self.g
        if t.person is not None:
            iri = self.person(t.person)
        elif t.jurisdiction is not None:  # the reference graph describes it
            iri = self.minter.jurisdiction(t.jurisdiction)
        elif t.kind in ("person", "group"):  # minted within the release
            iri = self.minter.individual(self.key, t.name)
            g.add((iri, RDF.type, AGLOD.Individual if t.kind == "person" else AGLOD.PartyGroup))
            # two spellings of one name make one node, named as first read
            if iri not in self.named:
                self.named.add(iri)
                g.add((iri, SCHEMA.name, Literal(t.name)))
        else:
            iri = self.minter.organization(t.body_key or t.name)
            if t.body_key is None and iri in _body_iris(self.minter.base):
                return  # a name whose address is a federal body's: the body is its target
            g.add((iri, RDF.type, AGLOD.Organization))
            if t.kind in TARGET_CLASSES:
                g.add((iri, RDF.type, TARGET_CLASSES[t.kind]))
            if t.body_key is None and iri not in self.named:
                self.named.add(iri)
                g.add((iri, SCHEMA.name, Literal(t.name)))
        g.add((action, RELATIONS[t.relation], iri))
        if t.relation != "target":
            g.add((action, AGLOD.target, iri))
        self.evidence(action, RELATIONS[t.relation], iri, t.span)

    def action(self, n: int, a: Action) -> URIRef:
        g = self.g
        iri = self.minter.action(self.key, n)
        g.add((iri, RDF.type, AGLOD.Action))
        if a.type in ACTION_CLASSES:
            g.add((iri, RDF.type, ACTION_CLASSES[a.type]))
        g.add((self.release, AGLOD.reports, iri))
        g.add((iri, AGLOD.reportedIn, self.release))
        self.evidence(iri, RDF.type, ACTION_CLASSES.get(a.type, AGLOD.Action), a.span)
        g.add((iri, AGLOD.issuerRole, ROLES[a.role]))
        g.add((iri, AGLOD.multistate, Literal(a.multistate)))
        if a.date is not None:
            g.add((iri, DCTERMS.date, _date(a.date)))
            self.evidence(iri, DCTERMS.date, _date(a.date), a.date_span)
        if a.stated_count is not None:
            g.add((iri, AGLOD.statedCount, _nonneg(a.stated_count)))
            self.evidence(iri, AGLOD.statedCount, _nonneg(a.stated_count), a.count_span)
        for code, span in sorted(a.participants.items()):
            j = self.minter.jurisdiction(code)
            g.add((iri, AGLOD.participant, j))
            self.evidence(iri, AGLOD.participant, j, span)
        for code, span in sorted(a.leads.items()):
            j = self.minter.jurisdiction(code)
            g.add((iri, AGLOD.lead, j))
            g.add((iri, AGLOD.participant, j))
            self.evidence(iri, AGLOD.lead, j, span)
        named = set(a.participants) | set(a.leads)
        g.add((iri, AGLOD.namedCount, _nonneg(len(named))))
        for t in a.targets:
            self.target(iri, t)
        return iri

    def run(self) -> set[tuple[Node, Node, Node]]:
        f, g, r = self.facts, self.g, self.release
        g.add((r, RDF.type, AGLOD.PressRelease))
        g.add((r, RDF.type, SCHEMA.NewsArticle))
        g.add((r, SCHEMA.headline, Literal(f.title or "")))
        self.evidence(r, SCHEMA.headline, None, f.title_span)
        if f.date is not None:
            g.add((r, SCHEMA.datePublished, _date(f.date)))
            self.evidence(r, SCHEMA.datePublished, _date(f.date), f.date_span)
        g.add((r, SCHEMA.articleBody, Literal(f.release.text)))
        g.add((r, DCTERMS.source, Literal(f.release.source)))
        g.add((r, AGLOD.contentHash, Literal(f.release.content_hash)))
        if f.release.url:
            g.add((r, SCHEMA.url, URIRef(f.release.url)))
        if f.office:
            j = self.minter.jurisdiction(f.office)
            g.add((r, AGLOD.issuingJurisdiction, j))
            self.evidence(r, AGLOD.issuingJurisdiction, j, f.office_span)
        if f.dateline:
            g.add((r, AGLOD.dateline, Literal(f.dateline)))
            self.evidence(r, AGLOD.dateline, Literal(f.dateline), f.dateline_span)
        for c in f.contacts:
            iri = self.minter.contact(c.name, c.phone, c.email)
            g.add((iri, RDF.type, SCHEMA.ContactPoint))
            if c.name:
                g.add((iri, SCHEMA.name, Literal(c.name)))
            if c.phone:
                g.add((iri, SCHEMA.telephone, Literal(c.phone)))
            if c.email:
                g.add((iri, SCHEMA.email, Literal(c.email)))
            g.add((r, AGLOD.contact, iri))
            self.evidence(r, AGLOD.contact, iri, c.span)
        for p in f.people:
            iri = self.person(p)
            g.add((r, SCHEMA.mentions, iri))
            self.evidence(r, SCHEMA.mentions, iri, p.span)
        if f.issuer is not None:
            iri = self.minter.person(f.issuer.jurisdiction, f.issuer.family_name)
            g.add((r, AGLOD.issuer, iri))
            self.evidence(r, AGLOD.issuer, iri, f.issuer.span)
        for n, a in enumerate(f.actions, start=1):
            self.action(n, a)
        for _key, concept, span in f.topics:
            topic = URIRef(concept)
            g.add((r, DCTERMS.subject, topic))
            self.evidence(r, DCTERMS.subject, topic, span)
        return g


def person_key(p: Person) -> tuple[str, str]:
    """What makes two mentions one official (and one IRI): jurisdiction and family name."""
    return (p.jurisdiction, p.family_name.lower())


def canonical_names(all_facts: list[ReleaseFacts]) -> dict[tuple[str, str], str]:
    """One name per official across releases: the fullest form any release gives
    ("Jeff Sessions" over "Sessions"), the first in source order on a tie."""
    return merge_names(
        (f.release.source, [(person_key(p), p.name) for p in f.people]) for f in all_facts
    )


def merge_names(
    mentions: Iterable[tuple[str, list[tuple[tuple[str, str], str]]]],
) -> dict[tuple[str, str], str]:
    """``canonical_names`` over (source, [(person key, name)]) of each release."""
    names: dict[tuple[str, str], str] = {}
    words: dict[tuple[str, str], int] = {}  # of the name kept
    for _source, people in sorted(mentions, key=lambda m: m[0]):
        for key, name in people:
            n = len(name.split())
            if n > words.get(key, -1):
                names[key], words[key] = name, n
    return names


def release_triples(
    facts: ReleaseFacts,
    minter: Minter,
    key: str,
    names: dict[tuple[str, str], str] | None = None,
) -> set[tuple[Node, Node, Node]]:
    """The triples of ``release_graph``, as a set."""
    triples, spans = release_parts(facts, minter, key, names)
    triples.update(evidence_triples(minter, minter.release(key), spans))
    return triples


def release_parts(
    facts: ReleaseFacts,
    minter: Minter,
    key: str,
    names: dict[tuple[str, str], str] | None = None,
) -> tuple[set[tuple[Node, Node, Node]], list[EvidenceSpan]]:
    """``release_triples`` but those of its evidence, and its evidence spans
    (``evidence_triples`` gives the rest)."""
    mapper = _ReleaseMapper(facts, minter, key, names or {})
    return mapper.run(), mapper.spans


def release_graph(
    facts: ReleaseFacts,
    minter: Minter,
    key: str,
    names: dict[tuple[str, str], str] | None = None,
) -> Graph:
    """The named graph of one release. ``names`` gives each official's name across the
    build (see ``canonical_names``); by default the name this release gives."""
    g = new_graph(minter)
    for t in release_triples(facts, minter, key, names):
        g.add(t)
    return g


__all__ = [
    "ACTION_CLASSES",
    "ROLES",
    "EvidenceSpan",
    "evidence_triples",
    "reference_graph",
    "release_graph",
    "release_parts",
    "release_triples",
    "slugify",
]
