"""The dataset described in VoID (and provenance of each named graph)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, XSD
from rdflib.term import Node

from ..version import __version__
from .identifiers import Minter
from .namespaces import AGLOD, SCHEMA, VOID, bind_prefixes

ONTOLOGY = URIRef("https://w3id.org/aglod/ontology")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DUMPS = ("aglod.ttl", "aglod.jsonld", "aglod.trig", "aglod.nq")


def dataset_iri(minter: Minter) -> URIRef:
    return URIRef(minter.base + "dataset")


@dataclass
class Counts:
    """What VoID counts of the asserted graph: distinct triples, distinct subject IRIs,
    type triples per class and triples per property."""

    triples: int = 0
    entities: int = 0
    classes: Counter[Node] = field(default_factory=Counter)
    properties: Counter[Node] = field(default_factory=Counter)

    @classmethod
    def of(cls, data: Graph) -> Counts:
        return cls(
            len(data),
            len({s for s in data.subjects() if isinstance(s, URIRef)}),
            Counter(o for o in data.objects(None, RDF.type)),
            Counter(p for p in data.predicates()),
        )


def void_description(data: Graph | Counts, minter: Minter, *, inferred_triples: int) -> Graph:
    """VoID: counts, class and property partitions, dumps, vocabularies, license."""
    counts = data if isinstance(data, Counts) else Counts.of(data)
    g = bind_prefixes(Graph(), minter.base)
    g.bind("foaf", FOAF)
    ds = dataset_iri(minter)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal("aglod: U.S. state Attorneys General press releases", lang="en"),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Actions, officials and jurisdictions read from the press releases of U.S. state "
                "Attorneys General: who joined which letter, lawsuit, amicus brief or settlement, "
                "when, and against whom. The facts carry the spans of release text they were read "
                "from. Release texts remain their publishers'.",
                lang="en",
            ),
        )
    )
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, SCHEMA.version, Literal(__version__)))
    g.add((ds, DCTERMS.creator, minter.software()))
    g.add((ds, VOID.uriSpace, Literal(minter.base)))
    g.add((ds, VOID.vocabulary, URIRef(str(AGLOD))))
    for vocab in (
        "http://schema.org/",
        "http://purl.org/dc/terms/",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/2004/02/skos/core#",
    ):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    g.add((ds, DCTERMS.conformsTo, ONTOLOGY))
    for dump in DUMPS:
        g.add((ds, VOID.dataDump, URIRef(minter.base + "dump/" + dump)))
    g.add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    g.add((ds, AGLOD.inferredTriples, Literal(inferred_triples, datatype=XSD.integer)))
    classes = counts.classes
    g.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, n in sorted(classes.items()):
        part = URIRef(f"{ds}/class/{_local(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    props = counts.properties
    g.add((ds, VOID.properties, Literal(len(props), datatype=XSD.integer)))
    for prop, n in sorted(props.items()):
        part = URIRef(f"{ds}/property/{_local(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    sw = minter.software()
    g.add((sw, RDF.type, PROV.SoftwareAgent))
    g.add((sw, SCHEMA.name, Literal("aglod")))
    g.add((sw, SCHEMA.softwareVersion, Literal(__version__)))
    return g


def _local(iri: object) -> str:
    """A path segment naming a class or property: prefix and local name, slugged."""
    from .identifiers import slugify

    text = str(iri)
    for prefix, ns in (("aglod", str(AGLOD)), ("schema", "http://schema.org/")):
        if text.startswith(ns):
            return prefix + "-" + slugify(text[len(ns) :], 80)
    return slugify(text, 120)


def provenance(
    graph_iri: URIRef, release: URIRef, source: str, content_hash: str, minter: Minter
) -> Graph:
    """Where a release's named graph comes from, and what made it."""
    g = Graph()
    activity = minter.activity(__version__)
    g.add((graph_iri, RDF.type, PROV.Entity))
    g.add((graph_iri, DCTERMS.source, Literal(source)))
    g.add((graph_iri, PROV.wasDerivedFrom, release))
    g.add((graph_iri, AGLOD.contentHash, Literal(content_hash)))
    g.add((graph_iri, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.wasAssociatedWith, minter.software()))
    g.add((minter.software(), RDF.type, PROV.SoftwareAgent))
    g.add((minter.software(), SCHEMA.softwareVersion, Literal(__version__)))
    return g
