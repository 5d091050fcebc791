from __future__ import annotations

from pathlib import Path

import pytest

from aglod.errors import InputError
from aglod.sources.inputs import Rejected, decode, read_text_release
from aglod.sources.reading import read_releases


def test_decode_repairs_mojibake_and_newlines() -> None:
    # UTF-8 text once decoded as cp1252 and saved again as UTF-8: "â€œHello,â€\x9d"
    mojibake = "“Hello,” she said.".encode().decode("cp1252", errors="replace")
    text = decode((mojibake + "\r\nNext line").encode("utf-8"), "x.txt")
    assert text.startswith("“Hello,")
    assert "â€" not in text
    assert text.endswith("she said.\nNext line")


def test_decode_reads_utf16_with_bom_and_cp1252() -> None:
    assert decode("Attorney General – Balderas".encode("utf-16"), "a.txt") == (
        "Attorney General – Balderas"
    )
    assert decode("caf\xe9 \x93quoted\x94".encode("latin-1"), "b.txt") == "café “quoted”"


def test_decode_drops_control_characters() -> None:
    assert decode(b"AG\x00 Balderas\x07 joins", "c.txt") == "AG Balderas joins"


@pytest.mark.parametrize(
    "data, reason", [(b"", "empty"), (b"   \n\t", "empty"), (b"\x00" * 50 + b"ab", "binary")]
)
def test_decode_rejects_empty_and_binary(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        decode(data, "bad.txt")
    assert "bad.txt" in str(err.value)
    assert reason in err.value.reason


def test_read_releases_reports_bad_files_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("AG Smith Sues\n\nSanta Fe, NM – Today AG Smith sued.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored: not a release type", "utf-8")
    items = list(read_releases([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Release", "Rejected"]
    rejected = items[1]
    assert isinstance(rejected, Rejected)
    assert rejected.source.endswith("b.txt")
    assert "empty" in rejected.reason


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_releases([tmp_path / "nope.txt"]))


def test_release_keeps_path_as_given_and_hash(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"Headline\n\nBody text here.")
    r = read_text_release(path, "given/r.txt")
    assert r.source == "given/r.txt"
    assert r.content_hash.startswith("sha256:") and len(r.content_hash) == 71


def test_web_addresses_become_iris_every_parser_reads() -> None:
    """A no-break space inside an address from a page is percent-encoded (rdflib's
    N-Triples parser stopped at it); addresses that can be no IRI are refused."""
    from aglod.sources.inputs import web_address

    assert web_address(" https://example.org/a\xa0b ") == "https://example.org/a%C2%A0b"
    assert web_address("https://example.org/caf\xe9") == "https://example.org/caf\xe9"
    for bad in ("https://example.org/a b", "https://example.org/\x85x", "ftp://x.org/", "https://"):
        assert web_address(bad) is None, bad


def _outcomes(found: list[Path | Rejected]) -> dict[str, str | None]:
    return {
        (f.source if isinstance(f, Rejected) else str(f)).rsplit("/", 1)[-1]: (
            f.reason if isinstance(f, Rejected) else None
        )
        for f in found
    }


def test_a_folder_walk_judges_each_entry_as_input_problem_does(tmp_path: Path) -> None:
    """The walk's one-``lstat`` path for plain files gives what ``input_problem`` gives
    for every kind of entry: files, a pipe, links inside and out, a link to nothing."""
    import os

    from aglod.sources.inputs import expand_paths, input_problem, printable_name

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("A release.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Another.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Out.", encoding="utf-8")
    (folder / "out.txt").symlink_to(outside)
    (folder / "in.txt").symlink_to(folder / "a.txt")
    (folder / "none.txt").symlink_to(tmp_path / "missing.txt")
    found = expand_paths([folder])
    expected = {
        printable_name(p).rsplit("/", 1)[-1]: input_problem(p, folder)
        for p in (folder / n for n in ("a.txt", "pipe.txt", "out.txt", "in.txt", "none.txt"))
    }
    expected["b.txt"] = input_problem(folder / "sub" / "b.txt", folder)
    assert _outcomes(found) == expected
    assert expected["a.txt"] is None and expected["pipe.txt"] == "not a regular file"


def test_a_folder_holding_a_system_folder_takes_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aglod.sources import inputs

    system = tmp_path / "in" / "sys"
    system.mkdir(parents=True)
    (system / "x.txt").write_text("Kernel.", encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text("A release.", encoding="utf-8")
    monkeypatch.setattr(inputs, "SYSTEM_FOLDERS", (system.resolve(),))
    outcomes = _outcomes(inputs.expand_paths([tmp_path / "in"]))
    assert outcomes["a.txt"] is None
    assert "file of the system" in str(outcomes["x.txt"])
