"""The scenario file (SPEC §8): problems at FILE:LINE:COL, appends keeping every byte, saves."""

import os
import stat
from io import StringIO
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from ruamel.yaml import YAML

from routedeck.document import (
    ChangedOnDiskError,
    EditError,
    SaveError,
    ScenarioFile,
    ScenarioFileError,
    default_scenarios_path,
)
from routedeck.paths import demo_config_text
from routedeck.routing import Scenario, run_scenarios

DEMO = yaml.safe_load(demo_config_text())["model"]
PIN = Scenario(
    {"platform": "discord", "source_kind": "stranger"},
    {"route": "discord-strangers", "model": "gpt-4.1-mini", "args": ["--x"]},
    "strangers on discord",
)
WRITTEN = """\
# what must stay true
scenarios:
  # the owner
  - name: owner on the CLI gets the strong model
    context: {platform: cli, source_kind: owner}   # the CLI preset
    expect:
      route: owner-everywhere
      model: anthropic/claude-opus-4.6

  - context:
      platform: hub
    expect: {model: openrouter/auto}
"""


def problems(text, path="config.scenarios.yaml"):
    with pytest.raises(ScenarioFileError) as caught:
        ScenarioFile.from_text(text, path)
    return [str(problem) for problem in caught.value.problems]


def test_the_default_path_sits_beside_the_config_named_after_it():
    assert default_scenarios_path("/etc/h/config.yaml") == Path("/etc/h/config.scenarios.yaml")
    assert default_scenarios_path("agent.yml") == Path("agent.scenarios.yml")
    assert default_scenarios_path("/tmp/config") == Path("/tmp/config.scenarios.yaml")


def test_a_written_file_reads_as_scenarios_with_their_positions():
    scenarios = ScenarioFile.from_text(WRITTEN, "s.yaml")
    assert scenarios.scenarios == (
        Scenario(
            {"platform": "cli", "source_kind": "owner"},
            {"route": "owner-everywhere", "model": "anthropic/claude-opus-4.6"},
            "owner on the CLI gets the strong model",
        ),
        Scenario({"platform": "hub"}, {"model": "openrouter/auto"}),
    )
    assert scenarios.location(0) == (4, 5) and scenarios.location(1) == (10, 5)
    assert run_scenarios(DEMO, scenarios.scenarios).passed == 2


def test_merged_scenarios_read_and_report_at_the_item():
    text = (
        "scenarios:\n"
        "  - &owner\n"
        "    context: {platform: cli, source_kind: owner}\n"
        "    expect: {model: anthropic/claude-opus-4.6}\n"
        "  - <<: *owner\n"
        "    expect: {route: owner-everywher}\n"
    )
    scenarios = ScenarioFile.from_text(text, "s.yaml")
    assert scenarios.scenarios[1].context == {"platform": "cli", "source_kind": "owner"}
    (problem,) = scenarios.reference_problems(DEMO)
    assert str(problem).startswith("s.yaml:6:21: route: `owner-everywher` names no route")
    merged_context = text.replace(
        "context: {platform: cli, source_kind: owner}", "context: {a: [1]}"
    )
    assert problems(merged_context, "s.yaml") == [
        "s.yaml:3:18: context a must be a single value, not a list",
        "s.yaml:5:5: context a must be a single value, not a list",
    ]


