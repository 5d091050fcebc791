"""Every regular expression that reads release text runs in time linear in the text.

Each pattern of the modules that read a release's text is searched through 1 MB of
adversarial text within a time budget: one long word, runs of digits, blanks and
punctuation, initials, capitalised words, e-mail look-alikes, quotes, dates, and text
made of the pattern's own characters and words (each character a quantifier loops
over, repeated; long runs of it after each of the pattern's words, ended by a character
nothing expects). A test reads the modules' source to make sure no pattern escapes the
sweep. And a whole release of 1 MB made of the worst of these inputs is built within
20 s (5-8 s on the 2-core machines the tests run on; such inputs once took minutes).

Each measurement runs in a forked child that is killed at its deadline: Python's
engine does not stop for a signal, and a super-linear pattern would take hours.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import multiprocessing as mp
import pkgutil
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

import aglod.dates
import aglod.extraction
import aglod.extraction.bodies
import aglod.extraction.lines
import aglod.extraction.people
import aglod.extraction.places
import aglod.extraction.targets
import aglod.extraction.topics
import aglod.rdf.identifiers
import aglod.sources.html
import aglod.sources.pagemeta
from aglod.cli import main

pytestmark = pytest.mark.slow  # sweeps every pattern over 1 MB of adversarial text

_c = re._constants  # type: ignore[attr-defined]

MB = 1_000_000
# Seconds for one search through 1 MB. A linear pattern takes 0.01-1.6 s on the
# 2-core machines the tests run on (a long alternation tried at each word's start is
# the slowest), and up to twice that while other work shares the machine; a
# quadratic pattern takes minutes to hours on 1 MB (the e-mail pattern: ~30 min).
BUDGET = 4.0

# The modules whose patterns run on release text (or on a page's text and metadata):
# every module of the extraction, found rather than listed so that a new one is covered.
MODULES: tuple[ModuleType, ...] = (
    aglod.dates,
    aglod.rdf.identifiers,
    aglod.sources.pagemeta,
    aglod.sources.html,
    aglod.extraction,
    *(
        importlib.import_module(f"aglod.extraction.{m.name}")
        for m in pkgutil.iter_modules(aglod.extraction.__path__)
    ),
)
# Patterns built on first use from the gazetteer and the topic scheme.
BUILDERS: dict[str, Callable[[], object]] = {
    "extraction._demonym_re": aglod.extraction._demonym_re,
    "people._titled_re": aglod.extraction.people._titled_re,
    "people._appositive_re": aglod.extraction.people._appositive_re,
    "people._of_state_re": aglod.extraction.people._of_state_re,
    "places._mention_re": aglod.extraction.places._mention_re,
    "targets._names_with_and": aglod.extraction.targets._names_with_and,
    "bodies._alias_pattern": lambda: [
        aglod.extraction.bodies._alias_pattern(strict) for strict in (True, False)
    ],
    "topics": lambda: [t.pattern for t in aglod.extraction.topics.topics()],
}
# Functions that build a pattern from text at run time, and why it stays linear: each
# is a literal, escaped, between look-arounds (no quantifier runs over the text).
DYNAMIC = {
    "aglod.extraction.people._confirm_in_body": "a name's words, escaped",
    "aglod.extraction.targets._resolve": "a family name, escaped",
}


def _patterns_in(value: object) -> Iterator[re.Pattern[str]]:
    """The compiled patterns in a value: itself, or inside a list, tuple or dict."""
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _patterns_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item)


def collect() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern of ``MODULES`` (module-level, also in lists, tuples and
    dicts) and of ``BUILDERS``, by a readable name."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[tuple[str, int]] = set()

    def add(name: str, values: object) -> None:
        for i, rx in enumerate(_patterns_in(values)):
            if isinstance(rx.pattern, str) and (rx.pattern, rx.flags) not in seen:
                seen.add((rx.pattern, rx.flags))
                found[name if i == 0 else f"{name}[{i}]"] = rx

    for module in MODULES:
        short = module.__name__.removeprefix("aglod.")
        for attr, value in sorted(vars(module).items()):
            add(f"{short}.{attr}", value)
    for name, builder in BUILDERS.items():
        add(name, builder())
    return found


PATTERNS = collect()


# -- adversarial inputs ---------------------------------------------------------------


def _repeat(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


COMMON: dict[str, str] = {
    "a long word": _repeat("a"),
    "a long capitalised word": "A" + _repeat("b", MB - 2) + "!",
    "a long word of capitals": _repeat("A"),
    "digits": _repeat("1"),
    "spaces": _repeat(" "),
    "newlines": _repeat("\n"),
    "punctuation": _repeat(".,;:-–—()'’\"“”!?/#&@"),
    "initials": _repeat("A. "),
    "capitalised words": _repeat("Abc "),
    "e-mail look-alikes": _repeat("a@a.a"),
    "nested quotes": _repeat("“‘\"'("),
    "dates": _repeat("June 19, 2018 "),
    "numbers": _repeat("1 "),
    "titles and states": _repeat("Attorney General New Mexico, New York and "),
}
SEGMENTS = 32  # runs of 1/32 MB (a quadratic pattern takes seconds on one of them)
END = "\x00"  # ends a run: a character no pattern expects


def _kind(ch: str) -> str:
    """A character standing for its kind: a space, a lower-case letter, a capital, a
    digit; punctuation stands for itself."""
    for test, rep in ((str.isspace, " "), (str.islower, "b"), (str.isupper, "B")):
        if test(ch):
            return rep
    return "1" if ch.isdigit() else ch


def _kinds(chars: set[str]) -> set[str]:
    out = {_kind(ch) for ch in chars}
    return out | {"\n"} if " " in out else out


_CATEGORIES = {
    _c.CATEGORY_DIGIT: "1",
    _c.CATEGORY_SPACE: " \n",
    _c.CATEGORY_WORD: "aA1_",
    _c.CATEGORY_NOT_DIGIT: "a .",
    _c.CATEGORY_NOT_SPACE: "aA1.",
    _c.CATEGORY_NOT_WORD: " .",
}


def _subpatterns(op: object, arg: object) -> list[object]:
    """The nested sequences of one parsed node."""
    c = _c
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [arg[2]]  # type: ignore[index]
    if op is c.SUBPATTERN:
        return [arg[3]]  # type: ignore[index]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [arg[1]]  # type: ignore[index]
    if op is c.ATOMIC_GROUP:
        return [arg]
    if op is c.BRANCH:
        return list(arg[1])  # type: ignore[index]
    if op is c.GROUPREF_EXISTS:
        return [a for a in arg[1:] if a is not None]  # type: ignore[index]
    return []


def _characters(op: object, arg: object) -> set[str]:
    """Characters one parsed node matches: itself, samples of a set or category."""
    if op is _c.LITERAL:
        return {chr(arg)}  # type: ignore[arg-type]
    if op is _c.CATEGORY:
        return set(_CATEGORIES.get(arg, ""))
    if op in (_c.NOT_LITERAL, _c.ANY):
        return set("aA1 .")
    out: set[str] = set()
    if op is _c.IN:
        for iop, iarg in arg:  # type: ignore[attr-defined]
            if iop is _c.LITERAL:
                out.add(chr(iarg))
            elif iop is _c.RANGE:
                out |= {chr(iarg[0]), chr(iarg[1])}
            elif iop is _c.CATEGORY:
                out |= set(_CATEGORIES.get(iarg, ""))
            elif iop is _c.NEGATE:
                out |= set("aA1 .")
    return out


def pattern_alphabet(rx: re.Pattern[str]) -> tuple[set[str], set[str], set[str]]:
    """(characters, looped, words) of a pattern: the kinds of character it names, the
    kinds its quantifiers loop over, and its runs of literal characters (in three
    cases where it ignores case)."""
    chars: set[str] = set()
    looped: set[str] = set()
    words: set[str] = set()

    def walk(seq: object, in_loop: bool) -> None:
        word = ""
        for op, arg in seq:  # type: ignore[attr-defined]
            word = word + chr(arg) if op is _c.LITERAL else word
            if op is not _c.LITERAL:
                words.add(word)
                word = ""
            found = _characters(op, arg)
            chars.update(found)
            if in_loop:
                looped.update(found)
            loops = op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and arg[1] > 1
            for sub in _subpatterns(op, arg):
                walk(sub, in_loop or loops)
        words.add(word)

    walk(re._parser.parse(rx.pattern, rx.flags), False)  # type: ignore[attr-defined]
    words = {w for w in words if len(w) > 1}
    if rx.flags & re.IGNORECASE:
        words |= {w.capitalize() for w in words} | {w.upper() for w in words}
    return _kinds(chars), _kinds(looped), words


def inputs_for(name: str, rx: re.Pattern[str]) -> dict[str, str]:
    """The common inputs, and inputs made of the pattern's own characters and words:
    each character a quantifier loops over, repeated; runs of it after each of the
    pattern's words and characters (where a quantifier loops only after a prefix),
    each ended by a character nothing expects; and a random mix of its characters and
    words."""
    chars, looped, words = pattern_alphabet(rx)
    out = dict(COMMON)
    rnd = random.Random(name)
    prefixes = ["", *sorted(chars)]
    prefixes += rnd.sample(sorted(words), max(0, min(len(words), SEGMENTS - len(prefixes))))
    for ch in sorted(looped):
        out[f"{ch!r} repeated"] = _repeat(ch)
        run = ch * (MB // len(prefixes) - 10)
        out[f"runs of {ch!r} after each of {len(prefixes)} prefixes"] = "".join(
            p + run + END + "\n" for p in prefixes
        )
    alphabet = sorted(chars) or ["a"]
    glue = rnd.choices((" ", " ", "", "\n", ", "), k=MB // 4)
    tokens = rnd.choices(sorted(words) + alphabet, k=MB // 4)
    out["its words, mixed"] = "".join(t + g for t, g in zip(tokens, glue, strict=True))[:MB]
    unique: dict[str, str] = {}
    for what, text in out.items():
        if text not in unique.values():
            unique[what] = text
    return unique


def anchored(rx: re.Pattern[str]) -> bool:
    """Does the pattern match only at the start of its text (``^`` without MULTILINE)?
    Such a pattern is matched on one line at a time, so it is timed on each line."""
    parsed = re._parser.parse(rx.pattern, rx.flags)  # type: ignore[attr-defined]
    first = parsed[0] if len(parsed) else None
    return (
        first is not None
        and first[0] is _c.AT
        and first[1] in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
        and not rx.flags & re.MULTILINE
    )


# -- timing in a child ------------------------------------------------------------


def _scan(rx: re.Pattern[str], texts: list[str], per_line: bool, conn: object) -> None:
    """Search ``rx`` through each text (each line of it, for an anchored pattern),
    sending the seconds each took."""
    for text in texts:
        started = time.perf_counter()
        for part in text.split("\n") if per_line else (text,):
            if part:
                rx.subn("", part)
        conn.send(time.perf_counter() - started)  # type: ignore[attr-defined]


def timed_scans(rx: re.Pattern[str], texts: list[str], limit: float) -> list[float | None]:
    """Seconds ``rx`` takes to search each of ``texts``, None for one that passed
    ``limit`` (the child doing the work is then killed, and another goes on)."""
    ctx = mp.get_context("fork")
    times: list[float | None] = []
    while len(times) < len(texts):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_scan, args=(rx, texts[len(times) :], anchored(rx), child))
        proc.start()
        child.close()
        try:
            while len(times) < len(texts) and parent.poll(limit):
                times.append(float(parent.recv()))
            if len(times) < len(texts):
                times.append(None)
        finally:
            proc.kill()
            proc.join()
            parent.close()
    return times


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_input(name: str) -> None:
    rx = PATTERNS[name]
    inputs = inputs_for(name, rx)
    times = timed_scans(rx, list(inputs.values()), BUDGET)
    slow = [
        f"{what}: {'over ' + str(BUDGET) if took is None else f'{took:.2f}'} s"
        for what, took in zip(inputs, times, strict=True)
        if took is None or took > BUDGET
    ]
    assert not slow, f"{name} ({rx.pattern[:80]!r}) is slow on 1 MB of: " + "; ".join(slow)


def test_the_sweep_finds_the_patterns_it_must() -> None:
    """The known patterns are swept, among them the e-mail pattern that was quadratic,
    and the gazetteer's and topic scheme's built patterns."""
    names = set(PATTERNS)
    swept = {rx.pattern for rx in PATTERNS.values()}
    for rx in (
        aglod.extraction.lines.EMAIL_RE,
        aglod.extraction.lines.NAME_PHONE_RE,
        aglod.extraction.people.NAME_LINE,
    ):
        assert rx.pattern in swept
    assert {"people._titled_re", "places._mention_re", "topics"} <= names
    assert len(aglod.extraction.topics.topics()) > 1
    assert sum(n.startswith("topics") for n in names) == len(aglod.extraction.topics.topics())


def _re_calls_in_functions(module: ModuleType) -> Iterator[tuple[str, ast.Call]]:
    """(qualified function name, call) of every ``re.<function>(...)`` call made in a
    function body of ``module``."""
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "re"
                and call.func.attr != "escape"
            ):
                yield f"{module.__name__}.{node.name}", call


def test_no_pattern_is_built_where_the_sweep_cannot_see_it() -> None:
    """A pattern written in a function body would run on release text untimed: every
    pattern is a module-level constant, a builder in ``BUILDERS``, or a literal built at
    run time and listed in ``DYNAMIC`` (escaped text, no quantifier over the text)."""
    builders = {
        f"{f.__module__}.{f.__name__}" for f in BUILDERS.values() if f.__name__ != "<lambda>"
    }
    builders |= {"aglod.extraction.topics.topics", "aglod.extraction.bodies._alias_pattern"}
    stray = [
        f"{where}: re.{call.func.attr}(...) line {call.lineno}"  # type: ignore[attr-defined]
        for module in MODULES
        for where, call in _re_calls_in_functions(module)
        if where not in builders and where not in DYNAMIC
    ]
    assert not stray, "patterns built in functions, not swept: " + "; ".join(stray)


# -- a whole release ----------------------------------------------------------------

HEAD = (
    "AG Balderas Sues Acme Lending\n\nMarch 3, 2021\n\n"
    "SANTA FE, NM – Attorney General Hector Balderas today filed a lawsuit against Acme "
    "Lending Corp. for deceptive loan practices that harmed thousands of New Mexico "
    "families.\n\n"
)
# Text that made a pattern quadratic (a long word: the e-mail pattern; blanks: the
# patterns read after a name; capitalised lines: name lines and signature blocks; a
# label or end marker followed by blanks), or the pipeline slow.
WORST = {
    "a long word": "a",
    "blanks": " ",
    "capitalised lines": "Abc Def\n",
    "initials": "A. ",
    "e-mail look-alikes": "a@a.a ",
    "names after titles": "Attorney General Abc Def, who led ",
    "signature blocks": "Xavier Becerra\nAttorney General of California\n",
    "contact lines": "Contact:" + " " * 500 + "x\nPat Doe" + " " * 500 + "x\n",
}
# The releases built: the mix, and the inputs that were quadratic on their own.
ALONE = ("a long word", "blanks", "capitalised lines")


def _mixed() -> str:
    """A text of runs of each worst input, and of labels and markers followed by a long
    run of blanks."""
    size = (MB - len(HEAD)) // (len(WORST) + 3) - 10
    runs = [_repeat(unit, size) for unit in WORST.values()]
    runs += ["news" + " " * size + "x", "#" + " " * size + "x", "Contact" + " " * size + "x"]
    return "\n\n".join(runs)


RELEASES = {what: _repeat(WORST[what], MB - len(HEAD) - 10) for what in ALONE}
RELEASES["all of them"] = _mixed()


@pytest.mark.parametrize("what", sorted(RELEASES))
def test_a_release_of_1_mb_of_adversarial_text_is_built_within_20_s(
    tmp_path: Path, what: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (HEAD + RELEASES[what])[: MB - 10] + "\n\n###\n"
    (folder / "release.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(tmp_path / "out"), "--json"]
    )
    seconds = time.perf_counter() - started
    summary = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert (summary["built"], summary["rejected"]) == (1, 0)
    assert seconds < 20, f"{what}: {seconds:.1f} s"
