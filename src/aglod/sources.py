"""Read inputs into ``Release`` records: decode, repair, normalise newlines.

Plain-text releases (``.txt``) are read here; a folder is walked for them in
sorted order. Errors name the file and say what was wrong.
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
SUPPORTED_SUFFIXES = TEXT_SUFFIXES


@dataclass(frozen=True)
class Rejected:
    """An input that could not be read, and why."""

    source: str
    reason: str


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Mojibake ("â€œ" for “) is repaired with ftfy, newlines become ``\\n``, and NUL
    and other C0 control characters (tab and newline aside) are dropped, so that
    every offset aglod records points into this exact text.
    """
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
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True)
    text = "".join(c for c in text if c >= " " or c in "\n\t")
    if not text.strip():
        raise InputError(source, "the file holds no text")
    return text


def read_text_release(path: Path, source: str | None = None) -> Release:
    """One ``.txt`` release. ``source`` is how it is recorded (default: the path as given)."""
    name = source if source is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from exc
    return Release(source=name, text=decode(data, name), content_hash=content_hash(data))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to read: the files given, and the supported files of each folder, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
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
    """Each input as a ``Release``, or a ``Rejected`` naming the file and the reason."""
    names = source_names or {}
    for path in expand_paths(paths):
        name = names.get(path, str(path))
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield Rejected(name, f"unsupported file type {path.suffix or '(none)'!r}")
            continue
        try:
            yield read_text_release(path, name)
        except InputError as exc:
            yield Rejected(name, exc.reason)
