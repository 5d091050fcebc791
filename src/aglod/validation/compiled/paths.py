"""SHACL property paths: a shape's path compiled into a function giving a focus node's
value nodes, as pySHACL's ``value_nodes_from_path`` does (predicates, sequences, inverse
and alternative paths), and a node shape's value nodes (the focus node itself).
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .context import EMPTY, MAX_DEPTH, Context, UnsupportedShapes, ValueNodes

Values = Callable[[Context, Node], ValueNodes]
PathFn = Callable[[Context, Node, bool], set[Node]]


def node_values(ctx: Context, focus: Node) -> ValueNodes:
    return (focus,)


def _compile_path(sg: Graph, path: Node, depth: int = 0) -> PathFn:
    """pySHACL's ``value_nodes_from_path`` (its handling of inverse sequences included)."""
    if depth > MAX_DEPTH:
        raise UnsupportedShapes("property path too deep")
    if isinstance(path, URIRef):
        p = path

        def predicate(ctx: Context, focus: Node, inverse: bool) -> set[Node]:
            return set(ctx.subjects(p, focus) if inverse else ctx.objects(focus, p))

        return predicate
    if not isinstance(path, BNode):
        raise UnsupportedShapes(f"unsupported property path {path!r}")
    firsts = set(sg.objects(path, RDF.first))
    if firsts:  # a sequence path
        rests = set(sg.objects(path, RDF.rest))
        if len(firsts) != 1 or len(rests) != 1:
            raise UnsupportedShapes("malformed sequence path")
        rest = next(iter(rests))
        if rest == RDF.nil and depth == 0:
            raise UnsupportedShapes("a sequence path needs two steps at least")
        first_fn = _compile_path(sg, next(iter(firsts)), depth + 1)
        if rest == RDF.nil:
            return first_fn
        rest_fn = _compile_path(sg, rest, depth + 1)

        def sequence(ctx: Context, focus: Node, inverse: bool) -> set[Node]:
            found: set[Node] = set()
            for node in first_fn(ctx, focus, inverse):
                found.update(rest_fn(ctx, node, inverse))
            return found

        return sequence
    inverses = set(sg.objects(path, SH.inversePath))
    if inverses:
        if len(inverses) != 1:
            raise UnsupportedShapes("malformed inverse path")
        inner = _compile_path(sg, next(iter(inverses)), depth + 1)

        def inverse_path(ctx: Context, focus: Node, inverse: bool) -> set[Node]:
            return inner(ctx, focus, not inverse)

        return inverse_path
    alternatives = set(sg.objects(path, SH.alternativePath))
    if alternatives:
        if len(alternatives) != 1:
            raise UnsupportedShapes("malformed alternative path")
        fns = [_compile_path(sg, a, depth + 1) for a in sg.items(next(iter(alternatives)))]
        if len(fns) < 2:
            raise UnsupportedShapes("an alternative path needs two alternatives at least")

        def alternative(ctx: Context, focus: Node, inverse: bool) -> set[Node]:
            found: set[Node] = set()
            for fn in fns:
                found.update(fn(ctx, focus, inverse))
            return found

        return alternative
    raise UnsupportedShapes(f"unsupported property path {path!r}")


def values_of(sg: Graph, path: Node) -> Values:
    """The value nodes of a property shape of path ``path``."""
    if isinstance(path, URIRef):
        p = path

        def objects(ctx: Context, focus: Node) -> ValueNodes:
            po = ctx.spo.get(focus)
            if po is None:
                return EMPTY
            return po.get(p) or EMPTY

        return objects
    fn = _compile_path(sg, path)

    def complex_path(ctx: Context, focus: Node) -> ValueNodes:
        return fn(ctx, focus, False)

    return complex_path
