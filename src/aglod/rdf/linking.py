"""One multistate action reported by several offices.

Each office announces a joint letter or lawsuit in its own release, so the build first
has one action per release. Two actions are linked with ``aglod:sameActionAs`` (in
both directions) when all of these hold:

1. their releases come from different offices;
2. they have the same type (the same subclass of ``aglod:Action``);
3. both are dated, at most ``WINDOW_DAYS`` apart;
4. their participants overlap: they share at least two jurisdictions and at least
   half of the smaller set; or one names only its own office and the other counts
   that office among its participants;
5. their targets agree: they share one, or one of them names none.

The links are kept in their own named graph (``graph/links``). ``owl:sameAs`` is not
used: the two actions keep their own facts (each release's reading of the action).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from .namespaces import AGLOD

WINDOW_DAYS = 3


class ActionView(NamedTuple):
    """An action as the rule sees it; IRIs as plain strings (a build keeps one view per
    action of every release, and reads them back from its state quickly: a named tuple
    unpickles several times faster than a dataclass)."""

    iri: str
    office: str | None
    type: str
    date: date | None
    participants: frozenset[str]
    targets: frozenset[str]


def actions_of(release: URIRef, g: Graph) -> list[ActionView]:
    """The actions a release graph reports, as the linking rule sees them."""
    office = g.value(release, AGLOD.issuingJurisdiction)
    out = []
    for a in sorted(g.objects(release, AGLOD.reports), key=str):
        types = sorted(
            str(t)
            for t in g.objects(a, RDF.type)
            if t != AGLOD.Action and str(t).startswith(str(AGLOD))
        )
        if not types or not isinstance(a, URIRef):
            continue
        d = g.value(a, DCTERMS.date)
        when = d.toPython() if isinstance(d, Literal) else None
        out.append(
            ActionView(
                str(a),
                str(office) if isinstance(office, URIRef) else None,
                types[0],
                when if isinstance(when, date) else None,
                frozenset(str(p) for p in g.objects(a, AGLOD.participant) if isinstance(p, URIRef)),
                frozenset(str(t) for t in g.objects(a, AGLOD.target) if isinstance(t, URIRef)),
            )
        )
    return out


def same_action(a: ActionView, b: ActionView) -> bool:
    """The rule of this module's docstring."""
    if a.office is None or b.office is None or a.office == b.office or a.type != b.type:
        return False
    if a.date is None or b.date is None or abs(a.date - b.date) > timedelta(days=WINDOW_DAYS):
        return False
    shared = a.participants & b.participants
    small = min(len(a.participants), len(b.participants))
    overlap = len(shared) >= 2 and len(shared) * 2 >= small
    alone = (a.participants == {a.office} and a.office in b.participants) or (
        b.participants == {b.office} and b.office in a.participants
    )
    if not (overlap or alone):
        return False
    return not a.targets or not b.targets or bool(a.targets & b.targets)


def link(views: list[ActionView]) -> Graph:
    """``aglod:sameActionAs`` between every pair the rule links (both directions)."""
    g = Graph()
    by_type: dict[str, list[ActionView]] = {}
    for v in views:
        if v.date is not None:
            by_type.setdefault(v.type, []).append(v)
    window = timedelta(days=WINDOW_DAYS)
    for group in by_type.values():
        group.sort(key=lambda v: (v.date, str(v.iri)))
        n = len(group)
        for i, a in enumerate(group):
            assert a.date is not None
            last = a.date + window
            for j in range(i + 1, n):  # by index: a slice would copy the rest each time
                b = group[j]
                assert b.date is not None
                if b.date > last:  # sorted by date: nothing further can match
                    break
                # what the rule implies, checked first because it is cheap: another
                # office, and a participant in common (both of its overlap tests need one)
                if a.office == b.office or a.participants.isdisjoint(b.participants):
                    continue
                if same_action(a, b):
                    g.add((URIRef(a.iri), AGLOD.sameActionAs, URIRef(b.iri)))
                    g.add((URIRef(b.iri), AGLOD.sameActionAs, URIRef(a.iri)))
    return g
