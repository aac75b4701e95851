"""The engine and the document layer export their names lazily (routedeck.lazy): opening a file
for the editor's first frame loads neither the edit machinery nor the engine's analyses."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import routedeck.document
import routedeck.editor
import routedeck.routing
from routedeck.editor.session import EDITING_MODULES
from routedeck.paths import demo_config_text

PACKAGES = [routedeck.routing, routedeck.document, routedeck.editor]


def type_checking_imports(package: ModuleType) -> dict[str, set[str]]:
    """{module: names} imported under `if TYPE_CHECKING:` in the package's __init__."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text())
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module
                module = statement.module.removeprefix(f"{package.__name__}.")
                found[module] = {alias.name for alias in statement.names}
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_type_checkers_see_the_names_the_package_exports(package: ModuleType) -> None:
    exported = {module: set(names) for module, names in package.EXPORTS.items()}
    assert type_checking_imports(package) == exported


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_every_exported_name_is_the_object_its_module_defines(package: ModuleType) -> None:
    for module, names in package.EXPORTS.items():
        defined = importlib.import_module(f"{package.__name__}.{module}")
        for name in names:
            assert getattr(package, name) is getattr(defined, name), name
    assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError, match="no attribute 'misspelt'"):
        _ = package.misspelt


@pytest.mark.parametrize("package", PACKAGES, ids=lambda package: package.__name__)
def test_no_exported_name_is_also_a_module_of_the_package(package: ModuleType) -> None:
    """Importing a submodule sets the package's attribute of that name to the module: an
    exported function of the same name (`explain` in `explain.py`) would be hidden by it."""
    assert package.__file__ is not None
    modules = {path.stem for path in Path(package.__file__).parent.glob("*.py")}
    assert not modules & set(package.__all__)


OPEN_THEN_EDIT = """
import sys
from pathlib import Path
from routedeck.editor import EditorSession

session = EditorSession(Path(sys.argv[1]), environ={})
session.open()
print(sorted(name for name in sys.modules if name.startswith(("routedeck", "ruamel"))))
session.prepare_editing()  # what the editor does in a thread once the file is on screen
print(sorted(name for name in sys.modules if name.startswith(("routedeck", "ruamel"))))
assert session.move_route(0, 1).changed
"""


def test_opening_a_file_loads_neither_the_edit_machinery_nor_the_analyses_until_asked(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text())
    done = subprocess.run(
        [sys.executable, "-c", OPEN_THEN_EDIT, str(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    on_open, prepared = (set(ast.literal_eval(line)) for line in done.stdout.splitlines())
    assert "routedeck.routing.routes" in on_open
    assert set(EDITING_MODULES) <= prepared
    later = {
        "ruamel.yaml",
        "routedeck.document.comments",
        "routedeck.document.reread",
        "routedeck.document.migration",
        "routedeck.document.diffing",
        "routedeck.editor.operations",
        "routedeck.editor.traffic",
        "routedeck.routing.behaviour",
        "routedeck.routing.diagnostics",
        "routedeck.routing.migration",
        "routedeck.routing.matrix",
    }
    assert not on_open & later
