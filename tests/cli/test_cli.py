"""The command line, driven as a subprocess: outputs, exit codes and file bytes."""

import json
from pathlib import Path

import pytest

SHADOWED = """\
model:
  default: base-model
  routes:
    - match: { platform: discord }
      model: discord-model
    - match: { platform: discord, source_kind: stranger }   # never wins
      model: stranger-model
"""

PLAINTEXT_KEY = """\
model:
  default: base-model
  api_key: sk-live-0123456789abcdef
  routes:
    - match: { source_kind: owner }
      model: owner-model
      api_key: sk-owner-fedcba9876543210
"""


def assert_one_clean_error_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


# --- simulate ---------------------------------------------------------------------------------


def test_simulate_names_the_winner_and_the_result(run, demo: Path) -> None:
    result = run("simulate", demo, "platform=discord", "source_kind=stranger", "user_id=7")
    assert result.code == 0, result.stderr
    assert "winner:  routes[3] (discord-strangers)" in result.stdout
    assert "gpt-4.1-mini" in result.stdout
    assert "copilot" in result.stdout


def test_simulate_json_matches_spec(run, demo: Path) -> None:
    result = run("simulate", demo, "platform=telegram", "source_kind=stranger", "--json")
    data = json.loads(result.stdout)
    assert data["winner"] == {"index": 4, "origin": "platforms.telegram", "name": None}
    assert data["model"] == "google/gemini-2.5-flash"
    assert data["runtime"]["provider"] == "openrouter"
    assert data["fields"]["model"] == {
        "value": "google/gemini-2.5-flash",
        "from": "platforms.telegram",
    }
    assert data["fields"]["provider"]["from"] == "model.provider"


def test_simulate_json_without_a_match_has_null_winner(run, demo: Path) -> None:
    result = run("simulate", demo, "platform=signal", "source_kind=hub_peer", "--json")
    data = json.loads(result.stdout)
    assert data["winner"] is None
    assert data["model"] == "anthropic/claude-sonnet-4.5"


def test_simulate_masks_api_key_unless_asked(run, write_config) -> None:
    path = write_config(PLAINTEXT_KEY)
    masked = run("simulate", path, "source_kind=owner", "--json")
    assert "sk-owner-fedcba9876543210" not in masked.stdout
    assert json.loads(masked.stdout)["runtime"]["api_key"] != "sk-owner-fedcba9876543210"
    shown = run("simulate", path, "source_kind=owner", "--json", "--show-secrets")
    assert json.loads(shown.stdout)["runtime"]["api_key"] == "sk-owner-fedcba9876543210"
    human = run("simulate", path, "source_kind=owner")
    assert "sk-owner-fedcba9876543210" not in human.stdout


def test_simulate_explain_gives_every_verdict(run, demo: Path) -> None:
    result = run("simulate", demo, "platform=slack", "source_kind=stranger", "--explain")
    assert result.code == 0
    assert "source_kind: wants owner, got stranger" in result.stdout
    assert "platform: wants discord, got slack" in result.stdout
    verdicts = json.loads(
        run(
            "simulate", demo, "platform=slack", "source_kind=stranger", "--explain", "--json"
        ).stdout
    )["verdicts"]
    assert [v["status"] for v in verdicts].count("winner") == 1
    assert verdicts[5]["origin"] == "platforms.slack"
    assert verdicts[5]["status"] == "winner"


def test_simulate_reads_values_as_the_agent_does(run, write_config) -> None:
    path = write_config("model:\n  routes:\n    - match: { platform: on }\n      model: m-on\n")
    looks_right = json.loads(run("simulate", path, "platform=on", "--json").stdout)
    assert looks_right["winner"] is None
    as_agent_reads = json.loads(run("simulate", path, "platform=True", "--json").stdout)
    assert as_agent_reads["model"] == "m-on"


