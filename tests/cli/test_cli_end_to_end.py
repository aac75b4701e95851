"""A few commands as a user runs them: the installed `routedeck` script, in a subprocess."""

import json
import subprocess
from pathlib import Path


def test_simulate_from_the_installed_script(run_process, demo: Path) -> None:
    result = run_process("simulate", demo, "platform=discord", "source_kind=stranger", "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["winner"]["origin"] == "routes[3]"


def test_an_unreadable_file_is_one_line_and_status_2(run_process, write_config) -> None:
    path = write_config("model:\n  routes:\n    - match: {platform: discord\n")
    result = run_process("check", path)
    assert result.code == 2
    assert result.stderr.startswith(f"routedeck: {path}:4:1: ")
    assert len(result.stderr.splitlines()) == 1


def test_migrate_show_secrets_gives_a_diff_that_patch_applies(
    run_process, write_config, tmp_path: Path
) -> None:
    path = write_config(
        "model:\n  default: m\n  platforms:\n    discord:\n      model: dc\n"
        "      api_key: sk-1234567890abcdef\n"
    )
    diff = run_process("migrate", path, "--show-secrets").stdout
    assert "sk-1234567890abcdef" in diff
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / path.name).write_bytes(path.read_bytes())
    patched = subprocess.run(
        ["patch", "-p1", "--quiet"], input=diff, text=True, cwd=copy, capture_output=True
    )
    assert patched.returncode == 0, patched.stderr
    run_process("migrate", path, "--write")
    assert (copy / path.name).read_bytes() == path.read_bytes()


def test_every_pre_commit_hook_runs_a_command_that_exists() -> None:
    import yaml

    from routedeck.cli import COMMANDS

    hooks = yaml.safe_load((Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"routedeck-check", "routedeck-test"}
    for hook in hooks:
        program, command = hook["entry"].split()[:2]
        assert program == "routedeck" and command in COMMANDS
