"""What an edit does to traffic, and the scenarios beside the config, in an EditorSession."""

from __future__ import annotations

from pathlib import Path

import pytest

from routedeck.document import ChangedOnDiskError
from routedeck.editor import EditorSession
from routedeck.editor.scenarios import ScenariosChangedOnDiskError
from routedeck.paths import demo_config_text

STRANGER = {"platform": "discord", "source_kind": "stranger"}
OWNER_ON_CLI = {"platform": "cli", "source_kind": "owner"}
SCENARIOS = """\
# what must stay true
scenarios:
  - name: owner on the CLI gets the strong model
    context: {platform: cli, source_kind: owner}
    expect:
      route: owner-everywhere
      model: anthropic/claude-opus-4.6
      api_key: ${ANTHROPIC_API_KEY}
  - name: hub peers stay cheap
    context: {platform: hub}
    expect: {model: openrouter/auto}
  - name: a wrong expectation
    context: {platform: telegram}
    expect: {model: gpt-5}
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    return path


@pytest.fixture
def with_scenarios(demo: Path) -> Path:
    demo.with_name("config.scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")
    return demo


def opened(path: Path, environ: dict[str, str] | None = None) -> EditorSession:
    session = EditorSession(path, environ=environ or {})
    session.open()
    return session


def summary(session: EditorSession) -> str:
    assert session.last_change is not None
    return session.last_change.diff().summary()


def results(session: EditorSession) -> list[tuple[str, bool]]:
    assert session.scenario_run is not None
    return [(r.scenario.label, r.passed) for r in session.scenario_run.failures_first()]


def test_each_edit_undo_and_redo_says_what_it_did_to_traffic(demo: Path) -> None:
    session = opened(demo)
    assert session.last_change is None  # a load changes nothing of the user's
    session.move_route(0, 3)  # owner-everywhere below the others: hub-peers wins on the hub
    moved = summary(session)
    assert moved.startswith(
        "2 context classes changed: platform=hub source_kind=owner → openrouter/auto"
    )
    assert session.last_change is not None and session.last_change.revision == session.revision
    session.undo()
    assert summary(session).startswith(
        "2 context classes changed: platform=hub source_kind=owner → anthropic/claude-opus-4.6"
    )
    session.redo()
    assert summary(session) == moved
    route = dict(session.document.routes[1]) if session.document else {}
    session.update_route(1, {**route, "name": "hub-friends"})
    assert summary(session) == "no context changes its result"


def test_the_save_preview_compares_with_the_file_on_disk_not_the_last_edit(demo: Path) -> None:
    session = opened(demo)
    assert session.traffic_since_saved().summary() == "no context changes its result"
    session.move_route(0, 3)
    session.move_route(3, 0)  # back where it was: the text is the same again
    assert session.traffic_since_saved().same
    session.delete_route(1)  # hub-peers
    since = session.traffic_since_saved()
    assert since.summary().startswith("8 context classes changed: platform=hub source_kind=cron")
    session.save()
    assert session.traffic_since_saved().same


def test_scenarios_beside_the_config_run_on_every_edit_undo_and_redo(with_scenarios: Path) -> None:
    session = opened(with_scenarios, {"ANTHROPIC_API_KEY": "sk-ant-secret"})
    assert results(session) == [
        ("a wrong expectation", False),
        ("owner on the CLI gets the strong model", True),  # ${ANTHROPIC_API_KEY} as written
        ("hub peers stay cheap", True),
    ]
    session.delete_route(1)  # hub-peers
    assert ("hub peers stay cheap", False) in results(session)
    session.undo()
    assert ("hub peers stay cheap", True) in results(session)
    session.redo()
    assert ("hub peers stay cheap", False) in results(session)


def test_a_pinned_scenario_is_saved_with_the_config_each_with_a_backup(
    with_scenarios: Path,
) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    session = opened(with_scenarios, {"OPENROUTER_API_KEY": "sk-or-secret"})
    assert session.pin_scenario(STRANGER).applied
    assert session.dirty and not session.document.is_dirty if session.document else False
    assert scenarios_path.read_text() == SCENARIOS  # in memory until saved
    diff = session.scenarios_diff()
    assert "+  - context: {platform: discord, source_kind: stranger}" in diff
    assert "route: discord-strangers" in diff and "sk-or-secret" not in diff
    assert results(session)[-1] == ("platform=discord source_kind=stranger", True)
    session.move_route(3, 0)  # still the winner, first now: passes by name
    saved = session.save()
    assert saved.scenarios_saved and saved.scenarios_backup is not None
    assert saved.scenarios_backup.read_text() == SCENARIOS
    assert saved.config_backup is not None and saved.config_backup.read_text() == demo_config_text()
    written = scenarios_path.read_text()
    assert written.startswith(SCENARIOS) and 'api_key: "${OPENROUTER_API_KEY}"' in written
    assert not session.dirty


def test_pinning_nothing_or_the_same_context_twice_says_why(demo: Path) -> None:
    session = opened(demo)
    refused = session.pin_scenario({}).refused
    assert refused is not None and "the simulator has no context" in refused
    assert session.pin_scenario(OWNER_ON_CLI).applied
    again = session.pin_scenario({"source_kind": "owner", "platform": "cli"}).refused
    assert again is not None and "scenario 1 (platform=cli source_kind=owner) already" in again
    assert not demo.with_name("config.scenarios.yaml").exists()
    session.save()
    assert demo.with_name("config.scenarios.yaml").read_text().startswith("# routedeck scenarios")


def test_a_pin_is_taken_back_until_saved_and_the_file_then_is_as_it_was(
    with_scenarios: Path,
) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    session = opened(with_scenarios)
    assert session.pin_scenario(STRANGER).applied
    assert session.pin_scenario({"platform": "slack"}).applied
    first_pin = session.scenarios.scenarios[3]
    assert session.unpin_scenario(first_pin).applied
    assert [label for label, _ in results(session)][-1] == "platform=slack"
    assert len(results(session)) == 4 and session.dirty
    diff = session.scenarios_diff()
    assert "platform: slack" in diff and "source_kind: stranger" not in diff
    in_the_file = session.scenarios.scenarios[0]
    refused = session.unpin_scenario(in_the_file).refused
    assert refused is not None and "only a scenario pinned since" in refused
    assert session.unpin_scenario(session.scenarios.scenarios[3]).applied
    assert not session.dirty and session.scenarios_diff() == ""
    session.save()
    assert scenarios_path.read_text() == SCENARIOS
    assert not scenarios_path.with_name("config.scenarios.yaml.bak").exists()


def test_an_invalid_scenario_file_shows_its_problems_and_is_never_written(demo: Path) -> None:
    scenarios_path = demo.with_name("config.scenarios.yaml")
    broken = "scenarios:\n  - context: {}\n    expect: {modle: x}\n"
    scenarios_path.write_text(broken, encoding="utf-8")
    session = opened(demo)
    assert session.scenario_run is None
    assert [str(problem).split(": ", 1)[0] for problem in session.scenarios.problems] == [
        f"{scenarios_path}:2:14",
        f"{scenarios_path}:3:14",
    ]
    refused = session.pin_scenario(STRANGER).refused
    assert refused is not None and "has problems" in refused
    session.delete_route(0)
    session.save()
    assert scenarios_path.read_text() == broken
    assert not scenarios_path.with_name("config.scenarios.yaml.bak").exists()
    scenarios_path.write_text("scenarios: []\n", encoding="utf-8")
    assert session.reload_scenarios() is None
    assert session.scenario_run is not None and not session.scenarios.problems


def test_a_scenario_file_changed_on_disk_stops_the_save_before_anything_is_written(
    with_scenarios: Path,
) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    session = opened(with_scenarios)
    session.delete_route(0)
    session.pin_scenario(STRANGER)
    theirs = SCENARIOS + "  - context: {platform: slack}\n    expect: {model: x}\n"
    scenarios_path.write_text(theirs, encoding="utf-8")
    with pytest.raises(ScenariosChangedOnDiskError):
        session.save()
    assert with_scenarios.read_text() == demo_config_text()  # the config was not written either
    assert session.scenarios.reapply() == 1
    session.save()
    written = scenarios_path.read_text()
    assert written.startswith(theirs) and "platform: discord" in written


def test_a_config_changed_on_disk_leaves_the_scenario_file_alone(with_scenarios: Path) -> None:
    scenarios_path = with_scenarios.with_name("config.scenarios.yaml")
    session = opened(with_scenarios)
    session.pin_scenario(STRANGER)
    session.delete_route(0)
    with_scenarios.write_text(demo_config_text() + "# theirs\n", encoding="utf-8")
    with pytest.raises(ChangedOnDiskError):
        session.save()
    assert scenarios_path.read_text() == SCENARIOS
    assert session.dirty
