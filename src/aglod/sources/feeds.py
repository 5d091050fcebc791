"""JSON Lines feeds → ``Release``s: one release per line.

Each non-blank line is a JSON object with ``text`` or ``html`` (one is required;
``text`` wins where both are given), and optionally ``url``, ``date`` (an ISO date),
``office`` (a USPS code), ``title`` and ``id``. What a line states comes before what
text patterns or the page's markup find. A release's ``source`` is its ``url``, else
``"<file>:<line>"``; a ``url`` must be a valid http(s) IRI. A broken line is a
``Rejected`` naming the file and line (``feed.jsonl:12``); the other lines are still
read. The feed is read line by line, however big; a line over ``MAX_INPUT_BYTES`` (5
MiB) is rejected without being held in memory whole.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import chain, repeat
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Release
from ..reference.gazetteer import jurisdiction
from .html import html_release
from .inputs import (
    INTERNAL,
    MAX_INPUT_BYTES,
    MAX_TEXT_CHARS,
    STDIN,
    Rejected,
    content_hash,
    open_input,
    repair,
    too_long,
    web_address,
)

_MIB = MAX_INPUT_BYTES // 1024 // 1024

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def read_feed(path: Path, source: str | None = None) -> Iterator[Release | Rejected]:
    """The releases of a ``.jsonl`` file (``-``: standard input), line by line.
    ``source`` is how the file is named in line references (default: the path).
    The feed is read as a stream: memory holds one line (at most ``MAX_INPUT_BYTES``)
    at a time, whatever the feed's size."""
    name = source if source is not None else ("<stdin>" if path == STDIN else str(path))
    try:
        if path == STDIN:
            yield from _read_stream(sys.stdin.buffer, name)
        else:
            try:
                fh = open_input(path, name)
            except InputError as exc:
                yield Rejected(name, exc.reason)
                return
            with fh:
                yield from _read_stream(fh, name)
    except OSError as exc:
        yield Rejected(name, f"cannot be read: {exc.strerror or exc}")


def _read_stream(fh: BinaryIO, name: str) -> Iterator[Release | Rejected]:
    lines = _lines(fh)
    for blank, line in enumerate(lines):
        if line.strip():
            yield from feed_releases(chain(repeat(b"", blank), [line], lines), name)
            return
    yield Rejected(name, "the feed is empty")


def _lines(fh: BinaryIO) -> Iterator[bytes]:
    """The lines of a feed without their line ends, as ``bytes.splitlines`` gives them.
    A line longer than ``MAX_INPUT_BYTES`` is given as its first ``MAX_INPUT_BYTES + 1``
    bytes (``feed_releases`` rejects it); the rest of it is skipped unread into memory."""
    while True:
        raw = fh.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_INPUT_BYTES and not raw.endswith(b"\n"):
            while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield raw
            continue
        yield from raw.splitlines() or [b""]


def feed_releases(lines: Iterable[bytes], name: str) -> Iterator[Release | Rejected]:
    """A ``Release`` or a ``Rejected`` for each non-blank line of a feed."""
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            release = feed_release(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, where)
        except InputError as exc:
            yield Rejected(where, exc.reason)
            continue
        except Exception as exc:  # a bug: reported as this line's, the others are read
            yield Rejected(where, f"{INTERNAL} while reading: {type(exc).__name__}: {exc}")
            continue
        if release.url is not None and release.url in seen:
            yield Rejected(where, f"the same url as line {seen[release.url]}: {release.url}")
            continue
        if release.url is not None:
            seen[release.url] = number
        yield release


