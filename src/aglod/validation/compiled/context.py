"""What every part of the compiled validator shares: ``UnsupportedShapes`` (raised while
compiling a feature this validator does not implement), a few constants, and one
validation's ``Context`` -- the data graph, its two indexes, and what is worked out
lazily (pySHACL's names of data nodes, the SPARQL engine's store).

The lowest of the package's modules: it imports none of the others
(context <- messages <- paths <- sparql <- components <- compiler <- validator).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node


class UnsupportedShapes(ValueError):
    """The shapes graph uses a SHACL feature this validator does not implement."""


def words(text: str) -> list[str]:
    return text.split()


RDF_TYPE = RDF.type
SUBCLASS_OF = RDFS.subClassOf
MAX_DEPTH = 10  # pySHACL stops at 15 nested shapes; stay well below

# A focus node's value nodes: a set, or a dictionary's keys (never changed)
ValueNodes = Collection[Node]


# --- the data graph ------------------------------------------------------------------

_Index = dict[Node, dict[Node, dict[Node, Any]]]
EMPTY: dict[Node, Any] = {}


def _indexes(data: Graph) -> tuple[_Index, _Index]:
    """(subject -> predicate -> objects, predicate -> object -> subjects) of ``data``,
    built from its triples through rdflib's public API (``Graph.triples``).

    rdflib's in-memory store keeps exactly these dictionaries, and they used to be read
    from it where the graph had the store to itself; but they are the store's private
    attributes. Building them costs about 2 microseconds a triple (half iterating,
    half indexing): some 2 ms for a bundled release with its context, 5 ms for the
    reference data. The build validates each release as a set of triples, indexed as
    before (``_indexes_of``)."""
    return _indexes_of(data.triples((None, None, None)))


def _indexes_of(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[_Index, _Index]:
    """``_indexes`` of triples."""
    spo: _Index = {}
    pos: _Index = {}
    for s, p, o in triples:
        _put(spo, s, p, o)
        _put(pos, p, o, s)
    return spo, pos


def _put(index: _Index, a: Node, b: Node, c: Node) -> None:
    """Add ``a -> b -> c`` to a two-level index. (Looked up before added:
    ``setdefault`` would make a throw-away dictionary at each level.)"""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: {c: 1}}
        return
    leaves = inner.get(b)
    if leaves is None:
        inner[b] = {c: 1}
    else:
        leaves[c] = 1


class Context:
    """One validation: the data graph, its indexes, and what is worked out lazily."""

    def __init__(
        self,
        sparql_predicates: frozenset[URIRef] | None,
        data: Graph | set[tuple[Node, Node, Node]],
    ) -> None:
        # the predicates the SPARQL constraints Oxigraph may run read (None: any)
        self.sparql_predicates = sparql_predicates
        self._graph: Graph | None = None
        self._triples: set[tuple[Node, Node, Node]] = set()
        if isinstance(data, Graph):
            self._graph = data
            self.spo, self.pos = _indexes(data)
        else:  # a set of triples: the indexes from it, a graph only if asked for
            self._triples = data
            self.spo, self.pos = _indexes_of(data)
        self._msg_graph: Any = None
        # the SPARQL side of this validation (a sparql.SparqlRunner), made by
        # sparql.runner_of when a constraint first runs a query
        self.sparql: Any = None

    @property
    def data(self) -> Graph:
        """The data as a graph (made from the triples given, where those were given)."""
        if self._graph is None:
            g = Graph()
            for t in self._triples:
                g.add(t)
            self._graph = g
        return self._graph

    def objects(self, s: Node, p: Node) -> dict[Node, Any]:
        po = self.spo.get(s)
        if po is None:
            return EMPTY
        return po.get(p) or EMPTY

    def subjects(self, p: Node, o: Node) -> dict[Node, Any]:
        op = self.pos.get(p)
        if op is None:
            return EMPTY
        return op.get(o) or EMPTY

    def is_instance(self, node: Node, cls: Node) -> bool:
        """pySHACL's sh:class test: a type of ``node`` is ``cls`` or one of its subclasses."""
        po = self.spo.get(node)
        if po is None:
            return False
        types = po.get(RDF_TYPE)
        if not types:
            return False
        if cls in types:
            return True
        if SUBCLASS_OF not in self.pos:
            return False
        for t in types:
            seen = {t}
            todo = [t]
            while todo:
                for sup in self.objects(todo.pop(), SUBCLASS_OF):
                    if sup == cls:
                        return True
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
        return False

    def stringify(self, node: Node) -> str:
        """pySHACL's ``stringify_node`` of a data node (for default messages), on the
        same clone of the data graph pySHACL validates."""
        from pyshacl.rdfutil import stringify_node

        if self._msg_graph is None:
            from pyshacl.rdfutil.clone import clone_graph

            clone = clone_graph(self.data, None, self.data.identifier)
            try:
                from pyshacl.graph_abstraction import DataGraph

                self._msg_graph = DataGraph.from_rdflib(clone)
            except ImportError:  # pragma: no cover - older pySHACL
                self._msg_graph = clone
        return str(stringify_node(self._msg_graph, node))

    def stringify_or_str(self, node: Node) -> str:
        try:
            return self.stringify(node)
        except (LookupError, ValueError):
            return str(node)
