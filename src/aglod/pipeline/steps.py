"""The per-release steps that both ways of running the pipeline share: ``aglod build``
(streamed over worker processes: ``run`` and ``tasks``) and ``assemble`` (in memory, in
one process: ``build``). Each calls these; neither keeps a copy of its own, so that
what the tests run through ``assemble`` is what a build runs.

The mapping of facts to a release's graph is ``rdf.mapping.release_graph`` in both."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ..errors import InputError
from ..extraction import extract
from ..extraction.segments import segment
from ..rdf.identifiers import short_hash
from ..records import Release, ReleaseFacts
from ..sources.inputs import INTERNAL

T = TypeVar("T")


@dataclass(frozen=True)
class NotExtracted:
    """Why a release gave no facts: its input (``failed`` false) or a bug in aglod."""

    reason: str
    failed: bool


def extract_release(release: Release) -> ReleaseFacts | NotExtracted:
    """A release segmented and its facts extracted, or why not. A bug is reported as
    this release's, so that the others are built."""
    try:
        return extract(release, segment(release))
    except InputError as exc:
        return NotExtracted(exc.reason, failed=False)
    except Exception as exc:
        return NotExtracted(
            f"{INTERNAL} while extracting: {type(exc).__name__}: {exc}", failed=True
        )


def unique_keys(
    items: Iterable[T], key: Callable[[T], str], source: Callable[[T], str]
) -> list[tuple[str, T]]:
    """Each item with its release key, in key order, then source order: where several
    releases share a key, each gets a hash of its source appended."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    out = []
    for k, group in sorted(groups.items()):
        for item in sorted(group, key=source):
            out.append((k if len(group) == 1 else f"{k}-{short_hash(source(item))}", item))
    return out
