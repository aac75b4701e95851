"""The commands about traffic: `diff` (SPEC §7), `test` (§8) and `simulate --expect`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import ROUTEDECK

SCENARIOS = """\
# what the team relies on
scenarios:
  - name: owner on the CLI gets the strong model
    context: {platform: cli, source_kind: owner}
    expect:
      route: owner-everywhere
      model: anthropic/claude-opus-4.6
  - name: discord strangers get the compliance model
    context: {platform: discord, source_kind: stranger}
    expect: {model: gpt-4.1-mini, provider: copilot}
  - context: {platform: telegram, source_kind: stranger}
    expect: {route: platforms.telegram}
"""


@pytest.fixture
def scenarios(demo: Path) -> Path:
    path = demo.with_name("config.scenarios.yaml")
    path.write_text(SCENARIOS)
    return path


# --- diff -------------------------------------------------------------------------------------


def test_diff_of_a_changed_model_lists_the_classes_with_before_and_after(
    run, demo: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(demo.read_text().replace("model: gpt-4.1-mini", "model: gpt-4o"))
    result = run("diff", demo, new)
    assert result.code == 1
    assert result.stdout.splitlines()[:3] == [
        "@@ platform=discord source_kind=stranger (2 context classes)",
        "- routes[3] (discord-strangers): model gpt-4.1-mini",
        "+ routes[3] (discord-strangers): model gpt-4o",
    ]
    data = json.loads(run("diff", demo, new, "--json").stdout)
    assert data["changes"][0]["context"] == {
        "platform": "discord",
        "source_kind": "stranger",
        "user_id": "any",
    }
    assert data["changes"][0]["after"]["model"] == "gpt-4o"
    assert data["classes_checked"] > 0


def test_a_migration_or_a_move_that_keeps_traffic_is_no_change(
    run, demo: Path, tmp_path: Path
) -> None:
    migrated = tmp_path / "migrated.yaml"
    migrated.write_bytes(demo.read_bytes())
    assert run("migrate", migrated, "--write").code == 0
    result = run("diff", demo, migrated)
    assert result.code == 0
    assert result.stdout.strip() == "no context changes its result"


def test_diff_masks_keys_unless_asked(run, write_config) -> None:
    old = write_config("model:\n  default: m\n", name="old.yaml")
    new = write_config(
        "model:\n  default: m\n  routes:\n    - match: {platform: cli}\n"
        "      api_key: sk-abcdefghijklmnop\n",
        name="new.yaml",
    )
    assert "sk-abcdefghijklmnop" not in run("diff", old, new).stdout
    assert "sk-abcdefghijklmnop" not in run("diff", old, new, "--json").stdout
    assert "sk-abcdefghijklmnop" in run("diff", old, new, "--show-secrets").stdout


def test_diff_reads_a_config_from_process_substitution(demo: Path) -> None:
    command = f"{ROUTEDECK} diff <(cat {demo}) {demo}"
    completed = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "no context changes its result"


def test_diff_of_an_unreadable_file_is_status_2(run, demo: Path, write_config) -> None:
    broken = write_config("model: [\n", name="broken.yaml")
    result = run("diff", demo, broken)
    assert result.code == 2
    assert result.stderr.startswith(f"routedeck: {broken}:2:1:")


# --- test -------------------------------------------------------------------------------------


def test_test_runs_the_scenarios_beside_the_config(run, demo: Path, scenarios: Path) -> None:
    result = run("test", demo)
    assert result.code == 0, result.stdout + result.stderr
    assert "PASS owner on the CLI gets the strong model" in result.stdout
    assert "not reached by any scenario: routes[1] (hub-peers)" in result.stdout
    assert result.stdout.splitlines()[-1] == "3 scenarios passed, 0 failed; 4 routes uncovered"


def test_a_failing_scenario_names_the_field_and_the_winner(
    run, demo: Path, scenarios: Path
) -> None:
    demo.write_text(demo.read_text().replace("model: gpt-4.1-mini", "model: gpt-4o"))
    result = run("test", demo)
    assert result.code == 1
    lines = result.stdout.splitlines()
    failed = (
        "FAIL discord strangers get the compliance model (winner: routes[3] (discord-strangers))"
    )
    assert lines[0] == failed
    assert lines[1].strip() == "model: expected gpt-4.1-mini, got gpt-4o"
    data = json.loads(run("test", demo, "--json").stdout)
    assert data["failed"] == 1 and data["passed"] == 2
    assert "routes[1]" in data["uncovered"]


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("scenarios: [\n", "2:1", ""),
        ("scenarios: {a: 1}\n", "1:12", "list"),
        ("scenarios:\n  - context: {}\n    expect: {model: m}\n", "2:14", "context"),
        ("scenarios:\n  - context: {platform: cli}\n    expect: {modle: m}\n", "3:14", "modle"),
        (
            "scenarios:\n  - context: {platform: cli}\n    expect: {route: owner-everywher}\n",
            "3:21",
            "did you mean `owner-everywhere`?",
        ),
    ],
)
def test_an_invalid_scenario_file_is_status_2_with_its_position(
    run, demo: Path, text: str, where: str, says: str
) -> None:
    path = demo.with_name("config.scenarios.yaml")
    path.write_text(text)
    result = run("test", demo)
    assert result.code == 2
    assert result.stderr.startswith(f"routedeck: {path}:{where}:"), result.stderr
    assert says in result.stderr
    assert path.read_text() == text  # nothing is written


def test_a_named_scenario_file_that_is_missing_is_status_2(run, demo: Path, tmp_path) -> None:
    result = run("test", demo, tmp_path / "nope.yaml")
    assert result.code == 2
    assert "no such scenario file" in result.stderr


# --- simulate --expect ------------------------------------------------------------------------


def test_simulate_expect_exits_1_saying_which_field_differs(run, demo: Path) -> None:
    context = ("platform=discord", "source_kind=stranger")
    assert run("simulate", demo, *context, "--expect", "route=discord-strangers").code == 0
    result = run(
        "simulate", demo, *context, "--expect", "model=gpt-4o", "--expect", "provider=copilot"
    )
    assert result.code == 1
    assert result.stderr.strip() == "expectation not met: model: expected gpt-4o, got gpt-4.1-mini"
    assert run("simulate", demo, "platform=signal", "--expect", "route=").code == 0


def test_simulate_expect_refuses_what_it_cannot_check(run, demo: Path) -> None:
    typo = run("simulate", demo, "platform=cli", "--expect", "modle=x")
    assert typo.code == 2 and "did you mean 'model'" in typo.stderr
    nowhere = run("simulate", demo, "platform=cli", "--expect", "route=owner-everywher")
    assert nowhere.code == 2 and "did you mean `owner-everywhere`" in nowhere.stderr