def test_simulate_expands_env_references_only_when_asked(run, write_config, tmp_path: Path) -> None:
    path = write_config(
        'model:\n  default: "${BASE_MODEL}"\n  routes:\n'
        '    - match: { platform: cli }\n      base_url: "${LOCAL_URL}"\n'
    )
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# secrets\nexport BASE_MODEL=qwen3\nLOCAL_URL='http://127.0.0.1:8080/v1'\n"
    )
    plain = json.loads(run("simulate", path, "platform=cli", "--json").stdout)
    assert plain["model"] == "${BASE_MODEL}"
    expanded = json.loads(
        run("simulate", path, "platform=cli", "--json", "--env-file", env_file).stdout
    )
    assert expanded["model"] == "qwen3"
    assert expanded["runtime"]["base_url"] == "http://127.0.0.1:8080/v1"


def test_simulate_notes_unexpanded_references_in_matches(run, write_config, tmp_path) -> None:
    path = write_config(
        'model:\n  routes:\n    - match: { user_id: "${OWNER_ID}" }\n      model: strong\n'
    )
    plain = run("simulate", path, "user_id=42", "--json")
    assert json.loads(plain.stdout)["winner"] is None
    assert "routes[0] match on a ${VAR} reference" in plain.stderr
    env_file = tmp_path / ".env"
    env_file.write_text("OWNER_ID=42\n")
    expanded = run("simulate", path, "user_id=42", "--json", "--env-file", env_file)
    assert json.loads(expanded.stdout)["model"] == "strong"
    assert expanded.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ("simulate", "{demo}", "platform"),
        ("simulate", "{demo}", "=discord"),
        ("simulate", "{demo}", "platform=x", "--bogus"),
        ("simulate", "{missing}", "platform=x"),
        ("check", "{missing}"),
        ("matrix", "{missing}"),
        ("migrate", "{missing}"),
        ("--no-such-option",),
    ],
)
def test_every_error_is_one_clear_line(
    run, demo: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    filled = [a.format(demo=demo, missing=tmp_path / "nope.yaml") for a in args]
    result = run(*filled)
    assert result.code == 2
    assert result.stdout == ""
    assert_one_clean_error_line(result.stderr)


def test_invalid_yaml_reports_line_and_column(run, write_config) -> None:
    path = write_config("model:\n  routes:\n    - match: {platform: discord\n")
    result = run("simulate", path, "platform=discord")
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)
    assert result.stderr.startswith(f"routedeck: {path}:4:1: ")


@pytest.mark.parametrize("command", ["simulate", "check", "migrate", "matrix", "edit"])
def test_help_shows_an_example(run, command: str) -> None:
    result = run(command, "--help")
    assert result.code == 0
    assert "example:" in result.stdout
    assert "routedeck" in result.stdout.split("example:")[1]


# --- check ------------------------------------------------------------------------------------


def test_check_names_the_shadowing_route_with_file_line_col(run, write_config) -> None:
    path = write_config(SHADOWED)
    result = run("check", path)
    assert result.code == 1
    line = next(ln for ln in result.stdout.splitlines() if "shadowed-route" in ln)
    assert line.startswith(f"{path}:6:")
    assert " error shadowed-route " in line
    assert "routes[1] can never win: routes[0] matches everything it matches" in line
    assert result.stdout.splitlines()[-1].startswith("Found 1 error")


def test_check_warnings_pass_unless_strict(run, write_config) -> None:
    path = write_config(PLAINTEXT_KEY)
    lenient = run("check", path)
    assert lenient.code == 0
    assert "plaintext-secret" in lenient.stdout
    assert "sk-owner-fedcba9876543210" not in lenient.stdout
    assert "sk-live-0123456789abcdef" not in lenient.stdout
    assert run("check", path, "--strict").code == 1


def test_check_clean_file(run, write_config) -> None:
    path = write_config(
        "model:\n  default: m\n  routes:\n    - match: { platform: cron }\n      model: small\n"
    )
    result = run("check", path)
    assert result.code == 0
    assert result.stdout.strip() == "All clear: no problems in 1 file."


def test_check_json_and_unreadable_exit_status(run, write_config, tmp_path: Path) -> None:
    path = write_config(SHADOWED)
    data = json.loads(run("check", path, "--json").stdout)
    shadow = next(d for d in data["diagnostics"] if d["id"] == "shadowed-route")
    assert shadow["line"] == 6
    assert shadow["routes"][:2] == ["routes[1]", "routes[0]"]
    assert data["summary"]["error"] >= 1
    broken = write_config("model: [unclosed\n", name="broken.yaml")
    result = run("check", broken)
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)


