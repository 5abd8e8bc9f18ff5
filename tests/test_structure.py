"""The package's shape: imports point one way down the data path, no cycles, no module too long."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ui")

#: The data path, lowest first: a module may import from its own layer or a lower one, never a higher one.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "assistant",
        "assistant.settings",
        "assistant.errors",
        "assistant.types",
        "assistant.stats",
        "assistant.text",
        "assistant.fitted",
        "assistant.threads",
    ),
    ("assistant.ingest", "assistant.embedding", "assistant.question", "assistant.feedback_log"),
    ("assistant.records",),
    ("assistant.retrieval",),
    ("assistant.backends",),
    ("assistant.indexing",),
    ("assistant.answer",),
    ("assistant.service", "assistant.holder"),
    ("assistant.api", "assistant.cli", "assistant.evals", "assistant.bench", "ui", "assistant.__main__"),
)


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Project modules ``name`` imports anywhere in its body (lazy imports in functions count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            submodules = {f"{base}.{a.name}" for a in node.names} & known.keys()
            # `from pkg import submodule` imports the submodule; `from pkg import name` imports pkg.
            found.update(submodules or {base})
    return {m for m in found if m in known and m != name}


def _layer(module: str) -> int:
    best, depth = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = i, len(prefix)
    assert best >= 0, f"{module} is in no layer of tests/test_structure.py: place it"
    return best


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def test_every_module_has_a_layer(graph) -> None:
    for module in graph:
        _layer(module)


def test_imports_point_down_the_data_path(graph) -> None:
    upward = sorted(
        f"{m} (layer {_layer(m)}) imports {d} (layer {_layer(d)})"
        for m, deps in graph.items()
        for d in deps
        if _layer(d) > _layer(m)
    )
    assert not upward, "\n".join(upward)


def test_no_import_cycle(graph) -> None:
    """Tarjan's strongly connected components: any with two or more modules is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_walker_sees_a_cycle(tmp_path) -> None:
    """The walker itself: two modules importing each other are found (so the test above can fail)."""
    (tmp_path / "a.py").write_text("from pkg import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from pkg.a import x\n")
    known = {"pkg.a": tmp_path / "a.py", "pkg.b": tmp_path / "b.py"}
    assert _imports("pkg.a", known["pkg.a"], known) == {"pkg.b"}
    assert _imports("pkg.b", known["pkg.b"], known) == {"pkg.a"}


MAX_LINES = 400


def test_no_module_over_400_lines() -> None:
    """Small modules with one responsibility: the package, the UI and the tests alike."""
    long = sorted(
        f"{path.relative_to(ROOT)}: {n} lines"
        for folder in (*PACKAGES, "tests")
        for path in (ROOT / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not long, "\n".join(long)
