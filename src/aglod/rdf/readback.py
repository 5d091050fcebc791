"""Read a release's facts back from the graph, in the format of the gold annotations
(corpus/gold/SCHEMA.md), through SPARQL over the stable core terms only.

``aglod extract`` prints this and ``aglod eval`` scores it: both show what the graph
says, not what the extractor held in memory.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from rdflib import Graph, URIRef

from .mapping import ACTION_CLASSES, ROLES
from .namespaces import AGLOD, sparql_prefixes

_RELEASE = (
    sparql_prefixes()
    + """
SELECT ?r ?source ?title ?date ?office ?issuer ?dateline WHERE {
  ?r a aglod:PressRelease ; dcterms:source ?source .
  OPTIONAL { ?r schema:headline ?title }
  OPTIONAL { ?r schema:datePublished ?date }
  OPTIONAL { ?r aglod:issuingJurisdiction/aglod:uspsCode ?office }
  OPTIONAL { ?r aglod:issuer/schema:name ?issuer }
  OPTIONAL { ?r aglod:dateline ?dateline }
}"""
)
_CONTACTS = (
    sparql_prefixes()
    + """
SELECT ?c ?name ?phone WHERE {
  ?r aglod:contact ?c .
  OPTIONAL { ?c schema:name ?name } OPTIONAL { ?c schema:telephone ?phone }
} ORDER BY ?c"""
)
_ACTIONS = (
    sparql_prefixes()
    + """
SELECT ?a ?date ?count ?multistate ?role WHERE {
  ?r aglod:reports ?a .
  OPTIONAL { ?a aglod:issuerRole ?role }
  OPTIONAL { ?a dcterms:date ?date }
  OPTIONAL { ?a aglod:statedCount ?count }
  OPTIONAL { ?a aglod:multistate ?multistate }
}"""
)
_TYPES = sparql_prefixes() + "SELECT ?t WHERE { ?a a ?t }"
_CODES = sparql_prefixes() + "SELECT ?code WHERE { ?a ?p ?j . ?j aglod:uspsCode ?code }"
_TARGETS = (
    sparql_prefixes() + "SELECT DISTINCT ?name WHERE { ?a aglod:target ?t . ?t schema:name ?name }"
)
_PEOPLE = (
    sparql_prefixes()
    + """
SELECT ?p ?name ?title ?code WHERE {
  ?r schema:mentions ?p . ?p schema:name ?name .
  OPTIONAL { ?p aglod:holds ?post . ?post aglod:postTitle ?title ;
             aglod:postJurisdiction/aglod:uspsCode ?code }
}"""
)
GOLD_TYPES = tuple(ACTION_CLASSES)
_ROLE_NAMES = {iri: name for name, iri in ROLES.items()}


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def file_name(source: str) -> str:
    """The file part of a source path or URL."""
    if "\\" in source:
        return PureWindowsPath(source).name
    return PurePosixPath(source.split("?", 1)[0]).name or source


def _action_key(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


def _rows(g: Graph, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    """The rows of a SELECT query, as plain tuples."""
    return [tuple(row) for row in g.query(query, initBindings=bindings)]  # type: ignore[arg-type]


def release_facts(g: Graph, release: URIRef | None = None) -> list[dict[str, Any]]:
    """Every release in ``g`` (or just ``release``) as a gold-format record."""
    out: list[dict[str, Any]] = []
    for row in _rows(g, _RELEASE, **({"r": release} if release else {})):
        r, source, title, dt, office, issuer, dateline = row
        if r in {x["_iri"] for x in out}:
            continue
        contacts = [{"name": _str(n), "phone": _str(ph)} for _c, n, ph in _rows(g, _CONTACTS, r=r)]
        actions = []
        rows = sorted(_rows(g, _ACTIONS, r=r), key=lambda x: _action_key(str(x[0])))
        for a, adate, count, multistate, issuer_role in rows:
            types = {
                str(t)[len(str(AGLOD)) :]
                for (t,) in _rows(g, _TYPES, a=a)
                if str(t).startswith(str(AGLOD))
            }
            typ = next((t for t in GOLD_TYPES if t in types), "Other")
            parts = sorted({str(c) for (c,) in _rows(g, _CODES, a=a, p=AGLOD.participant)})
            leads = sorted({str(c) for (c,) in _rows(g, _CODES, a=a, p=AGLOD.lead)})
            off = _str(office)
            if issuer_role is not None and issuer_role in _ROLE_NAMES:
                role = _ROLE_NAMES[issuer_role]  # the graph's own word for the office's part
            elif off is not None and off in leads:
                role = "led" if len(leads) == 1 else "co-led"
            elif multistate is not None and not multistate.toPython():
                role = "sole"
            else:
                role = "joined"
            actions.append(
                {
                    "type": typ,
                    "role": role,
                    "date": _str(adate),
                    "stated_count": int(count) if count is not None else None,
                    "participants": parts,
                    "leads": leads,
                    "counterparties": sorted(str(n) for (n,) in _rows(g, _TARGETS, a=a)),
                }
            )
        people = []
        seen = set()
        for _p, name, post_title, code in _rows(g, _PEOPLE, r=r):
            key = (str(name), _str(post_title), _str(code))
            if key not in seen:
                seen.add(key)
                people.append(
                    {"name": str(name), "post": _str(post_title), "jurisdiction": _str(code)}
                )
        out.append(
            {
                "_iri": r,
                "file": file_name(str(source)),
                "source": str(source),
                "release": {
                    "title": _str(title) or None,  # an empty headline: none found
                    "date": _str(dt),
                    "office": off,
                    "issuer": _str(issuer),
                    "dateline": _str(dateline),
                    "contacts": contacts,
                },
                "actions": actions,
                "people": sorted(people, key=lambda p: (p["jurisdiction"] or "", p["name"])),
            }
        )
    for x in out:
        del x["_iri"]
    return sorted(out, key=lambda x: x["source"])
