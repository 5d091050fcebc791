"""The package's shape, checked: modules stay small, imports flow one way, and no
module reaches into another's private names. Read from the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import aglod

PACKAGE = Path(aglod.__file__).resolve().parent
MAX_LINES = 800
STAGES = ("sources", "extraction", "reference", "rdf", "reasoning", "validation")
MACHINERY = ("serialization", "pipeline", "store", "site", "evaluation")


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, name or "", line) for every aglod import, lazy ones too."""
    path, is_package = MODULES[module]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names if a.name.startswith("aglod")]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, is_package, node)
            if target != "aglod" and not target.startswith("aglod."):
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if full in MODULES:
                    found.append((full, "", node.lineno))
                else:
                    found.append((target, alias.name, node.lineno))
    return found


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(m) if t in MODULES and t != m} for m in MODULES}


def test_no_module_is_over_800_lines() -> None:
    long = {
        m: n
        for m, (p, _) in MODULES.items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_cycle() -> None:
    """A package's ``__init__`` is not counted as importing its parent: only real
    edges between modules are, lazy imports inside functions included."""
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append([*stack[stack.index(n) :], n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [
        f"{m}:{line} imports {name} from {target}"
        for m in MODULES
        for target, name, line in _imports(m)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, "\n".join(private)


def test_no_private_attribute_of_another_module_is_read() -> None:
    """``module._name`` where ``module`` is an aglod module imported by name."""
    reads = []
    for m, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.split(".")[-1] for t, n, _ in _imports(m) if not n for n in [t]}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in names
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                reads.append(f"{m}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not reads, "\n".join(reads)


def test_the_tree_has_the_stage_subpackages_and_the_build_machinery() -> None:
    for name in STAGES + MACHINERY:
        assert (PACKAGE / name / "__init__.py").is_file(), name
        assert ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text())), name


def test_stages_do_not_import_the_machinery_that_runs_them() -> None:
    """Sources, extraction, reference data, mapping, reasoning and validation know
    nothing of the build, the store or the site: the arrows point from the machinery
    to the stages."""
    graph = _graph()
    wrong = [
        f"{m} imports {t}"
        for m, targets in graph.items()
        if m.split(".")[1:2] and m.split(".")[1] in STAGES
        for t in targets
        if t.split(".")[1:2] and t.split(".")[1] in ("pipeline", "store", "site", "evaluation")
    ]
    assert not wrong, "\n".join(wrong)
