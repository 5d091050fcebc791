"""A fast SHACL validator giving the same report as ``aglod.validation.shacl.validate``.

The contract: ``fast_validate(data, shapes)`` returns the ``Report`` that
``validate(data, shapes)`` (pySHACL, no inference, ``allow_warnings``) returns, for a
data graph or a set of triples (validated as a graph of them); a dataset is handed to
``validate`` itself. Equal are the results -- each one's severity, focus node, result
path, value, message (the least of pySHACL's), source shape (``None`` for a blank node)
and constraint component, named as ``validate`` names them -- as a multiset, and their
order by ``result_order`` (severity, focus node, path, message, value; ``validate``
leaves ties as pySHACL lists them, this validator orders them by shape, then
component); hence ``conforms`` and the counts of violations, warnings and infos; and the
number of focus nodes, of shapes checked and the results by shape. Where pySHACL raises
(sh:lessThanOrEquals comparing a blank node), this raises the same exception type.
``tests/test_shacl_fast.py`` checks all this. Shapes using a feature not implemented
make ``compile_shapes`` (and ``fast_validate``) raise ``UnsupportedShapes`` before any
validation, so that callers fall back to pySHACL (``pipeline.tasks.validate_report``).

pySHACL spends most of its time in rdflib re-parsing each SPARQL constraint's query for
every focus node. ``compile_shapes`` compiles a shapes graph once into closures that
follow pySHACL's own rules (its value nodes and property paths, conformance of nested
shapes under ``allow_warnings``, default messages, result paths, sh:node details ...),
and ``fast_validate`` runs them on two indexes of the data graph (dictionaries built once
per validation, from the graph's triples or from the set of triples given).

SPARQL constraints run on Oxigraph where it must give what rdflib gives, else as pySHACL
runs them: rdflib, once per focus node, ``$this`` pre-bound (see ``sparql``).

Only the SHACL features the bundled shapes use are supported (``compiler``'s
``_SH_PREDICATES``, ``_SH_TYPES``).

This is the package's public entry; the work is done by its modules, each importing
only those before it: ``context`` (``UnsupportedShapes``, the data graph's indexes) <-
``messages`` (results, messages, the report) <- ``paths`` (property paths) <- ``sparql``
(SPARQL constraints) <- ``components`` (the constraint components) <- ``compiler`` (shapes,
``compile_shapes``, ``FastValidator``) <- ``validator``.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from rdflib import Graph
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Node

from ..shacl import Report, shapes_graph
from .compiler import FastValidator, compile_shapes
from .context import UnsupportedShapes

__all__ = ["FastValidator", "UnsupportedShapes", "compile_shapes", "fast_validate"]


def fast_validate(
    data: Graph | set[tuple[Node, Node, Node]],
    shapes: Graph | None = None,
    skip: AbstractSet[Node] = frozenset(),
) -> Report:
    """``aglod.validation.shacl.validate(data)``, fast: the same report. ``data`` may be a set
    of triples (no graph is made of them unless a rare path needs one). Focus nodes in
    ``skip`` are not validated (the caller has their results from elsewhere)."""
    sg = shapes_graph() if shapes is None else shapes
    if isinstance(data, ConjunctiveGraph):
        from ..shacl import validate

        return validate(data, sg)
    return compile_shapes(sg).validate(data, skip)