def test_check_on_corpus_files_never_crashes(run, corpus_copy) -> None:
    for name in (
        "hermes-agent-cli-config.example.yaml",
        "hermes-provisioner-config.yaml",
        "sentry-self-hosted-docker-compose.yaml",
        "nxwitness-dependabot-crlf.yaml",
    ):
        result = run("check", corpus_copy(name))
        assert result.code in (0, 1), result.stderr
        assert "Traceback" not in result.stderr


def test_check_points_at_each_plaintext_secret(run, corpus_copy) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    result = run("check", path)
    assert result.code == 0
    secrets = [ln for ln in result.stdout.splitlines() if "plaintext-secret" in ln]
    assert [ln.split(": warning")[0] for ln in secrets] == [
        f"{path}:5:3",
        f"{path}:16:7",
        f"{path}:20:7",
    ]
    assert "unused" not in result.stdout


def test_check_takes_several_files_as_pre_commit_passes_them(run, demo, write_config) -> None:
    shadowed = write_config(SHADOWED, name="other.yaml")
    result = run("check", demo, shadowed)
    assert result.code == 1
    assert f"{demo}:27:7: info ignored-key" in result.stdout
    assert f"{shadowed}:6:7: error shadowed-route" in result.stdout
    assert result.stdout.splitlines()[-1] == "Found 1 error, 2 warnings, 1 info."


# --- migrate ----------------------------------------------------------------------------------


def test_migrate_prints_a_diff_and_leaves_the_file(run, demo: Path) -> None:
    before = demo.read_bytes()
    result = run("migrate", demo)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("--- a/")
    assert "-  platforms:" in result.stdout
    assert "+    - match: { platform: telegram }" in result.stdout or (
        "platform: telegram" in result.stdout
    )
    assert demo.read_bytes() == before


def test_migrate_write_is_idempotent_and_keeps_resolutions(run, demo: Path) -> None:
    contexts = [
        ("platform=telegram", "source_kind=stranger"),
        ("platform=slack", "source_kind=owner"),
        ("platform=slack", "source_kind=stranger"),
        ("platform=email", "source_kind=stranger"),
    ]
    before = [json.loads(run("simulate", demo, *c, "--json").stdout) for c in contexts]
    result = run("migrate", demo, "--write")
    assert result.code == 0, result.stderr
    migrated = demo.read_text()
    assert "by_source:" not in migrated.split("terminal:")[0]
    assert "# cheap and fast for chat" in migrated
    assert "# Gateway adapters" in migrated
    after = [json.loads(run("simulate", demo, *c, "--json").stdout) for c in contexts]
    assert [(b["model"], b["runtime"]) for b in before] == [
        (a["model"], a["runtime"]) for a in after
    ]
    again = run("migrate", demo, "--write")
    assert again.code == 0
    assert "nothing to migrate" in again.stderr
    assert demo.read_text() == migrated


def test_migrate_lists_entries_the_agent_ignores(run, write_config) -> None:
    path = write_config(
        "model:\n  default: m\n  platforms:\n    discord: fast\n    slack: ''\n"
        "  by_source:\n    cron: small-model\n"
    )
    result = run("migrate", path, "--write")
    assert result.code == 0, result.stderr
    assert "platforms.slack" in result.stderr
    assert "by_source.cron" in result.stderr
    text = path.read_text()
    assert "cron: small-model" in text
    assert "platform: discord" in text


def test_migrate_json_masks_secrets_unless_asked(run, write_config) -> None:
    path = write_config(
        "model:\n  platforms:\n    discord:\n      model: dc\n      api_key: sk-1234567890abcdef\n"
    )
    masked = run("migrate", path, "--json")
    assert "sk-1234567890abcdef" not in masked.stdout
    added = json.loads(masked.stdout)["routes_added"][0]
    assert added["from"] == "platforms.discord"
    assert added["route"]["match"] == {"platform": "discord"}
    shown = json.loads(run("migrate", path, "--json", "--show-secrets").stdout)
    assert shown["routes_added"][0]["route"]["api_key"] == "sk-1234567890abcdef"


