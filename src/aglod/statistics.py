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
from dataclasses import dataclass
from itertools import permutations
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from .identifiers import Minter, short_hash
from .namespaces import AGLOD, QB

ACTIONS = "actions"
PARTNERS = "partners"


@dataclass(frozen=True)
class Tally:
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
    by_type: Counter[tuple[str, str]] = Counter()
    by_pair: Counter[tuple[str, str]] = Counter()
    for t in tallies:
        for j in t.participants:
            for c in t.types:
                by_type[j, c] += 1
        by_pair.update(permutations(t.participants, 2))
    return by_type, by_pair


def statistics_graph(tallies: Iterable[Tally], minter: Minter) -> Graph:
    """The two data sets of this module's docstring, with their observations."""
    by_type, by_pair = counts(tallies)
    g = Graph()
    actions, partners = minter.statistics(ACTIONS), minter.statistics(PARTNERS)
    for ds, structure, title in (
        (actions, AGLOD.ActionsByJurisdictionAndType, "Actions by jurisdiction and type"),
        (partners, AGLOD.ActionsByCoalitionPartner, "Actions by jurisdiction and partner"),
    ):
        g.add((ds, RDF.type, QB.DataSet))
        g.add((ds, QB.structure, structure))
        g.add((ds, DCTERMS.title, Literal(title, lang="en")))
        g.add((ds, RDFS.label, Literal(title, lang="en")))

    def observe(name: str, slugs: tuple[str, str], n: int) -> URIRef:
        ds, obs = minter.statistics(name), minter.statistics(name, *slugs)
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, QB.dataSet, ds))
        g.add((obs, AGLOD.actionCount, Literal(n, datatype=XSD.nonNegativeInteger)))
        return obs

    for (j, c), n in sorted(by_type.items()):
        obs = observe(ACTIONS, (_slug(j, minter), _type_slug(c)), n)
        g.add((obs, AGLOD.jurisdiction, URIRef(j)))
        g.add((obs, AGLOD.actionType, URIRef(c)))
    for (j, p), n in sorted(by_pair.items()):
        obs = observe(PARTNERS, (_slug(j, minter), _slug(p, minter)), n)
        g.add((obs, AGLOD.jurisdiction, URIRef(j)))
        g.add((obs, AGLOD.partner, URIRef(p)))
    return g


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
