"""Read inputs into ``Release`` records: decode, repair, normalise newlines.

Plain-text releases (``.txt``) are read here, office HTML pages (``.html``, ``.htm``,
``.asp``) by ``aglod.html`` and JSON Lines feeds (``.jsonl``, or ``-`` for standard
input) by ``aglod.feeds``; a folder is walked for all of them in sorted order. Errors
name the file (and the feed line) and say what was wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy

from .errors import InputError
from .records import Release

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".asp")
FEED_SUFFIXES = (".jsonl",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
STDIN = Path("-")  # a JSON Lines feed read from standard input


@dataclass(frozen=True)
class Rejected:
    """An input that could not be read, and why."""

    source: str
    reason: str


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252,
    then ``repair``ed."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if text.count("\x00") > len(text) // 10:
        raise InputError(source, "the file is binary, not text")
    return repair(text, source)


def repair(text: str, source: str) -> str:
    """Mojibake ("â€œ" for “) repaired with ftfy, newlines as ``\\n``, NUL and other
    C0 control characters (tab and newline aside) dropped, so that every offset aglod
    records points into this exact text."""
    text = _fix_text(text)
    text = "".join(c for c in text if c >= " " or c in "\n\t")
    if not text.strip():
        raise InputError(source, "the file holds no text")
    return text


_FTFY = ftfy.TextFixerConfig(
    explain=False, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True
)


def _fix_text(text: str) -> str:
    """``ftfy.fix_text`` with this configuration, line by line as ftfy works, passing
    over the plain ASCII lines it would leave as they are (most of a web page)."""
    config = _FTFY
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        line = text[pos:end]
        if config.unescape_html == "auto" and "<" in line:
            config = config._replace(unescape_html=False)  # ftfy's rule: markup from here on
        body = line[:-2] + "\n" if line.endswith("\r\n") else line  # what ftfy makes of CRLF
        plain = body.isascii() and "\r" not in body and "\x1b" not in body
        if plain and ("&" not in body or config.unescape_html is False):
            out.append(body)
        else:
            out.append(ftfy.fix_and_explain(line, config)[0])
        pos = end
    return "".join(out)


def read_text_release(path: Path, source: str | None = None) -> Release:
    """One ``.txt`` release. ``source`` is how it is recorded (default: the path as given)."""
    name = source if source is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from exc
    return Release(source=name, text=decode(data, name), content_hash=content_hash(data))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to read: the files given, and the supported files of each folder, sorted;
    ``-`` (standard input) as given."""
    out: list[Path] = []
    for path in paths:
        if path == STDIN:
            out.append(path)
        elif path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not p.name.startswith(".")
                )
            )
        elif path.exists():
            out.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return out


def read_releases(
    paths: Iterable[Path], *, source_names: dict[Path, str] | None = None
) -> Iterator[Release | Rejected]:
    """Each input as a ``Release``, or a ``Rejected`` naming the file (for a feed, the
    file and line) and the reason. A feed gives one item per non-blank line."""
    # The readers of pages and feeds build on decode() and repair() above.
    from .feeds import read_feed

    names = source_names or {}
    for path in expand_paths(paths):
        name = names.get(path, "<stdin>" if path == STDIN else str(path))
        suffix = path.suffix.lower()
        if path == STDIN or suffix in FEED_SUFFIXES:
            yield from read_feed(path, name)
            continue
        yield read_file(path, name)


def read_file(path: Path, name: str) -> Release | Rejected:
    """One file that is not a feed, as a ``Release`` or a ``Rejected``."""
    from .html import read_html_release

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or suffix in FEED_SUFFIXES:
        return Rejected(name, f"unsupported file type {path.suffix or '(none)'!r}")
    try:
        if suffix in HTML_SUFFIXES:
            return read_html_release(path, name)
        return read_text_release(path, name)
    except InputError as exc:
        return Rejected(name, exc.reason)