def feed_release(raw: bytes, where: str) -> Release:
    """One feed line as a ``Release``; ``InputError`` (naming ``where``) if it is broken."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(where, f"the line is over aglod's limit of {_MIB} MiB for one release")
    try:
        record = json.loads(
            raw.decode("utf-8"),
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 (byte {exc.start + 1})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    except _BadNumber as exc:
        raise InputError(where, str(exc)) from None
    except RecursionError:
        raise InputError(where, "invalid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise InputError(where, f"a line must hold a JSON object, not {_kind(record)}")
    odd = _lone_surrogate(record)
    if odd is not None:
        field, char = odd
        raise InputError(where, f"{field} holds a lone surrogate (\\u{ord(char):04x}), not text")
    url = _string(record, "url", where)
    if url is not None:
        checked = web_address(url)
        if checked is None:
            raise InputError(where, f"url {url[:200]!r} is not a valid http(s) address")
        url = checked
    title = _string(record, "title", where)
    stated_date = _date(record.get("date"), where)
    office = _office(record.get("office"), where)
    if record.get("id") is not None and not isinstance(record["id"], str | int):
        raise InputError(where, f"id must be a string or a number, not {_kind(record['id'])}")
    text, markup = _string(record, "text", where), _string(record, "html", where)
    source = url or where
    digest = content_hash(raw)
    if text is not None and len(text) > MAX_TEXT_CHARS:  # a page's limit is on its text
        raise InputError(where, too_long(len(text), MAX_TEXT_CHARS))
    if text is not None:
        return Release(
            source=source,
            text=repair(text, where),
            content_hash=digest,
            url=url,
            stated_title=title,
            stated_date=stated_date,
            stated_office=office,
        )
    if markup is None:
        raise InputError(where, 'neither "text" nor "html": one of them is required')
    try:
        page = html_release(repair(markup, where), source, digest)
    except InputError as exc:
        raise InputError(where, f"html: {exc.reason}") from exc
    return replace(
        page,
        url=url or page.url,
        stated_title=title or page.stated_title,
        stated_date=stated_date or page.stated_date,
        stated_office=office or page.stated_office,
    )


# Numbers in a feed line: at most this many digits (Python refuses to convert an int
# of over 4,300 digits; no field aglod reads needs more than a few).
_MAX_DIGITS = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


class _BadNumber(ValueError):
    """A number of a feed line that aglod does not read: too long, or not finite."""


def _int(literal: str) -> int:
    """A JSON integer, refused (``_BadNumber``) when longer than ``_MAX_DIGITS``."""
    if len(literal) > _MAX_DIGITS:
        raise _BadNumber(
            f"a number of {len(literal):,} digits, over aglod's limit of {_MAX_DIGITS} digits"
        )
    return int(literal)


def _float(literal: str) -> float:
    """A JSON number with a fraction or exponent, refused when too long or out of range
    (``1e5000`` would be infinity)."""
    if len(literal) > _MAX_DIGITS:
        raise _BadNumber(
            f"a number of {len(literal):,} characters, over aglod's limit of {_MAX_DIGITS} characters"
        )
    value = float(literal)
    if not math.isfinite(value):
        raise _BadNumber(f"the number {literal} is out of range")
    return value


def _constant(literal: str) -> float:
    """``NaN``, ``Infinity`` and ``-Infinity``, which Python reads but JSON has not."""
    raise _BadNumber(f"invalid JSON: {literal} is not a JSON value")


def _lone_surrogate(record: dict[str, Any]) -> tuple[str, str] | None:
    """The first string of ``record`` (a key or a value, at any depth) holding a lone
    surrogate (``"\\ud800"`` in the JSON: no character, and not writable as UTF-8), as
    (the top-level field it is under, the surrogate); None where there is none."""
    for key, value in record.items():
        todo: list[Any] = [key, value]
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                m = _SURROGATE.search(item)
                if m is not None:
                    return (
                        f'"{key[:50]}"' if _SURROGATE.search(key) is None else "a key"
                    ), m.group()
            elif isinstance(item, dict):
                todo.extend(item.keys())
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item)
    return None


def _string(record: dict[str, Any], key: str, where: str) -> str | None:
    """``record[key]`` as a non-blank string, None where absent, null or blank."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(where, f'"{key}" must be a string, not {_kind(value)}')
    return value.strip() or None


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    m = _ISO_DATE.match(value.strip()) if isinstance(value, str) else None
    try:
        if m:
            return date.fromisoformat(m.group(1))
    except ValueError:
        pass
    raise InputError(where, f"bad date {value!r}: expected an ISO date (YYYY-MM-DD)")


def _office(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return jurisdiction(value).usps
        except KeyError:
            pass
    raise InputError(where, f"bad office {value!r}: expected a USPS code such as 'MN'")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )
