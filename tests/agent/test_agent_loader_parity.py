"""routedeck's agent view against hermes-agent 0.19.0's own `load_config()` (issue 13).

The comparison with the real loader needs `hermes-agent==0.19.0` from PyPI, installed once into
a venv cached outside the clone (see `scripts/agent_parity.py`), so it runs only when asked:
`ROUTEDECK_PARITY_SAMPLES=300 python -m pytest -q tests/agent`. The harness itself is tested
without the network.
"""

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "agent_parity.py"
SAMPLES = os.environ.get("ROUTEDECK_PARITY_SAMPLES")
needs_the_real_agent = pytest.mark.skipif(
    not SAMPLES,
    reason="set ROUTEDECK_PARITY_SAMPLES=N to compare with the real hermes-agent 0.19.0 "
    "(installed from PyPI once, then cached)",
)


@pytest.fixture(scope="module")
def parity():
    spec = importlib.util.spec_from_file_location("agent_parity", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@needs_the_real_agent
def test_the_agent_view_is_what_load_config_returns(parity, capsys):
    mismatches = parity.run(int(SAMPLES), seed=int(os.environ.get("ROUTEDECK_PARITY_SEED", "0")))
    assert not mismatches, "\n".join(m.describe() for m in mismatches[:5])


BROKEN_FILE_STORY = """
import os, sys, tempfile
from pathlib import Path
home = Path(sys.argv[1])
os.environ.update(HERMES_HOME=str(home), HERMES_MANAGED_DIR=str(home))
from hermes_cli import config
path = home / "config.yaml"
path.write_text("model: {default: mine}\\nagent: {max_turns: 7}\\n")
first = config.load_config()
path.write_text("model: {default: edited\\n  broken: [\\n")
running = config.load_config()
print(first["model"], running["model"], running["agent"]["max_turns"])
"""
FRESH_START = """
import os, sys
from pathlib import Path
os.environ.update(HERMES_HOME=sys.argv[1], HERMES_MANAGED_DIR=sys.argv[1])
from hermes_cli import config
loaded = config.load_config()
print(repr(loaded["model"]), loaded["agent"]["max_turns"])
"""


@needs_the_real_agent
def test_the_stake_of_a_broken_file_is_what_the_agent_does(parity, tmp_path):
    """BROKEN_FILE_STAKE: a running agent keeps its last good config; a fresh one runs on
    built-in defaults (model "" and 90 turns), warning on stderr."""
    python, _ = parity.agent_python()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    running = subprocess.run(
        [str(python), "-c", textwrap.dedent(BROKEN_FILE_STORY), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert running.stdout.split() == ["{'default':", "'mine'}", "{'default':", "'mine'}", "7"]
    assert "Keeping the previously loaded config" in running.stderr
    fresh = subprocess.run(
        [str(python), "-c", textwrap.dedent(FRESH_START), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert fresh.stdout.split() == ["''", "90"]
    assert "Falling back to default config" in fresh.stderr


# ------------------------------------------------------------------ the harness, offline


def test_the_harness_flags_a_different_block_key_order_or_fallback(parity):
    case = parity.Case(b"model: {name: n, provider: p}\n", {})
    agreeing = {"model": {"provider": "p", "default": "n"}, "fell_back": False, "env": {}}
    assert parity.compare([case], [agreeing]) == []
    reordered = {**agreeing, "model": {"default": "n", "provider": "p"}}
    different = {**agreeing, "model": {"provider": "p", "default": 1}}
    fell_back = {**agreeing, "fell_back": True}
    for result in (reordered, different, fell_back):
        (mismatch,) = parity.compare([case], [result])
        assert "--- config.yaml\nmodel: {name: n, provider: p}" in mismatch.describe()


def test_the_generator_is_seeded_and_covers_every_rule(parity):
    cases = parity.generate(400, seed=3)
    assert cases == parity.generate(400, seed=3)
    text = b"".join(case.raw for case in cases)
    for needle in (b"name:", b"api_base:", b"provider:", b"${env:", b"routes:", b"context_length"):
        assert needle in text
    assert any(parity.agent_cannot_read(case.raw) for case in cases)
