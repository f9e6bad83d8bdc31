"""The shape of the code, as CONTRIBUTING.md describes it: no import cycles, and each layer
importing only the layers below it. Function-level and type-checking imports count too."""

from __future__ import annotations

import grimp
import pytest

PACKAGE = "detainer_tui"

LAYERS = (
    "detainer_tui.cli",
    "detainer_tui.manage",
    "detainer_tui.explorer",
    "detainer_tui.dataset",
    "detainer_tui.store",
    "detainer_tui.ingest",
)
"""Highest first: a layer may import those after it, never those before it."""

FOUNDATION = (
    "detainer_tui.config",
    "detainer_tui.console",
    "detainer_tui.errors",
    "detainer_tui.export",
    "detainer_tui.files",
    "detainer_tui.formats",
    "detainer_tui.paths",
    "detainer_tui.postal",
    "detainer_tui.ranking",
    "detainer_tui.report",
    "detainer_tui.schema",
    "detainer_tui.text",
)
"""Modules every layer may use; they use no layer."""


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)


def ours(graph: grimp.ImportGraph) -> list[str]:
    return sorted(m for m in graph.modules if m == PACKAGE or m.startswith(f"{PACKAGE}."))


def test_there_is_no_import_cycle(graph: grimp.ImportGraph) -> None:
    cycles = []
    for importer in ours(graph):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if not imported.startswith(f"{PACKAGE}."):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.append(" -> ".join((importer, *back)))
    assert cycles == []


def test_each_layer_imports_only_the_layers_below_it(graph: grimp.ImportGraph) -> None:
    illegal = graph.find_illegal_dependencies_for_layers(layers=LAYERS)
    assert sorted(f"{d.importer} imports {d.imported}" for d in illegal) == []


def test_the_foundation_uses_no_layer(graph: grimp.ImportGraph) -> None:
    assert set(FOUNDATION) | set(LAYERS) | {PACKAGE, f"{PACKAGE}.__main__"} >= {
        m for m in ours(graph) if m.count(".") == 1
    }, "a new top-level module belongs in LAYERS or FOUNDATION"
    uses = [
        (module, layer)
        for module in FOUNDATION
        for layer in LAYERS
        if graph.chain_exists(importer=module, imported=layer, as_packages=True)
    ]
    assert uses == []


@pytest.mark.parametrize(
    "module", ["detainer_tui.dataset", "detainer_tui.store", PACKAGE + ".ingest"]
)
def test_the_layers_below_the_explorer_know_nothing_of_terminals(
    graph: grimp.ImportGraph, module: str
) -> None:
    assert not graph.chain_exists(importer=module, imported="textual", as_packages=True)