def test_a_missing_file_is_an_empty_one(tmp_path):
    scenarios = ScenarioFile.load(tmp_path / "config.scenarios.yaml")
    assert scenarios.scenarios == () and not scenarios.exists and not scenarios.is_dirty
    assert ScenarioFile.from_text("# nothing yet\n").scenarios == ()
    assert ScenarioFile.from_text("scenarios:\n").scenarios == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scenarios: [a\n", "config.scenarios.yaml:2:1: not valid YAML: did not find expected"),
        (
            "- a\n",
            "config.scenarios.yaml:1:1: the top level must be a mapping holding `scenarios:`",
        ),
        ("scenarios: {a: 1}\n", ":1:12: `scenarios` must be a list of scenarios, not a mapping"),
        ("scenarios: 3\n", ":1:12: `scenarios` must be a list of scenarios, not a number"),
        (
            "scenario: []\n",
            ":1:1: unknown key `scenario`: the file holds `scenarios:` (did you mean",
        ),
        ("other: 1\n", ":1:1: unknown key `other`: the file holds `scenarios:`"),
        ("scenarios:\n  - hello\n", ":2:5: a scenario must be a mapping with context and expect"),
        (
            "scenarios:\n  - context: {}\n    expect: {model: x}\n",
            ":2:14: `context` is empty: it needs at least one key",
        ),
        (
            "scenarios:\n  - context: cli\n    expect: {model: x}\n",
            ":2:14: `context` must be a mapping such as {platform: cli, source_kind: owner}, "
            "not the text 'cli'",
        ),
        ("scenarios:\n  - expect: {model: x}\n", ":2:5: the scenario has no `context`"),
        ("scenarios:\n  - context: {a: 1}\n", ":2:5: the scenario has no `expect`"),
        ("scenarios:\n  - context: {a: 1}\n    expect:\n", ":3:5: `expect` must be a mapping"),
        (
            "scenarios:\n  - context: {a: 1}\n    expect: {modle: x}\n",
            ":3:14: unknown expect field `modle` (did you mean `model`?)",
        ),
        (
            "scenarios:\n  - context: {a: 1}\n    expect: {args: -v}\n",
            ":3:20: expect args must be a list such as [--flag], not the text '-v'",
        ),
        (
            "scenarios:\n  - context: {a: [1]}\n    expect: {model: x}\n",
            ":2:18: context a must be a single value, not a list",
        ),
        (
            "scenarios:\n  - contxt: {a: 1}\n    context: {a: 1}\n    expect: {model: x}\n",
            ":2:5: unknown scenario key `contxt` (did you mean `context`?)",
        ),
        (
            "scenarios:\n  - context: {a: 1}\n    context: {a: 2}\n    expect: {model: x}\n",
            ":3:5: duplicate key 'context' (first on line 2)",
        ),
    ],
)
def test_every_problem_is_reported_at_its_line_and_column(text, expected):
    found = problems(text)
    assert any(expected in problem for problem in found), found
    assert all(problem.startswith("config.scenarios.yaml:") for problem in found)


def test_all_problems_are_reported_at_once_in_file_order():
    text = (
        "scenarios:\n"
        "  - context: {}\n"
        "    expect: {model: x}\n"
        "  - context: {a: 1}\n"
        "    expect: {provider: [a], modl: y}\n"
    )
    assert [p.split(": ", 1)[0] for p in problems(text)] == [
        "config.scenarios.yaml:2:14",
        "config.scenarios.yaml:5:24",
        "config.scenarios.yaml:5:29",
    ]


def test_route_references_are_checked_against_the_config_at_their_value():
    scenarios = ScenarioFile.from_text(
        WRITTEN.replace("route: owner-everywhere", "route: owner-everywher"), "s.yaml"
    )
    (problem,) = scenarios.reference_problems(DEMO)
    assert str(problem) == (
        "s.yaml:7:14: route: `owner-everywher` names no route (did you mean `owner-everywhere`?)"
    )
    assert ScenarioFile.from_text(WRITTEN).reference_problems(DEMO) == []


def test_an_invalid_file_on_disk_gives_no_object_so_nothing_can_be_written(tmp_path):
    path = tmp_path / "config.scenarios.yaml"
    path.write_text("scenarios: {broken: true}\n")
    with pytest.raises(ScenarioFileError, match="must be a list"):
        ScenarioFile.load(path)
    path.write_bytes(b"scenarios:\n  - context: {a: \xff}\n")
    with pytest.raises(ScenarioFileError) as caught:
        ScenarioFile.load(path)
    assert str(caught.value).startswith(f"{path}:2:")
    assert path.read_bytes() == b"scenarios:\n  - context: {a: \xff}\n"


