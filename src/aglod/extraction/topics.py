"""Topics of a release, by the transparent rules of ontology/topics.ttl: each topic's
hidden labels are counted in the headline (x3), the subtitles and lead (x2) and the
rest of the body (x1); a topic scoring at least 3, and at least a third of the best
topic's score, is assigned; at most three, the highest first. Labels with capitals ("EPA", "Meta") match case-sensitively, the
others in any case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import SKOS

from ..records import Segments, Span
from ..resources import topics_file
from .text import announcing_sentences

THRESHOLD = 3
MOST = 3
WEIGHTS = {"headline": 3, "announcing": 2, "body": 1}


@dataclass(frozen=True)
class Topic:
    key: str  # the skos:notation, also the last segment of the concept IRI
    iri: str
    label: str
    pattern: re.Pattern[str]


@cache
def topics() -> tuple[Topic, ...]:
    g = Graph().parse(topics_file(), format="turtle")
    out = []
    for concept in sorted(g.subjects(SKOS.inScheme, None), key=str):
        labels = sorted(
            {str(x) for x in g.objects(concept, SKOS.hiddenLabel)}, key=len, reverse=True
        )
        cased = {lb for lb in labels if any(c.isupper() for c in lb)}
        alts = [(re.escape(lb) if lb in cased else "(?i:" + re.escape(lb) + ")") for lb in labels]
        # the labels' first letters, tested first (in any case for a label matched in
        # any case): the engine then tries the alternatives only where one may start
        firsts = "".join(sorted({re.escape(lb[0]) for lb in cased}))
        uncased = "".join(sorted({re.escape(lb[0]) for lb in labels if lb not in cased}))
        first = "|".join(
            ([f"[{firsts}]"] if firsts else []) + ([f"(?i:[{uncased}])"] if uncased else [])
        )
        pattern = re.compile(r"(?<![\w-])(?=" + first + r")(?:" + "|".join(alts) + r")(?![\w-])")
        out.append(
            Topic(
                str(g.value(concept, SKOS.notation)),
                str(concept),
                str(g.value(concept, SKOS.prefLabel)),
                pattern,
            )
        )
    return tuple(out)


def find_topics(text: str, seg: Segments) -> list[tuple[Topic, Span]]:
    """The topics of a release, each with the first words that assigned it."""
    announcing = [s for s in announcing_sentences(text, seg, None) if s != seg.headline]
    zones: list[tuple[int, Span]] = []
    if seg.headline:
        zones.append((WEIGHTS["headline"], seg.headline))
    zones.extend((WEIGHTS["announcing"], s) for s in announcing)
    lead_end = seg.lead.end if seg.lead else seg.body.start
    if seg.body.end > lead_end:
        zones.append((WEIGHTS["body"], Span.of(text, lead_end, seg.body.end)))
    scored = []
    for topic in topics():
        score = 0
        first: Span | None = None
        for weight, zone in zones:
            for m in topic.pattern.finditer(text, zone.start, zone.end):
                score += weight
                if first is None:
                    first = Span.of(text, m.start(), m.end())
        if score >= THRESHOLD and first is not None:
            scored.append((score, topic, first))
    scored.sort(key=lambda x: (-x[0], x[1].key))
    if not scored:
        return []
    floor = max(THRESHOLD, scored[0][0] / 3)  # a topic far behind the main one is noise
    return [(topic, span) for score, topic, span in scored[:MOST] if score >= floor]
