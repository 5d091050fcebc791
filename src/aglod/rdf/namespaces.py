"""Every namespace and prefix aglod uses, bound in one place."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

AGLOD = Namespace("https://w3id.org/aglod/ontology#")
DEFAULT_BASE = "https://w3id.org/aglod/id/"
# schema.org's own JSON-LD context uses the http form; rdflib's SDO is https.
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES: dict[str, Any] = {
    "aglod": AGLOD,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "skos": SKOS,
    "oa": OA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
    "wd": WD,
    "qb": QB,
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind aglod's prefixes (and ``aglodid:`` for the instance base) on ``graph``."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("aglodid", Namespace(base), override=True, replace=True)
    return graph


def sparql_prefixes() -> str:
    """PREFIX lines for SPARQL queries over aglod data."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = [
    "AGLOD",
    "DCTERMS",
    "DEFAULT_BASE",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "VOID",
    "WD",
    "XSD",
    "bind_prefixes",
    "sparql_prefixes",
]
