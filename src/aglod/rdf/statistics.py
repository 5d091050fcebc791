"""Counts across releases, published as RDF Data Cube observations.

Questions such as "how many actions of each type did each jurisdiction take part in"
or "who acted most often with Minnesota" join every participation of every action: at
100,000 releases, more than a million rows, over a second in the embedded store. The
build already has what each release reports, so it counts once and publishes the
counts in the named graph ``graph/statistics`` as two data sets (W3C RDF Data Cube):

* ``statistics/actions``: an observation per jurisdiction and action type, with the
  number of actions of that type the jurisdiction takes part in
  (``aglod:jurisdiction``, ``aglod:actionType``, ``aglod:actionCount``). An action
  typed only ``aglod:Action`` counts under ``aglod:Action``; an action of two types
  counts under each;
* ``statistics/partners``: an observation per ordered pair of jurisdictions that took
  part in at least one action together, with the number of such actions
  (``aglod:jurisdiction``, ``aglod:partner``, ``aglod:actionCount``).

An action counts once per release that reports it: a letter announced by three offices
is three actions, as in the release graphs (``aglod:sameActionAs`` links them). The
counts are a function of the release graphs: the tests check them against the same
counts made by SPARQL over the release graphs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain, permutations
from typing import NamedTuple, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from .identifiers import Minter, short_hash
from .namespaces import AGLOD, QB

ACTIONS = "actions"
PARTNERS = "partners"


class Tally(NamedTuple):
    """What one action adds to the statistics: its types (aglod: subclasses of
    aglod:Action, or aglod:Action alone) and its participants, as IRIs."""

    types: tuple[str, ...]
    participants: tuple[str, ...]


class Objects(Protocol):
    """What ``tallies_of`` reads of a graph (``Graph`` has it)."""

    def objects(self, s: Node, p: Node) -> Iterable[Node]: ...  # pragma: no cover


def tallies_of(release: URIRef, g: Objects) -> list[Tally]:
    """The tallies of the actions ``release`` reports in ``g``, in IRI order."""
    out = []
    action = str(AGLOD.Action)
    for a in sorted(g.objects(release, AGLOD.reports), key=str):
        if not isinstance(a, URIRef):
            continue
        types = sorted(
            {
                str(t)
                for t in g.objects(a, RDF.type)
                if str(t).startswith(str(AGLOD)) and str(t) != action
            }
        )
        participants = sorted({str(p) for p in g.objects(a, AGLOD.participant)})
        out.append(Tally(tuple(types) or (action,), tuple(participants)))
    return out


def counts(tallies: Iterable[Tally]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Actions per (jurisdiction, type) and per (jurisdiction, partner)."""
    tallies = list(tallies)
    # one Counter call each: counted in C rather than an update per release
    by_type = Counter((j, c) for t in tallies for j in t.participants for c in t.types)
    by_pair = Counter(chain.from_iterable(permutations(t.participants, 2) for t in tallies))
    return by_type, by_pair


def statistics_triples(tallies: Iterable[Tally], minter: Minter) -> list[ox.Triple]:
    """The two data sets of this module's docstring, with their observations, as
    Oxigraph triples sorted by their N-Triples form (what the build writes)."""
    return count_triples(*counts(tallies), minter)


def count_triples(
    by_type: Counter[tuple[str, str]], by_pair: Counter[tuple[str, str]], minter: Minter
) -> list[ox.Triple]:
    """``statistics_triples`` of the counts ``counts`` gives."""
    iri = ox.NamedNode
    rdf_type, qb_ds = iri(str(RDF.type)), iri(str(QB.dataSet))
    count = iri(str(AGLOD.actionCount))
    nonneg = iri(str(XSD.nonNegativeInteger))
    observation = iri(str(QB.Observation))
    out: list[ox.Triple] = []
    for name, structure, title in (
        (ACTIONS, AGLOD.ActionsByJurisdictionAndType, "Actions by jurisdiction and type"),
        (PARTNERS, AGLOD.ActionsByCoalitionPartner, "Actions by jurisdiction and partner"),
    ):
        ds = iri(str(minter.statistics(name)))
        label = ox.Literal(title, language="en")
        out += [
            ox.Triple(ds, rdf_type, iri(str(QB.DataSet))),
            ox.Triple(ds, iri(str(QB.structure)), iri(str(structure))),
            ox.Triple(ds, iri(str(DCTERMS.title)), label),
            ox.Triple(ds, iri(str(RDFS.label)), label),
        ]
    slugs: dict[str, str] = {}
    nodes: dict[str, ox.NamedNode] = {}

    def slug(j: str) -> str:
        found = slugs.get(j)
        if found is None:
            found = slugs[j] = _slug(j, minter)
        return found

    def node(value: str) -> ox.NamedNode:
        found = nodes.get(value)
        if found is None:
            found = nodes[value] = iri(value)
        return found

    for name, dimension, table in (
        (ACTIONS, AGLOD.actionType, by_type),
        (PARTNERS, AGLOD.partner, by_pair),
    ):
        ds = node(str(minter.statistics(name)))
        jurisdiction, other = node(str(AGLOD.jurisdiction)), node(str(dimension))
        for (j, x), n in table.items():
            second = _type_slug(x) if name == ACTIONS else slug(x)
            obs = iri(str(minter.statistics(name, slug(j), second)))
            out += [
                ox.Triple(obs, rdf_type, observation),
                ox.Triple(obs, qb_ds, ds),
                ox.Triple(obs, count, ox.Literal(str(n), datatype=nonneg)),
                ox.Triple(obs, jurisdiction, node(j)),
                ox.Triple(obs, other, node(x)),
            ]
    out.sort(key=str)
    return out


def statistics_graph(tallies: Iterable[Tally], minter: Minter) -> Graph:
    """``statistics_triples`` as an rdflib graph."""
    g = Graph()
    nt = "".join(f"{t} .\n" for t in statistics_triples(tallies, minter))
    return g.parse(data=nt, format="nt") if nt else g


def _slug(iri: str, minter: Minter) -> str:
    """The path segment naming a jurisdiction in an observation's IRI: the last segment
    of its aglod IRI, or a hash of another IRI."""
    prefix = minter.base + "jurisdiction/"
    rest = iri[len(prefix) :] if iri.startswith(prefix) else ""
    if rest and "/" not in rest and rest.replace("-", "").isalnum() and rest.islower():
        return rest
    return "x-" + short_hash(iri)


def _type_slug(iri: str) -> str:
    name = iri[len(str(AGLOD)) :] if iri.startswith(str(AGLOD)) else ""
    if name.isalnum():
        return "".join("-" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("-")
    return "x-" + short_hash(iri)