def test_appending_keeps_every_byte_and_comment():
    scenarios = ScenarioFile.from_text(WRITTEN, "s.yaml")
    scenarios.append(PIN)
    assert scenarios.to_text() == WRITTEN + (
        "  - name: strangers on discord\n"
        "    context: {platform: discord, source_kind: stranger}\n"
        "    expect:\n"
        "      route: discord-strangers\n"
        "      model: gpt-4.1-mini\n"
        "      args: [--x]\n"
    )
    assert scenarios.scenarios[-1] == PIN and scenarios.is_dirty


def test_a_new_file_starts_with_a_short_header():
    scenarios = ScenarioFile.from_text("", "s.yaml")
    scenarios.append(PIN)
    text = scenarios.to_text()
    assert text.startswith("# routedeck scenarios:") and "\nscenarios:\n  - name: " in text
    assert ScenarioFile.from_text(text).scenarios == (PIN,)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("# mine\n", "# mine\nscenarios:\n  - name:"),
        ("# no final newline", "# no final newline\nscenarios:\n"),
        ("scenarios:   # soon\n", "scenarios:   # soon\n  - name:"),
        ("scenarios: []  # none yet\n", "scenarios:  # none yet\n  - name:"),
        ("scenarios: ~\n# below\n", "scenarios:\n  - name: strangers on discord\n"),
        ("scenarios:\n- context: {a: 1}\n  expect: {model: x}\n", "\n- name: strangers"),
        ("scenarios:\r\n  - context: {a: 1}\r\n    expect: {model: x}\r\n", "\r\n  - name:"),
        ("\ufeffscenarios:\n    - context: {a: 1}\n      expect: {model: x}\n", "\n    - name:"),
    ],
)
def test_appending_fits_each_way_a_list_can_be_written(text, kept):
    scenarios = ScenarioFile.from_text(text)
    old = scenarios.scenarios
    scenarios.append(PIN)
    assert kept in scenarios.to_text()
    assert ScenarioFile.from_text(scenarios.to_text()).scenarios == (*old, PIN)
    assert scenarios.to_text().startswith("\ufeff") == text.startswith("\ufeff")
    if "\r\n" in text:
        assert "\n" not in scenarios.to_text().replace("\r\n", "")


def test_comments_under_the_last_scenario_stay_with_it():
    text = "scenarios:\n  - context: {a: 1}\n    expect: {model: x}\n    # was: y\n\n# footer\n"
    scenarios = ScenarioFile.from_text(text)
    scenarios.append(PIN)
    assert scenarios.to_text().startswith(text[: text.index("\n# footer")].rstrip("\n") + "\n  - ")
    assert scenarios.to_text().endswith("\n\n# footer\n")


def test_a_flow_list_is_refused_and_the_text_kept():
    text = "scenarios: [{context: {a: 1}, expect: {model: x}}]\n"
    scenarios = ScenarioFile.from_text(text)
    with pytest.raises(EditError, match="flow list"):
        scenarios.append(PIN)
    assert scenarios.to_text() == text
    with pytest.raises(EditError, match="context"):
        ScenarioFile.from_text("").append(Scenario({}, {"model": "x"}))
    with pytest.raises(EditError, match="unknown expect field"):
        ScenarioFile.from_text("").append(Scenario({"a": 1}, {"modle": "x"}))


