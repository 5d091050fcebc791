"""Results and the report: ``Res`` (one result, as pySHACL's ``make_v_result`` builds it),
constraint outcomes, pySHACL's message formatting and names of shapes graph nodes, and
the assembly of the ``aglod.validation.shacl.Report`` -- the results named as
``validate`` names them, in its order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..shacl import SEVERITIES, Report, Result, n3, result_order
from .context import Context


class ShapeLike(Protocol):
    """What constraints and results read of a compiled shape (``compiler.Shape``)."""

    node: Node
    path: Node | None
    is_property: bool
    severity: Node
    messages: list[Node]

    def validate(self, ctx: Context, focus: Node) -> Outcome: ...

    def conforms(self, ctx: Context, focus: Node) -> bool: ...

    def result(
        self,
        ctx: Context,
        component: URIRef,
        focus: Node,
        value: Node | None = None,
        generic: Callable[[], str] | None = None,
        details: list[Res] | None = None,
    ) -> Res: ...


# --- results -------------------------------------------------------------------------


class Res:
    """One validation result, as pySHACL's ``make_v_result`` builds it."""

    __slots__ = ("component", "details", "focus", "messages", "path", "severity", "shape", "value")

    def __init__(
        self,
        shape: ShapeLike,
        component: URIRef,
        focus: Node,
        value: Node | None,
        path: Node | None,
        messages: list[str],
        details: list[Res] | None = None,
    ) -> None:
        self.severity = shape.severity
        self.shape = shape.node
        self.component = component
        self.focus = focus
        self.value = value
        self.path = path
        self.messages = messages
        self.details = details


Outcome = tuple[bool, list["Res"]]
CONFORMS: Outcome = (True, [])


def outcome(reports: list[Res]) -> Outcome:
    """A constraint's outcome from the results it reported (none: it conforms)."""
    return (False, reports) if reports else CONFORMS


# --- messages ------------------------------------------------------------------------


def sg_string(sg: Graph, node: Node) -> str:
    """pySHACL's ``stringify_node`` of a shapes graph node."""
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(sg, node))


def format_message(msg: str, bound_vars: Any) -> str:
    """pySHACL's ``_format_sparql_based_result_message``."""
    fdict: dict[str, Any] = {}
    if isinstance(bound_vars, (tuple, list)):
        if len(bound_vars) == 4:
            fdict.update(bound_vars[3])
            bound_vars = bound_vars[:3]
        if len(bound_vars) == 3:
            if bound_vars[0] is not None:
                fdict["this"] = bound_vars[0]
            if bound_vars[1] is not None:
                fdict["path"] = bound_vars[1]
            if bound_vars[2] is not None:
                fdict["value"] = bound_vars[2]
    elif isinstance(bound_vars, dict):
        fdict.update(bound_vars)
    else:
        return msg
    for var, val in fdict.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


# --- the report ----------------------------------------------------------------------


class ShapeNames:
    """The names ``validate`` gives the shapes graph's nodes in a report (each worked
    out once)."""

    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self._names: dict[Node, str | None] = {}

    def name(self, node: Node | None) -> str | None:
        if node is None:
            return None
        try:
            return self._names[node]
        except KeyError:
            name = self._names[node] = n3(node, self.sg)
            return name

    def result(self, r: Res, ctx: Context) -> Result:
        sev = r.severity
        return Result(
            severity=SEVERITIES.get(sev, str(sev)) if isinstance(sev, URIRef) else "Violation",
            focus=_data_name(r.focus, ctx) or "",
            path=self.name(r.path),
            value=_data_name(r.value, ctx),
            message=r.messages[0] if r.messages else "",
            shape=self.name(r.shape) if isinstance(r.shape, URIRef) else None,
            constraint=self.name(r.component),
        )


def report(
    found: list[Res], ctx: Context, names: ShapeNames, focus_nodes: int, shapes_checked: int
) -> Report:
    """The report of the results ``found`` (their sh:node details included)."""
    results = []
    todo = list(found)
    while todo:
        r = todo.pop()
        results.append(names.result(r, ctx))
        if r.details:
            todo.extend(r.details)
    results.sort(key=_full_order)
    counts = Counter(r.shape or "(anonymous shape)" for r in results)
    return Report(results, focus_nodes, shapes_checked, dict(sorted(counts.items())))


_NO_GRAPH = Graph()


def _full_order(r: Result) -> tuple[Any, ...]:
    """``validate``'s order, then the remaining fields (``validate`` leaves ties as pySHACL
    happens to list them)."""
    return (*result_order(r), r.shape or "", r.constraint or "")


@lru_cache(maxsize=65536)
def _iri_name(node: URIRef) -> str | None:
    return n3(node, _NO_GRAPH)


def _data_name(node: Node | None, ctx: Context) -> str | None:
    if isinstance(node, URIRef):
        return _iri_name(node)
    if node is None or isinstance(node, Literal):
        return n3(node, _NO_GRAPH)
    return n3(node, ctx.data)
