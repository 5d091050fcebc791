"""What aglod lets a SPARQL query do before it runs: read, never fetch or write.

Every query that ``aglod serve`` or ``aglod query`` runs is first read with rdflib's
SPARQL 1.1 parser, and refused if its parse holds a ``SERVICE`` pattern (the engine
would send it to whatever host it names, this machine's private services included).
Updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``…) are not queries and are refused
too. The check fails closed: a query this parser cannot read is refused even if the
engine could read it, since the two might read it differently, and reading it
differently is exactly how a text check is fooled (``1SERVICE``, escapes in names).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

_SERVICE = "ServiceGraphPattern"


class QueryRefused(Exception):
    """A query aglod will not run: the HTTP status to answer with, and why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def check_query(text: str) -> None:
    """Raise ``QueryRefused`` unless ``text`` is a SPARQL 1.1 query (SELECT, ASK,
    CONSTRUCT, DESCRIBE) that rdflib's parser reads and that holds no ``SERVICE``."""
    tree, problem = _parse(text)
    if problem is not None:
        if _is_update(text):
            raise QueryRefused(403, "this endpoint is read-only: no update, no LOAD, no CLEAR")
        raise QueryRefused(400, problem)
    if any(name == _SERVICE for name in _pattern_names(tree)):
        raise QueryRefused(403, "SERVICE is not allowed: this endpoint queries no other server")


def _parse(text: str) -> tuple[Any, str | None]:
    """rdflib's parse of a query, or why it cannot be read. Made in a thread of its
    own: the parser's exceptions form reference cycles with the frames they were
    raised in, and a frame's chain of callers would keep the caller's locals (an open
    store, whose lock then outlives it) until the garbage collector runs; a thread's
    frames have no caller outside it, and no exception leaves the thread."""
    from rdflib.plugins.sparql.parser import parseQuery

    outcome: list[tuple[Any, str | None]] = []

    def parse() -> None:
        try:
            outcome.append((parseQuery(text), None))
        except RecursionError:
            outcome.append((None, "not valid SPARQL 1.1 as aglod reads it: nested too deeply"))
        except Exception as exc:  # pyparsing's ParseException, or anything it raises
            outcome.append(
                (
                    None,
                    "not valid SPARQL 1.1 as aglod reads it (every query is read before "
                    f"it runs): {_first_line(exc)}",
                )
            )

    thread = threading.Thread(target=parse, name="aglod-querycheck")
    thread.start()
    thread.join()
    return outcome[0]


def _is_update(text: str) -> bool:
    """Whether ``text`` reads as a SPARQL 1.1 update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (Exception, RecursionError):
        return False
    return True


def _pattern_names(tree: Any) -> Iterator[str]:
    """The names of every node of a parse (rdflib's ``CompValue``s, however deep: a
    walk with a stack of its own, so that deep nesting cannot exhaust Python's, each
    node once)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack: list[Any] = [tree]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, ParseResults):
            stack.extend(node)
            stack.extend(node.values())  # its named results, in case one is not listed
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
