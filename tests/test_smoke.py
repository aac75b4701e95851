"""The package as a user starts it: `python -m routedeck` and the installed script."""

import subprocess
import sys

import routedeck


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "routedeck", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"routedeck {routedeck.__version__}"


def test_an_unknown_command_word_is_a_usage_error_not_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "routedeck", "chek", "config.yaml"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "routedeck: error: unknown command 'chek' (did you mean 'check'?)"
    )
