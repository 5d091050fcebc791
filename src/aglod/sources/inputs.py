"""Read inputs into ``Release`` records: decode, repair, normalise newlines.

Plain-text releases (``.txt``) are read here, office HTML pages (``.html``, ``.htm``,
``.asp``) by ``aglod.sources.html`` and JSON Lines feeds (``.jsonl``, or ``-`` for standard
input) by ``aglod.sources.feeds``; a folder is walked for all of them in sorted order. Errors
name the file (and the feed line) and say what was wrong.

Limits, so that one odd input cannot stall a batch or exhaust memory: a file (or a
feed line) over ``MAX_INPUT_BYTES`` (5 MiB) is rejected without being read, and a
release whose text (decoded, or rendered from a page) is over ``MAX_TEXT_CHARS``
(1,000,000 characters, some 150,000 words; press releases run to a few thousand)
is rejected before it is repaired or parsed. What is not a regular file (a device,
a pipe) is rejected unread too. Binary files (PDF, images, archives, random bytes)
are recognised and rejected rather than read as cp1252.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

import ftfy
import pyoxigraph as ox

from ..errors import InputError
from ..records import Release

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".asp")
FEED_SUFFIXES = (".jsonl",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
STDIN = Path("-")  # a JSON Lines feed read from standard input
MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000


# A reject whose reason starts with this is aglod's fault (a bug), not the input's.
INTERNAL = "internal error"
_REASON_MAX = 500


@dataclass(frozen=True)
class Rejected:
    """An input that could not be read, and why: a one-line reason (line breaks and
    other control characters become spaces; cut at 500 characters)."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", one_line(self.reason, _REASON_MAX))


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on one line: control characters as spaces, runs of spaces folded;
    cut at ``limit`` characters with "…"."""
    folded = " ".join("".join(c if c >= " " and c != "\x7f" else " " for c in text).split())
    if limit is not None and len(folded) > limit:
        return folded[: limit - 1] + "…"
    return folded


_IRI_FORBIDDEN = frozenset('<>"{}|\\^`')


def web_address(value: str) -> str | None:
    """``value`` if it is an absolute http(s) address that is also a valid IRI (a host;
    no spaces, control characters or ``<>"{}|\\^```), else None. Other blanks inside it
    (a no-break space) are percent-encoded, as browsers do: every RDF parser then reads
    the IRI (rdflib's N-Triples parser stops at a no-break space). Addresses from pages
    and feeds become IRIs (``schema:url``) only through this check."""
    url = value.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    if any(c <= " " or "\x7f" <= c <= "\x9f" or c in _IRI_FORBIDDEN for c in url):
        return None
    url = "".join(quote(c) if c.isspace() else c for c in url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    try:
        ox.NamedNode(url)  # Oxigraph's IRI parser: what the dataset files are written with
    except ValueError:
        return None
    return url


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def decode(data: bytes, source: str, max_chars: int | None = MAX_TEXT_CHARS) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (with BOM, or plainly
    UTF-16 by its zero bytes), else cp1252; then ``repair``ed. Rejects (``InputError``)
    empty and binary data, and text over ``max_chars`` characters (checked before the
    repair, the costly step; ``None``: no limit, for markup)."""
    if not data.strip():
        raise InputError(source, "the file is empty")
    kind = _magic(data)
    if kind is not None:
        raise InputError(source, f"the file is binary ({kind}), not text")
    text, strict = _to_text(data)
    if _looks_binary(text, strict):
        raise InputError(source, "the file is binary, not text")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(source, too_long(len(text), max_chars))
    return repair(text, source)


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)


def _magic(data: bytes) -> str | None:
    """What a binary file is, from its first bytes; None for anything else."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _to_text(data: bytes) -> tuple[str, bool]:
    """The text of ``data``, and whether it was valid in the encoding chosen (UTF-8 or
    UTF-16) rather than read as cp1252, which any bytes are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), True
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), True
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), False


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" where ``data`` is plainly UTF-16 text without a BOM
    (mostly ASCII, so every other byte is zero)."""
    head = data[:4096]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str, strict: bool) -> bool:
    """Whether decoded text is binary data: NUL and other control characters (tab,
    newline, carriage return and form feed aside), DEL and undecodable bytes make up
    over a quarter of it (valid UTF-8 or UTF-16: a few stray NULs are dropped, not a
    reason to reject), or over a twentieth read as cp1252 (random bytes give some 13%;
    real text hardly any)."""
    sample = text[:65536]
    odd = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f") or c in "\x7f\ufffd")
    return odd > len(sample) * (0.25 if strict else 0.05)


def too_long(chars: int, limit: int) -> str:
    """The reason given for a release text over the limit."""
    return f"the text is {chars:,} characters long, over aglod's limit of {limit:,} for one release"


def check_file(path: Path, name: str, st: os.stat_result | None = None) -> str | None:
    """Why ``path`` cannot be read as one release before reading it (not a regular
    file, an unsupported type, over ``MAX_INPUT_BYTES``), or None. ``st``: its stat,
    when the caller has it."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or suffix in FEED_SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'!r}"
    try:
        st = st or path.stat()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if st.st_size > MAX_INPUT_BYTES:
        return too_big(st.st_size)
    return None


