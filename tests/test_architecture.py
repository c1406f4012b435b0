"""The shape of the code, checked: which project module may import which.

Reads every module's imports with ``ast`` (nothing is imported or run) and fails,
naming the offending modules, when

* a module of the ground floor (``crawler/text/``) imports anything of the project
  outside ``crawler/text/``;
* a module of ``crawler/`` imports ``pipelines/`` (the pipelines are thin Scrapy
  adapters over ``crawler/``, never the other way round);
* project modules import each other in a cycle.

Every import counts, also one inside a function: an import moved into a function to
dodge a cycle at start-up is still a cycle in the design. (A module-level connection
registry is not checked here: it is a pattern of code, not an import.)
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The project's importable top-level packages (the Datasette plugins are loaded by
# path and import the project; they are checked like any other importer).
PACKAGES = ("crawler", "pipelines", "bench", "tools", "tests")
PLUGINS = "datasette/plugins"
GROUND_FLOOR = "crawler.text"


def module_name(path: Path, root: Path) -> str:
    """``crawler/text/dates.py`` -> ``crawler.text.dates``; ``pkg/__init__.py`` -> ``pkg``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, packages: Iterable[str] = PACKAGES, plugins: str = PLUGINS) -> dict[str, Path]:
    """Every project module by dotted name (plugins by their path-like name)."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = path
    for path in sorted((root / plugins).glob("*.py")):
        modules[module_name(path, root)] = path
    return modules


def imported_names(path: Path, name: str) -> Iterator[str]:
    """Every dotted name ``path`` imports, relative imports resolved:
    ``from a.b import c`` yields ``a.b.c`` (a module or a name in ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                yield f"{source}.{alias.name}"


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (the longest existing prefix of each
    imported name: ``crawler.text.arabic.normalize`` is ``crawler.text.arabic``)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for imported in imported_names(path, name):
            parts = imported.split(".")
            while parts and ".".join(parts) not in modules:
                parts.pop()
            if parts and ".".join(parts) != name:
                targets.add(".".join(parts))
        graph[name] = targets
    return graph


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def ground_floor_violations(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if within(module, GROUND_FLOOR)
        for target in targets
        if not within(target, GROUND_FLOOR)
    )


def upward_violations(graph: dict[str, set[str]], lower: str = "crawler", upper: str = "pipelines") -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if within(module, lower)
        for target in targets
        if within(target, upper)
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(project_modules(ROOT))


def test_the_scan_sees_the_project(graph: dict[str, set[str]]) -> None:
    assert "crawler.text.arabic" in graph and "pipelines" in graph, sorted(graph)[:20]
    assert "datasette.plugins.arabic_search" in graph
    assert "crawler.text.arabic" in graph["crawler.text.dates"]
    assert {"crawler.search", "crawler.text.arabic"} <= graph["datasette.plugins.arabic_search"]


def test_the_ground_floor_imports_nothing_above_it(graph: dict[str, set[str]]) -> None:
    offenders = ground_floor_violations(graph)
    assert not offenders, "crawler/text/ must import nothing of the project above it:\n" + "\n".join(offenders)


def test_crawler_never_imports_pipelines(graph: dict[str, set[str]]) -> None:
    offenders = upward_violations(graph)
    assert not offenders, "crawler/ must not import pipelines/:\n" + "\n".join(offenders)


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    assert not found, "modules that import each other in a cycle:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_tests_take_helpers_from_tests_support(graph: dict[str, set[str]]) -> None:
    """conftest.py holds fixtures only and a test module is never a library: helpers are
    imported from tests/support/."""
    offenders = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if target == "tests.conftest" or target.startswith("tests.test_")
    )
    assert not offenders, "import helpers from tests/support/ instead:\n" + "\n".join(offenders)


# The checks themselves, on a small made-up project: each rule can fail, and names names.


def write_project(root: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return import_graph(project_modules(root))


def test_checks_name_each_kind_of_offender(tmp_path: Path) -> None:
    graph = write_project(
        tmp_path,
        {
            "crawler/__init__.py": "",
            "crawler/text/__init__.py": "",
            "crawler/text/dates.py": "from . import arabic\nfrom crawler.settings import TZ\n",
            "crawler/text/arabic.py": "import re\n",
            "crawler/settings.py": "TZ = 1\n",
            "crawler/a.py": "def late():\n    from crawler import b\n",
            "crawler/b.py": "import crawler.c\n",
            "crawler/c.py": "from .a import late\nfrom pipelines.store import Store\n",
            "pipelines/__init__.py": "",
            "pipelines/store.py": "from crawler.text.arabic import normalize\n",
        },
    )
    assert graph["crawler.text.dates"] == {"crawler.text.arabic", "crawler.settings"}
    assert ground_floor_violations(graph) == ["crawler.text.dates imports crawler.settings"]
    assert upward_violations(graph) == ["crawler.c imports pipelines.store"]
    assert cycles(graph) == [["crawler.a", "crawler.b", "crawler.c"]]


def test_checks_pass_a_clean_project(tmp_path: Path) -> None:
    graph = write_project(
        tmp_path,
        {
            "crawler/__init__.py": "",
            "crawler/text/__init__.py": "",
            "crawler/text/arabic.py": "import numpy\n",
            "crawler/spider.py": "from crawler.text import arabic\n",
            "pipelines/__init__.py": "from crawler.spider import x\n",
        },
    )
    assert graph["crawler.spider"] == {"crawler.text.arabic"}
    assert (ground_floor_violations(graph), upward_violations(graph), cycles(graph)) == ([], [], [])
