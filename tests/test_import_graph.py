"""Imports point one way: no cycles between modules, and none up the layers.

The graph is read from the source with ``ast`` (no module is imported or listed by
hand): every ``import`` of a ``roundtable`` module, at module level or inside a
function, except those under ``if TYPE_CHECKING:`` (the models' relationships,
which exist for type checkers only). docs/architecture.md ("Layers") describes the
layers that ``layer_of`` computes from a module's place in the package.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "roundtable"

# docs/architecture.md, "Layers": bottom first.
LAYERS = ("core", "domain", "outputs", "web", "app")
# The application is assembled from these top-level modules; every other one is core.
APP_MODULES = {"__init__", "cli", "models", "demo", "demo_data", "demo_attendance"}
# Top-level modules that answer HTTP requests themselves, and the rule every flush
# runs (public text never holds the Zoom meeting); every other one is core.
WEB_MODULES = {"errors", "health"}
DOMAIN_MODULES = {"public_text"}
# The JSON API is one audience's web layer, as the organizer's and the public pages are.
WEB_PACKAGES = {"api"}
# Calendars are output only. Mail keeps its outbox (models, services: the queue)
# and its limits in the domain layer; writing and sending messages is output.
# The Zoom and webhook queues turn announced changes into external work: outputs too.
OUTPUT_PACKAGES = {"calendar", "zoom", "webhooks"}
# In any package: what its outputs are called, what its web layer is called, and what
# records (models; calendar/changes.py, which raises content versions at each flush).
OUTPUT_NAMES = {"notify", "notices", "compose", "delivery", "organizer"}
WEB_NAMES = {"__init__", "routes", "forms", "pages"}
RECORD_NAMES = {"models", "changes"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "app"
    if len(parts) == 2 and not (ROOT / parts[1]).is_dir():
        name = parts[1]
        if name in APP_MODULES:
            return "app"
        return "web" if name in WEB_MODULES else "domain" if name in DOMAIN_MODULES else "core"
    package, leaf = parts[1], parts[2] if len(parts) > 2 else "__init__"
    if package in WEB_PACKAGES or leaf in WEB_NAMES or leaf.endswith("_routes"):
        return "web"
    if leaf in RECORD_NAMES:
        return "domain"
    if package in OUTPUT_PACKAGES or leaf in OUTPUT_NAMES:
        return "outputs"
    return "domain"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported(node, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The roundtable modules an Import or ImportFrom node loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")[: None if is_package else -1]
            base = base[: len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        # ``from package import module`` loads the module; ``from module import name`` not.
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target
                 for alias in node.names]
    found = []
    for name in names:
        while name not in known and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in known and name.startswith("roundtable"):
            found.append(name)
    return found


def _imports_of(path: Path, module: str, known: set[str]) -> dict[str, int]:
    """{imported module: line} for one file, TYPE_CHECKING blocks left out."""
    found: dict[str, int] = {}
    is_package = path.name == "__init__.py"

    def walk(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    walk_one(other)
                continue
            walk_one(child)

    def walk_one(node):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _imported(node, module, is_package, known):
                if target != module:
                    found.setdefault(target, node.lineno)
        else:
            walk(node)

    walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def import_graph() -> dict[str, dict[str, int]]:
    files = {module_name(p): p for p in ROOT.rglob("*.py")}
    known = set(files)
    return {module: _imports_of(path, module, known) for module, path in files.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


# Known and to be removed, not to be added to: zoom/services.py builds the event form's
# Zoom part (setup_form), which belongs beside the form, in the web layer; the Zoom
# guard reads a meeting's links from zoom/links.py, a record helper that belongs in
# the domain layer rather than beside the Zoom queue.
KNOWN_UPWARD = {("roundtable.zoom.services", "roundtable.zoom.forms"),
                ("roundtable.mail.zoom_guard", "roundtable.zoom.links")}


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    rank = {layer: n for n, layer in enumerate(LAYERS)}
    return sorted(
        f"{module}:{line} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in graph.items()
        for target, line in targets.items()
        if rank[layer_of(target)] > rank[layer_of(module)]
        and (module, target) not in KNOWN_UPWARD
    )


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_the_graph_is_read_from_the_source(graph):
    # A reader that found nothing would pass every check below.
    assert len(graph) > 100
    assert "roundtable.extensions" in graph["roundtable.registration.services"]
    assert "roundtable.registration.models" not in graph["roundtable.events.models"]


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_cycle_finder_finds_one():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_layers_are_computed_from_where_a_module_lives():
    assert layer_of("roundtable.extensions") == "core"
    assert layer_of("roundtable.registration.services") == "domain"
    assert layer_of("roundtable.registration.notify") == "outputs"
    assert layer_of("roundtable.calendar.ics") == "outputs"
    assert layer_of("roundtable.mail.notices") == "outputs"
    assert layer_of("roundtable.mail.services") == "domain"
    assert layer_of("roundtable.calendar.changes") == "domain"
    assert layer_of("roundtable.api.versions") == "web"
    assert layer_of("roundtable.auth.account_routes") == "web"
    assert layer_of("roundtable.events") == "web"
    assert layer_of("roundtable") == "app" and layer_of("roundtable.cli") == "app"


def test_no_import_points_up_a_layer(graph):
    assert upward_imports(graph) == []


def test_the_known_upward_imports_still_exist(graph):
    # Once one is removed, take it off the list so that it cannot come back.
    assert all(target in graph[module] for module, target in KNOWN_UPWARD)