def test_migrate_refuses_what_it_cannot_edit_in_one_line(run, write_config) -> None:
    path = write_config("model:\n  default: m\n  platforms: {telegram: tg}\n")
    before = path.read_bytes()
    result = run("migrate", path, "--write")
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)
    assert "migration refused" in result.stderr
    assert path.read_bytes() == before


def test_a_mistyped_command_is_not_opened_as_a_new_file(run, tmp_path: Path) -> None:
    result = run("simulte", tmp_path / "config.yaml", "platform=cli")
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)
    assert "did you mean 'simulate'" in result.stderr


# --- matrix -----------------------------------------------------------------------------------


def test_matrix_table_and_json(run, demo: Path) -> None:
    result = run("matrix", demo)
    assert result.code == 0
    header = result.stdout.splitlines()[0].split()
    assert header[:6] == ["platform", "user_id", "owner", "hub_peer", "stranger", "cron"]
    discord = next(ln for ln in result.stdout.splitlines() if ln.startswith("discord "))
    assert "routes[3] (discord-strangers) → gpt-4.1-mini" in discord
    assert "│" not in result.stdout and "┃" not in result.stdout
    data = json.loads(run("matrix", demo, "--json").stdout)
    cell = next(
        c for c in data["cells"] if c["platform"] == "telegram" and c["source_kind"] == "stranger"
    )
    assert cell["winner"] == {"index": 4, "origin": "platforms.telegram", "name": None}
    assert cell["model"] == "google/gemini-2.5-flash" and cell["user_id"] is None


def test_matrix_shows_routes_that_match_on_user_id(run, corpus_copy) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    rows = run("matrix", path).stdout.splitlines()
    owner_row = next(ln for ln in rows if ln.startswith("discord ") and "{owner_discord" in ln)
    assert "routes[1] → slate-3" in owner_row
    listed = run("matrix", path, "--list").stdout
    assert "source_kind  user_id" in listed and "{owner_discord_user_id}" in listed


def test_a_context_key_given_twice_is_an_error(run, demo: Path) -> None:
    result = run("simulate", demo, "platform=cli", "platform=discord")
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)
    assert "'platform' is given twice" in result.stderr


def test_migrate_check_fails_while_shorthand_is_left(run, demo: Path) -> None:
    before = demo.read_bytes()
    assert run("migrate", demo, "--check").code == 1
    assert demo.read_bytes() == before
    assert run("migrate", demo, "--write").code == 0
    assert run("migrate", demo, "--check").code == 0


def test_migrate_masks_secrets_in_the_diff_unless_asked(run, write_config) -> None:
    path = write_config(
        "model:\n  platforms:\n    discord:\n      model: dc\n      api_key: sk-1234567890abcdef\n"
    )
    assert "sk-1234567890abcdef" not in run("migrate", path).stdout
    assert "sk-1234567890abcdef" in run("migrate", path, "--show-secrets").stdout


def test_simulate_shows_the_base_as_the_agent_normalizes_it(run, write_config) -> None:
    path = write_config(
        "provider: anthropic\napi_base: https://proxy.example/v1\nmodel:\n  name: claude-x\n"
    )
    data = json.loads(run("simulate", path, "platform=cli", "--json").stdout)
    assert data["model"] == "claude-x"
    assert data["fields"]["model"]["from"] == "model.name (stands in for default)"
    assert data["fields"]["provider"] == {"value": "anthropic", "from": "top-level provider"}
    assert data["runtime"]["base_url"] == "https://proxy.example/v1"
    assert data["fields"]["api_key"]["note"] == "from the provider's credentials"
    text = run("simulate", path, "platform=cli").stdout
    assert "from the provider's credentials" in text


