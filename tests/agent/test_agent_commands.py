"""The commands with an installed agent: its routing support and its own apply_route."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from routedeck.cli import main
from routedeck.document.agent_reading import BROKEN_FILE_STAKE

from .conftest import FAITHFUL, MISREADS_BOOLEANS

ROUTED = "model:\n  default: base\n  routes:\n    - match: { platform: on }\n      model: m-on\n"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return int(code), out, err


@pytest.fixture
def routed(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(ROUTED)
    return path


def test_check_warns_once_when_the_agent_ignores_routes(
    importable_agent: Callable[..., Path], routed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    importable_agent(version="0.19.0")
    code, _, err = run(capsys, "check", routed, routed)
    assert err.count("the installed hermes-agent 0.19.0 ignores model.routes") == 1
    assert code == 0  # what the installed agent supports is not a finding about the file
    assert json.loads(run(capsys, "check", routed, "--json")[1])["agent_warning"].startswith(
        "the installed hermes-agent 0.19.0 ignores"
    )


def test_check_says_nothing_of_the_agent_for_a_file_without_routes(
    importable_agent: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    importable_agent(version="0.19.0")
    plain = tmp_path / "plain.yaml"
    plain.write_text("model: base\n")
    assert "ignores model.routes" not in run(capsys, "check", plain)[2]


def test_simulate_with_the_agents_own_matcher_agrees_or_reports_a_bug(
    importable_agent: Callable[..., Path], routed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    importable_agent(routing=FAITHFUL)
    code, out, err = run(capsys, "simulate", routed, "platform=True", "--matcher", "agent")
    assert code == 0 and "m-on" in out and err == ""


def test_a_disagreement_with_the_agent_is_a_routedeck_bug_with_the_context(
    importable_agent: Callable[..., Path], routed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    importable_agent(routing=MISREADS_BOOLEANS)
    code, _, err = run(capsys, "simulate", routed, "platform=True", "--matcher", "agent")
    assert code == 1
    assert err.startswith("routedeck: routedeck bug: for context {'platform': 'True'}")


def test_check_says_what_a_broken_file_costs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "config.yaml"
    broken.write_text("model:\n  routes: [\n")
    code, _, err = run(capsys, "check", broken)
    assert code == 2
    assert len(err.splitlines()) == 1 and BROKEN_FILE_STAKE in err


def test_the_editor_session_warns_about_an_agent_that_ignores_routes(
    importable_agent: Callable[..., Path], routed: Path
) -> None:
    from routedeck.editor import EditorSession

    importable_agent(version="0.19.0")
    session = EditorSession(routed, environ={})
    session.open()
    assert session.routes_warning is None  # not looked for yet
    session.find_agent()
    assert (session.routes_warning or "").startswith("the installed hermes-agent 0.19.0 ignores")
    assert session.ask_agent({"platform": "True"}) is None  # an agent without routing: no check


def test_the_editor_session_asks_the_agents_own_apply_route(
    importable_agent: Callable[..., Path], routed: Path
) -> None:
    from routedeck.editor import EditorSession

    importable_agent(routing=MISREADS_BOOLEANS)
    session = EditorSession(routed, environ={})
    session.open()
    session.find_agent()
    assert session.routes_warning is None
    assert session.ask_agent({"platform": "cli"}) is None
    disagreement = session.ask_agent({"platform": "True"})
    assert disagreement is not None and "routedeck bug" in disagreement.describe()
    session.close()
