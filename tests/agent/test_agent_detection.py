"""Finding the installed agent and whether it reads `model.routes` (SPEC §1, issue 13 point 7)."""

import sys
from pathlib import Path

import pytest

from routedeck.agent import find_installed_agent, interpreter_of

WARNING = (
    "the installed hermes-agent {} ignores model.routes: "
    "these routes take effect only on a build with routing support"
)


def test_no_agent_anywhere_is_none(tmp_path: Path) -> None:
    assert find_installed_agent(path=str(tmp_path)) is None


# ------------------------------------------------------------------ importable in-process


def test_an_importable_agent_without_routing_is_warned_about(importable_agent, tmp_path) -> None:
    root = importable_agent(version="0.19.0")
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None
    assert (agent.version, agent.has_routing, agent.interpreter) == ("0.19.0", False, None)
    assert str(root) in agent.location
    assert agent.routes_warning == WARNING.format("0.19.0")
    assert agent.describe().endswith(": ignores model.routes")
    assert "agent.smart_model_routing" not in sys.modules


def test_an_importable_agent_with_apply_route_reads_routes(
    fakes, importable_agent, tmp_path
) -> None:
    importable_agent(version="1.4.0-fork", routing=fakes.FAITHFUL)
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None
    assert (agent.version, agent.has_routing) == ("1.4.0-fork", True)
    assert agent.routes_warning is None
    assert "reads model.routes" in agent.describe()


def test_a_routing_module_without_apply_route_is_no_routing(
    fakes, importable_agent, tmp_path
) -> None:
    importable_agent(routing=fakes.LEGACY)
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None and agent.has_routing is False


def test_a_routing_module_that_fails_to_import_is_unknown(importable_agent, tmp_path) -> None:
    importable_agent(routing="import missing_dependency_of_the_agent\n")
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None and agent.has_routing is None
    assert "ModuleNotFoundError" in (agent.problem or "")
    assert agent.routes_warning is None
    assert "cannot tell whether it reads model.routes" in agent.describe()


def test_the_version_comes_from_the_code_without_importing_it(importable_agent, tmp_path) -> None:
    root = importable_agent(version="2.0.0")
    (root / "hermes_cli" / "__init__.py").write_text(
        '__version__ = "2.0.0"\nraise RuntimeError("importing me has side effects")\n'
    )
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None and agent.version == "2.0.0"


# ------------------------------------------------------------------ `hermes` on PATH


def test_hermes_on_path_without_routing(hermes_on_path) -> None:
    path = hermes_on_path(version="0.19.0")
    agent = find_installed_agent(path=path)
    assert agent is not None
    assert (agent.version, agent.has_routing) == ("0.19.0", False)
    assert agent.interpreter == (sys.executable,)
    assert agent.location == f"`hermes` on PATH: {Path(path) / 'hermes'}"
    assert agent.routes_warning == WARNING.format("0.19.0")


def test_hermes_on_path_with_routing(fakes, hermes_on_path) -> None:
    agent = find_installed_agent(path=hermes_on_path(routing=fakes.FAITHFUL))
    assert agent is not None
    assert (agent.version, agent.has_routing) == ("9.2.0", True)


def test_hermes_whose_interpreter_cannot_import_the_agent(fakes, tmp_path: Path) -> None:
    fakes.write_script(tmp_path / "hermes", f"#!{sys.executable}\n")
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None and agent.has_routing is None
    assert "cannot import hermes_cli" in (agent.problem or "")


def test_a_hanging_interpreter_is_given_up_on(fakes, tmp_path: Path) -> None:
    python = fakes.write_script(tmp_path / "python3", "#!/bin/sh\nsleep 30\n")
    fakes.write_script(tmp_path / "hermes", f"#!{python}\n")
    agent = find_installed_agent(path=str(tmp_path), timeout=0.3)
    assert agent is not None and agent.has_routing is None
    assert "did not answer within 0.3 seconds" in (agent.problem or "")


def test_a_shell_wrapper_is_not_a_python_interpreter(fakes, tmp_path: Path) -> None:
    fakes.write_script(tmp_path / "hermes", '#!/bin/sh\nexec somewhere "$@"\n')
    agent = find_installed_agent(path=str(tmp_path))
    assert agent is not None and agent.has_routing is None
    assert "does not name a Python interpreter" in (agent.problem or "")


# ------------------------------------------------------------------ reading the interpreter


@pytest.mark.parametrize(
    ("first_lines", "expected"),
    [
        ("#!/opt/hermes/venv/bin/python3\n", ("/opt/hermes/venv/bin/python3",)),
        ("#!/usr/bin/python3.12 -sE\n", ("/usr/bin/python3.12", "-sE")),
        (
            "#!/bin/sh\n'''exec' \"/long path/venv/bin/python3\" \"$0\" \"$@\"\n' '''\n",
            ("/long path/venv/bin/python3",),
        ),
    ],
)
def test_the_interpreter_is_read_from_the_shebang(fakes, tmp_path, first_lines, expected) -> None:
    script = fakes.write_script(
        tmp_path / "hermes", first_lines + "from hermes_cli.main import main\n"
    )
    assert interpreter_of(script) == expected


def test_env_shebangs_are_looked_up_on_path(fakes, tmp_path: Path) -> None:
    python = fakes.write_script(tmp_path / "python3", "#!/bin/sh\n")
    for shebang in ("#!/usr/bin/env python3", "#!/usr/bin/env -S python3 -X utf8"):
        script = fakes.write_script(tmp_path / "hermes", shebang + "\n")
        found = interpreter_of(script, path=str(tmp_path))
        assert found is not None and found[0] == str(python)
    assert interpreter_of(script, path=str(tmp_path))[1:] == ("-X", "utf8")


def test_a_symlinked_command_uses_the_python_beside_its_real_file(fakes, tmp_path: Path) -> None:
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    python = fakes.write_script(venv_bin / "python3", "#!/bin/sh\n")
    fakes.write_script(venv_bin / "hermes", "#!/bin/sh\nexec python3 -m hermes_cli.main\n")
    (tmp_path / "hermes").symlink_to(venv_bin / "hermes")
    assert interpreter_of(tmp_path / "hermes") == (str(python),)


def test_a_script_with_no_python_to_find_is_none(fakes, tmp_path: Path) -> None:
    assert interpreter_of(fakes.write_script(tmp_path / "hermes", "echo hi\n")) is None
    assert interpreter_of(tmp_path / "missing") is None