def too_big(size: int, what: str = "the file") -> str:
    """The reason given for a file or feed line over ``MAX_INPUT_BYTES``."""
    return (
        f"{what} is {size / 1024 / 1024:.1f} MiB, over aglod's limit of "
        f"{MAX_INPUT_BYTES // 1024 // 1024} MiB for one release"
    )


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


def read_text_release(path: Path, source: str | None = None, data: bytes | None = None) -> Release:
    """One ``.txt`` release. ``source`` is how it is recorded (default: the path as
    given); ``data`` its bytes, where the caller has read them."""
    name = source if source is not None else str(path)
    if data is None:
        data = read_bytes(path, name)
    return Release(source=name, text=decode(data, name), content_hash=content_hash(data))


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of one release's file, at most ``MAX_INPUT_BYTES`` of them (a file
    that grew past the limit since it was checked is rejected all the same)."""
    with open_input(path, name) as fh:
        try:
            data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(name, f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(name, too_big(path.stat().st_size))
    return data


# Never read, whatever the links that lead there: the kernel's and devices' files.
SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))


def open_input(path: Path, name: str) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file outside ``SYSTEM_FOLDERS``
    (``InputError`` otherwise). Opened without blocking, so that a pipe put in the
    file's place cannot stall the read, and checked on the file opened, not its name."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(name, "not a regular file")
        real = Path(
            os.path.realpath(f"/proc/self/fd/{fd}" if Path("/proc/self/fd").is_dir() else path)
        )
        if _is_system(real):
            raise InputError(name, _system_reason(real))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _is_system(real: Path) -> bool:
    return any(real == top or real.is_relative_to(top) for top in SYSTEM_FOLDERS)


def _system_reason(real: Path) -> str:
    return f"{str(real)[:100]!r} is a file of the system (/proc, /sys, /dev): never read"


def input_problem(path: Path, folder: Path | None, follow_symlinks: bool = False) -> str | None:
    """Why ``path`` may not be read, before it is opened, or None: found in ``folder``
    (None: named on the command line), it must be a regular file; a symbolic link
    that leaves ``folder`` (or, on the command line, any symbolic link) is read only
    with ``follow_symlinks``; nothing under ``SYSTEM_FOLDERS`` is read, even then."""
    try:
        link = path.is_symlink()
        real = Path(os.path.realpath(path))
        if _is_system(real):
            return _system_reason(real)
        if link and not real.exists():
            return "a symbolic link to nothing"
        if link and not follow_symlinks:
            if folder is None:
                return "a symbolic link (--follow-symlinks to read it)"
            if not real.is_relative_to(os.path.realpath(folder)):
                return "a symbolic link to a file outside the input folder (--follow-symlinks to read it)"
        st = real.stat()
    except (OSError, ValueError) as exc:
        return f"cannot be read: {getattr(exc, 'strerror', None) or exc}"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    return None


def _entry_problem(path: Path, folder: Path, plain: bool, follow_symlinks: bool) -> str | None:
    """``input_problem`` of a file found in ``folder``; one ``lstat`` where it is no
    symbolic link and ``plain`` (the folder neither is nor holds a system folder)."""
    if plain:
        try:
            st = os.lstat(path)
        except OSError as exc:
            return f"cannot be read: {exc.strerror or exc}"
        if not stat.S_ISLNK(st.st_mode):
            return None if stat.S_ISREG(st.st_mode) else "not a regular file"
    return input_problem(path, folder, follow_symlinks)


def printable_name(path: Path) -> str:
    """``path`` as text that can be written anywhere: bytes of the name that are not
    UTF-8 as ``\\xff`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _name_problem(path: Path) -> str | None:
    """Why ``path``'s name cannot name a release (it becomes ``dcterms:source``), or None."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not UTF-8 text (rename the file)"
    return None


def expand_paths(paths: Iterable[Path], follow_symlinks: bool = False) -> list[Path | Rejected]:
    """Files to read: the files given, and the supported files of each folder, sorted;
    ``-`` (standard input) as given. What may not be read (``input_problem``: a pipe,
    a symbolic link out of its folder, a file of the system) is a ``Rejected`` in its
    place. Folders reached through symbolic links are not entered."""
    out: list[Path | Rejected] = []
    for path in paths:
        if path == STDIN:
            out.append(path)
        elif path.is_dir():
            found = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not p.name.startswith(".")
                    and (p.is_symlink() or not p.is_dir())
                ),
                key=lambda p: p.parts,  # the order of paths, without their __lt__
            )
            real = Path(os.path.realpath(path))
            # no file below a folder that neither is nor holds a system folder is a
            # system file, unless through a link (rglob enters no linked folder)
            plain = not _is_system(real) and not any(t.is_relative_to(real) for t in SYSTEM_FOLDERS)
            for p in found:
                problem = _name_problem(p) or _entry_problem(p, path, plain, follow_symlinks)
                out.append(p if problem is None else Rejected(printable_name(p), problem))
        elif path.exists() or path.is_symlink():
            problem = _name_problem(path) or input_problem(path, None, follow_symlinks)
            out.append(path if problem is None else Rejected(printable_name(path), problem))
        else:
            raise InputError(str(path), "no such file or folder")
    return out
