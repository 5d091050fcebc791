"""Read every kind of input into ``Release`` records: a folder is walked in sorted
order, and each file goes to its reader by its type: plain text (``inputs``), office
HTML pages (``html``), JSON Lines feeds (``feeds``, or ``-`` for standard input)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..records import Release
from .feeds import read_feed
from .html import read_html_release
from .inputs import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    INTERNAL,
    STDIN,
    Rejected,
    check_file,
    expand_paths,
    read_text_release,
)


def read_releases(
    paths: Iterable[Path],
    *,
    source_names: dict[Path, str] | None = None,
    follow_symlinks: bool = False,
) -> Iterator[Release | Rejected]:
    """Each input as a ``Release``, or a ``Rejected`` naming the file (for a feed, the
    file and line) and the reason. A feed gives one item per non-blank line. Symbolic
    links out of their folder are read only with ``follow_symlinks`` (``expand_paths``)."""
    names = source_names or {}
    for path in expand_paths(paths, follow_symlinks):
        if isinstance(path, Rejected):
            yield path
            continue
        name = names.get(path, "<stdin>" if path == STDIN else str(path))
        suffix = path.suffix.lower()
        if path == STDIN or suffix in FEED_SUFFIXES:
            yield from read_feed(path, name)
            continue
        yield read_file(path, name)


def read_file(path: Path, name: str, data: bytes | None = None) -> Release | Rejected:
    """One file that is not a feed, as a ``Release`` or a ``Rejected``. ``data``: its
    bytes, where the caller has read them (``inputs.read_bytes``)."""
    suffix = path.suffix.lower()
    problem = check_file(path, name)
    if problem is not None:
        return Rejected(name, problem)
    try:
        if suffix in HTML_SUFFIXES:
            return read_html_release(path if data is None else data, name)
        return read_text_release(path, name, data)
    except InputError as exc:
        return Rejected(name, exc.reason)
    except Exception as exc:  # a bug: reported as this file's, the others are read
        return Rejected(name, f"{INTERNAL} while reading: {type(exc).__name__}: {exc}")