def test_simulate_with_the_agents_matcher_needs_an_agent_that_routes(
    run, demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("simulate", demo, "platform=cli", "--matcher", "agent")
    assert result.code == 2
    assert_one_clean_error_line(result.stderr)
    assert "no installed hermes-agent was found" in result.stderr


def test_matrix_falls_back_to_a_list_per_platform_on_a_narrow_terminal(
    run, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from routedeck.cli import matrix, output

    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(matrix, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(matrix.shutil, "get_terminal_size", lambda: os.terminal_size((70, 24)))
    monkeypatch.setenv("COLUMNS", "70")
    shown = run("matrix", demo).stdout
    assert "discord" in shown and "winner" in shown and "model" in shown
    assert max(len(line) for line in shown.splitlines()) <= 70


@pytest.mark.parametrize("no_color", ["", "1"])
def test_check_and_diffs_are_coloured_on_a_terminal_unless_no_color(
    run, write_config, demo: Path, monkeypatch: pytest.MonkeyPatch, no_color: str
) -> None:
    from routedeck.cli import output

    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", no_color)
    checked = run("check", write_config(SHADOWED, name="shadowed.yaml")).stdout
    diff = run("migrate", demo).stdout
    assert ("\x1b[" in checked) == (not no_color)
    assert ("\x1b[" in diff) == (not no_color)
    assert "error" in checked and "shadowed-route" in checked
    assert any(line.lstrip("\x1b[0123456789;m").startswith("+") for line in diff.splitlines())


def test_piped_output_is_plain(run, write_config) -> None:
    assert "\x1b[" not in run("check", write_config(SHADOWED)).stdout


def test_an_unreadable_file_with_json_prints_an_error_object(run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    for command in (
        ("simulate", missing, "platform=cli"),
        ("matrix", missing),
        ("migrate", missing),
    ):
        result = run(*command, "--json")
        assert result.code == 2
        assert json.loads(result.stdout) == {"error": f"{missing}: no such file"}
        assert_one_clean_error_line(result.stderr)


def test_check_points_at_the_key_a_finding_is_about(run, write_config) -> None:
    path = write_config(
        "model:\n"
        "  routes:\n"
        "    - name: r\n"
        "      match:\n"
        "        source_kind: owner\n"
        "        platform: discrod\n"
        "      model: m\n"
        "      api_mode: chat\n"
        "  platforms:\n"
        "    slack: {model: m, api_mode: nope}\n"
    )
    lines = run("check", path).stdout.splitlines()
    assert any(ln.startswith(f"{path}:6:9: warning unknown-platform") for ln in lines), lines
    assert any(ln.startswith(f"{path}:8:7: warning unknown-api-mode") for ln in lines), lines
    assert any(ln.startswith(f"{path}:10:23: warning unknown-api-mode") for ln in lines), lines


def test_findings_can_be_suppressed_on_the_command_line_and_in_the_file(
    run, corpus_copy, write_config
) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    assert run("check", path, "--strict").code == 1  # api_key: "unused", three times
    ignored = run("check", path, "--strict", "--ignore", "plaintext-secret")
    assert ignored.code == 0
    assert ignored.stdout.strip() == "All clear: no problems in 1 file (3 suppressed)."
    inline = write_config(
        "model:\n  routes:\n"
        "    # routedeck: ignore[plaintext-secret]\n"
        "    - match: { platform: cli }\n      api_key: sk-abcdefghijklmnop\n"
        "    - match: { platform: cron }\n"
        "      api_key: sk-qrstuvwxyz012345  # routedeck: ignore[plaintext-secret, unknown-key]\n"
        "    - match: { platform: hub }\n      api_key: sk-still-reported-0123\n",
        name="inline.yaml",
    )
    data = json.loads(run("check", inline, "--json").stdout)
    assert [d["routes"][0] for d in data["diagnostics"]] == ["routes[2]"]
    assert [d["routes"][0] for d in data["suppressed"]] == ["routes[0]", "routes[1]"]
    assert data["summary"]["suppressed"] == 2


def test_ignoring_an_id_that_does_not_exist_is_a_usage_error(run, demo: Path) -> None:
    result = run("check", demo, "--ignore", "plaintext-secrets")
    assert result.code == 2
    assert "did you mean 'plaintext-secret'" in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "sentry-self-hosted-docker-compose.yaml",
        "textual-codeql-workflow.yaml",
        "alertmanager-simple.example.yaml",
    ],
)
def test_a_file_with_no_model_block_fails_strict(run, corpus_copy, name: str) -> None:
    path = corpus_copy(name)
    result = run("check", path, "--strict")
    assert result.code == 1
    assert f"{path}:1:1: warning no-model-block" in result.stdout
    assert run("check", path).code == 0  # a warning: only --strict fails on it
