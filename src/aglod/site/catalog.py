"""The dataset described where portals and crawlers look: VoID (``void.ttl``, also at
``.well-known/void``), DCAT (``catalog.ttl``) and DCAT-US (``data.json``, the Project
Open Data v1.1 schema that U.S. government portals harvest; its non-federal form,
without ``bureauCode`` and ``programCode``).

The VoID is the build's, with what the site adds: the compressed dumps, the SPARQL
endpoint if there is one, the home page and an example resource."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from ..rdf.namespaces import VOID, WD, bind_prefixes

VCARD = "http://www.w3.org/2006/vcard/ns#"
IANA = "https://www.iana.org/assignments/media-types/"
POD = "https://project-open-data.cio.gov/v1.1/schema"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
KEYWORDS = (
    "attorneys general",
    "press releases",
    "multistate litigation",
    "amicus briefs",
    "settlements",
    "linked data",
)


@dataclass(frozen=True)
class Dump:
    """A file of the dataset the site offers for download."""

    name: str  # file name, e.g. "aglod.ttl.gz"
    title: str
    media_type: str
    size: int
    compressed: bool
    described: bool  # listed as a VoID dump and a DCAT distribution

    @property
    def key(self) -> str:
        return self.name.replace(".", "-")


@dataclass(frozen=True)
class Settings:
    """What the publisher tells about the dataset."""

    base: str  # the build's instance base
    site_base: str
    sparql_endpoint: str | None
    publisher: str
    contact_email: str | None
    version: str
    first_date: str | None
    last_date: str | None
    topics: tuple[tuple[str, str], ...]  # (IRI, label)
    example: str | None

    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")

    def dump_url(self, name: str) -> str:
        return f"{self.base}dump/{name}"


def site_void(build_void: Graph, s: Settings, dumps: list[Dump]) -> Graph:
    """The build's VoID with the site's additions."""
    g = bind_prefixes(Graph(), s.base)
    for t in build_void:
        g.add(t)
    ds = s.dataset()
    for d in dumps:
        if d.described:
            g.add((ds, VOID.dataDump, URIRef(s.dump_url(d.name))))
    if s.sparql_endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(s.sparql_endpoint)))
    g.add((ds, FOAF.homepage, URIRef(s.site_base)))
    if s.example:
        g.add((ds, VOID.exampleResource, URIRef(s.example)))
    for fmt in ("Turtle", "JSON-LD", "N-Quads", "TriG"):
        g.add((ds, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{fmt.replace('-', '_')}")))
    return g


def _text(void: Graph, ds: URIRef, prop: URIRef) -> str:
    values = sorted(str(o) for o in void.objects(ds, prop))
    return values[0] if values else ""


def dcat_catalog(void: Graph, s: Settings, dumps: list[Dump]) -> Graph:
    """DCAT: the catalog, the dataset, one distribution per dump, the SPARQL service."""
    g = bind_prefixes(Graph(), s.base)
    g.bind("dcat", DCAT)
    g.bind("foaf", FOAF)
    g.bind("vcard", VCARD)
    ds, catalog = s.dataset(), URIRef(s.base + "catalog")
    title = _text(void, ds, DCTERMS.title)
    license_ = URIRef(_text(void, ds, DCTERMS.license))
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(title, lang="en")))
    g.add((catalog, FOAF.homepage, URIRef(s.site_base)))
    g.add((catalog, DCTERMS.license, license_))
    g.add((catalog, DCAT.dataset, ds))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(_text(void, ds, DCTERMS.description), lang="en")))
    g.add((ds, DCTERMS.license, license_))
    g.add((ds, URIRef(str(DCAT) + "version"), Literal(s.version)))
    g.add((ds, OWL.versionInfo, Literal(s.version)))
    g.add((ds, DCAT.landingPage, URIRef(s.site_base)))
    g.add((ds, DCTERMS.conformsTo, URIRef("https://w3id.org/aglod/ontology")))
    g.add((ds, DCTERMS.spatial, WD.Q30))
    g.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    for word in KEYWORDS:
        g.add((ds, DCAT.keyword, Literal(word, lang="en")))
    for topic, _label in s.topics:
        g.add((ds, DCAT.theme, URIRef(topic)))
    if s.last_date:
        g.add((ds, DCTERMS.modified, Literal(s.last_date, datatype=XSD.date)))
    if s.first_date and s.last_date:
        period = URIRef(f"{ds}/period")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(s.first_date, datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(s.last_date, datatype=XSD.date)))
    publisher = URIRef(f"{ds}/publisher")
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(s.publisher)))
    contact = URIRef(f"{ds}/contact")
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, URIRef(VCARD + "Kind")))
    g.add((contact, URIRef(VCARD + "fn"), Literal(s.publisher)))
    if s.contact_email:
        g.add((contact, URIRef(VCARD + "hasEmail"), URIRef("mailto:" + s.contact_email)))
    for d in dumps:
        if d.described:
            _distribution(g, s, d)
    if s.sparql_endpoint:
        service = URIRef(s.base + "sparql")
        g.add((catalog, DCAT.service, service))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, URIRef(s.sparql_endpoint)))
        g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        g.add((service, DCAT.servesDataset, ds))
    return g


def _distribution(g: Graph, s: Settings, d: Dump) -> None:
    dist = URIRef(f"{s.base}distribution/{d.key}")
    g.add((s.dataset(), DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(d.title, lang="en")))
    g.add((dist, DCAT.downloadURL, URIRef(s.dump_url(d.name))))
    g.add((dist, DCAT.byteSize, Literal(d.size, datatype=XSD.nonNegativeInteger)))
    if d.compressed:
        g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        g.add((dist, DCAT.packageFormat, URIRef(IANA + d.media_type)))
    g.add(
        (
            dist,
            DCAT.mediaType,
            URIRef(IANA + ("application/gzip" if d.compressed else d.media_type)),
        )
    )


def data_json(void: Graph, s: Settings, dumps: list[Dump]) -> dict[str, Any]:
    """The DCAT-US (Project Open Data v1.1) catalog of the one dataset."""
    ds = s.dataset()
    contact: dict[str, str] = {"@type": "vcard:Contact", "fn": s.publisher}
    if s.contact_email:
        contact["hasEmail"] = "mailto:" + s.contact_email
    distributions: list[dict[str, str]] = [
        {
            "@type": "dcat:Distribution",
            "title": d.title,
            "description": f"The whole dataset as {d.title}.",
            "downloadURL": s.dump_url(d.name),
            "mediaType": "application/gzip" if d.compressed else d.media_type,
            "format": d.title,
        }
        for d in dumps
        if d.described
    ]
    if s.sparql_endpoint:
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "title": "SPARQL endpoint",
                "description": "Query the dataset with SPARQL 1.1.",
                "accessURL": s.sparql_endpoint,
                "format": "API",
                "conformsTo": str(SPARQL_PROTOCOL),
            }
        )
    dataset: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "title": _text(void, ds, DCTERMS.title),
        "description": _text(void, ds, DCTERMS.description),
        "keyword": [*KEYWORDS, *(label for _, label in s.topics)],
        "modified": s.last_date or "",
        "publisher": {"@type": "org:Organization", "name": s.publisher},
        "contactPoint": contact,
        "identifier": str(ds),
        "accessLevel": "public",
        "license": _text(void, ds, DCTERMS.license),
        "spatial": "United States",
        "landingPage": s.site_base,
        "language": ["en-US"],
        "accrualPeriodicity": "irregular",
        "conformsTo": "https://w3id.org/aglod/ontology",
        "describedBy": s.site_base + "ontology.html",
        "describedByType": "text/html",
        "references": [s.site_base + "ontology.html", s.site_base + "shapes.html"],
        "distribution": distributions,
    }
    if s.first_date and s.last_date:
        dataset["temporal"] = f"{s.first_date}/{s.last_date}"
    if not dataset["modified"]:
        del dataset["modified"]
    return {
        "@context": f"{POD}/catalog.jsonld",
        "@id": s.site_base + "data.json",
        "@type": "dcat:Catalog",
        "conformsTo": POD,
        "describedBy": f"{POD}/catalog.json",
        "dataset": [dataset],
    }


def json_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def schema_dataset(void: Graph, s: Settings, dumps: list[Dump]) -> dict[str, Any]:
    """schema.org ``Dataset`` for the home page (what dataset search engines read)."""
    ds = s.dataset()
    doc: dict[str, Any] = {
        "@id": str(ds),
        "@type": "Dataset",
        "name": _text(void, ds, DCTERMS.title),
        "description": _text(void, ds, DCTERMS.description),
        "license": {"@id": _text(void, ds, DCTERMS.license)},
        "url": {"@id": s.site_base},
        "version": s.version,
        "keywords": list(KEYWORDS),
        "creator": {"@type": "Organization", "name": s.publisher},
        "spatialCoverage": {"@type": "Place", "name": "United States"},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.title,
                "encodingFormat": d.media_type,
                "contentUrl": {"@id": s.dump_url(d.name)},
            }
            for d in dumps
            if d.described and not d.compressed
        ],
    }
    if s.first_date and s.last_date:
        doc["temporalCoverage"] = f"{s.first_date}/{s.last_date}"
    return doc