TRICKY = st.one_of(
    st.sampled_from(["on", "0123", "0o17", "1e3", "+.5", "12:30", "~", "who?", "a: b", "#x", "-"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
    st.integers(),
    st.booleans(),
    st.none(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(st.sampled_from(["platform", "user_id", "tier"]), TRICKY, min_size=1),
    st.dictionaries(st.sampled_from(["model", "provider", "route", "api_key"]), TRICKY, min_size=1),
    st.none() | st.text(max_size=10) | st.sampled_from(["0o17", "1e3", "~", "who? me", "x: y"]),
    st.sampled_from(["", WRITTEN, "# c\n", "scenarios: []\n"]),
)
def test_any_scenario_reads_back_identically_with_every_loader(context, expect, name, start):
    scenarios = ScenarioFile.from_text(start)
    pin = Scenario(context, expect, name or None)
    scenarios.append(pin)
    text = scenarios.to_text()
    assert text.startswith(start.rstrip("\n")) or start.startswith("scenarios: []")
    assert ScenarioFile.from_text(text).scenarios[-1] == pin
    expected = {"context": context, "expect": expect} | ({"name": name} if name else {})
    assert yaml.load(text, Loader=yaml.SafeLoader)["scenarios"][-1] == expected
    ruamel = YAML(typ="safe", pure=True).load(StringIO(text))["scenarios"][-1]
    assert {k: dict(v) if isinstance(v, dict) else v for k, v in ruamel.items()} == expected


def test_the_save_preview_diff_masks_secrets():
    secret = "sk-live-abcdefghijklmnopqrstuvwxyz"
    scenarios = ScenarioFile.from_text(WRITTEN, "config.scenarios.yaml")
    scenarios.append(Scenario({"platform": "x"}, {"api_key": secret}))
    diff = scenarios.diff()
    assert diff.startswith("--- a/config.scenarios.yaml\n+++ b/config.scenarios.yaml\n@@")
    assert "+      api_key: " in diff and secret not in diff
    assert secret in scenarios.diff(mask_secrets=False)
    assert ScenarioFile.from_text(WRITTEN).diff() == ""


def test_saving_creates_the_file_then_keeps_a_backup(tmp_path):
    path = tmp_path / "config.scenarios.yaml"
    scenarios = ScenarioFile.load(path)
    scenarios.append(PIN)
    assert scenarios.save() is None
    assert scenarios.exists and not scenarios.is_dirty
    first = path.read_text()
    again = ScenarioFile.load(path)
    again.append(Scenario({"platform": "cli"}, {"model": "m"}))
    backup = again.save()
    assert backup == tmp_path / "config.scenarios.yaml.bak"
    assert backup.read_text() == first
    assert ScenarioFile.load(path).scenarios == again.scenarios


def test_saving_keeps_the_mode_and_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text(WRITTEN)
    real.chmod(0o600)
    link = tmp_path / "config.scenarios.yaml"
    link.symlink_to(real)
    scenarios = ScenarioFile.load(link)
    scenarios.append(PIN)
    scenarios.save()
    assert link.is_symlink() and real.read_text() == scenarios.to_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert (tmp_path / "real.yaml.bak").read_text() == WRITTEN


def test_a_file_changed_or_created_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "config.scenarios.yaml"
    path.write_text(WRITTEN)
    scenarios = ScenarioFile.load(path)
    scenarios.append(PIN)
    path.write_text(WRITTEN + "# someone else\n")
    with pytest.raises(ChangedOnDiskError):
        scenarios.save()
    assert path.read_text().endswith("# someone else\n")
    scenarios.save(force=True)
    assert path.read_text() == scenarios.to_text()
    fresh = ScenarioFile.load(tmp_path / "new.scenarios.yaml")
    fresh.append(PIN)
    (tmp_path / "new.scenarios.yaml").write_text("scenarios: []\n")
    with pytest.raises(ChangedOnDiskError, match="already exists"):
        fresh.save()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_read_only_file_is_refused(tmp_path):
    path = tmp_path / "config.scenarios.yaml"
    path.write_text(WRITTEN)
    path.chmod(0o444)
    scenarios = ScenarioFile.load(path)
    scenarios.append(PIN)
    with pytest.raises(SaveError, match="read-only"):
        scenarios.save()
    assert path.read_text() == WRITTEN


def test_a_file_without_a_path_cannot_be_saved():
    scenarios = ScenarioFile.from_text("")
    with pytest.raises(SaveError, match="no file name"):
        scenarios.save()
