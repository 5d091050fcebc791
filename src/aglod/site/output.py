"""The site folder, written atomically: every file goes into a temporary folder beside
the target, which replaces the target only once complete. Until then (and after a
crash) the previous site stays as it was."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import UsageError

MARKER = ".aglod-site"
_CHUNK = 1 << 20


class SiteWriter:
    """Files written under a temporary folder, renamed into place by ``commit()``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        _check_target(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        os.chmod(self.tmp, 0o755)
        self.files = 0
        self._dirs: set[Path] = {self.tmp}

    def _target(self, path: str) -> Path:
        target = self.tmp / path
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        self.files += 1
        return target

    def write(self, path: str, data: bytes) -> None:
        self._target(path).write_bytes(data)

    def copy(self, path: str, source: Path) -> int:
        """Copy ``source`` to ``path``; its size."""
        target = self._target(path)
        shutil.copyfile(source, target)
        return target.stat().st_size

    def gzip(self, path: str, source: Path) -> int:
        """``source`` gzipped to ``path`` (no name or time in the header, so the bytes
        depend on the content only); the compressed size."""
        target = self._target(path)
        with (
            source.open("rb") as src,
            target.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
        ):
            while chunk := src.read(_CHUNK):
                gz.write(chunk)
        return target.stat().st_size

    def gunzip(self, path: str, source: Path) -> int:
        """``source``, a gzip file, uncompressed to ``path``; the uncompressed size."""
        target = self._target(path)
        with gzip.open(source, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
        return target.stat().st_size

    def commit(self) -> None:
        """Swap the new site in, then remove the old one."""
        self.write(MARKER, b"aglod site\n")
        old: Path | None = None
        if self.out.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".old", dir=self.out.parent)
            )
            os.replace(self.out, old / "site")
        os.replace(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tmp.exists():
            self.abort()


def _check_target(out: Path) -> None:
    """Refuse to replace a folder that is not a site aglod wrote."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"{out} exists and is not a site `aglod publish` wrote (no {MARKER} in it): "
            "choose another --out, or empty it first"
        )
