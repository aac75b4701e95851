"""Differential test: routedeck's agent view against hermes-agent 0.19.0's own `load_config()`.

    python scripts/agent_parity.py [--samples 2000] [--seed 0]

Installs `hermes-agent==0.19.0` from PyPI once, into a venv cached outside the clone
(`$ROUTEDECK_TEST_CACHE`, else `$XDG_CACHE_HOME/routedeck-tests`, else
`~/.cache/routedeck-tests`); generates configs from a seeded generator (model-id aliases,
`api_base`, top-level fallbacks, `${VAR}` forms, bare strings, empty values, routes and
shorthand, YAML 1.1 quirks, files the agent cannot read); loads each with the real
`load_config()` in a fresh temporary `HERMES_HOME` (never `~/.hermes`) and compares the
`model` block, key order included, with `ConfigDocument.agent_view(env)` given the same
environment. A file the agent falls back on must be one `agent_cannot_read()` flags.

Exit status 0 when every config agrees, 1 otherwise (each disagreement printed). The test
`tests/agent/test_agent_loader_parity.py` runs the same with `ROUTEDECK_PARITY_SAMPLES`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from routedeck.document import ConfigDocument, DocumentError, agent_cannot_read
from routedeck.routing.compare import same

AGENT_REQUIREMENT = "hermes-agent==0.19.0"
DRIVER = Path(__file__).with_name("agent_parity_driver.py")
PYTHON_TAG = f"py{sys.version_info.major}.{sys.version_info.minor}"
INSTALLED_MARKER = ".installed"


# ------------------------------------------------------------------ the agent's venv


def cache_root() -> Path:
    explicit = os.environ.get("ROUTEDECK_TEST_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "routedeck-tests"


def agent_python(log: Any = None) -> tuple[Path, float | None]:
    """The Python of a venv holding hermes-agent 0.19.0, and how long installing it took now
    (None when it was cached). One installer at a time: concurrent callers wait for it."""
    venv = cache_root() / f"hermes-agent-0.19.0-{PYTHON_TAG}"
    python = venv / "bin" / "python"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / INSTALLED_MARKER).exists():
            return python, None
        started = time.monotonic()
        if log:
            print(f"installing {AGENT_REQUIREMENT} into {venv} ...", file=log, flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                AGENT_REQUIREMENT,
            ],
            check=True,
        )
        took = time.monotonic() - started
        (venv / INSTALLED_MARKER).write_text(f"{took:.1f}\n")
        return python, took


# ------------------------------------------------------------------ generated configs


@dataclass(frozen=True)
class Case:
    raw: bytes
    env: dict[str, str]


ENV = {
    "RDP_PROVIDER": "anthropic",
    "RDP_URL": "http://127.0.0.1:8080/v1",
    "RDP_KEY": "sk-ant-0123456789abcdefghij",
    "RDP_EMPTY": "",
    "RDP_REF": "${RDP_PROVIDER}",
    "RDP_BRACE": "x}y",
    "env:RDP_PROVIDER": "from-a-colon-name",
    " RDP_URL ": "from-a-spaced-name",
}
REFERENCES = [
    "${RDP_PROVIDER}",
    "${env:RDP_PROVIDER}",
    "${env:RDP_KEY}",
    "$RDP_PROVIDER",
    "${RDP_UNSET}",
    "${ RDP_URL }",
    "${}",
    "${RDP_EMPTY}",
    "${RDP_REF}",
    "${RDP_BRACE}",
    "${${RDP_PROVIDER}}",
    "$${RDP_URL}",
    "${RDP_URL}/chat ${RDP_KEY}",
]
WORDS = {
    "id": ["anthropic/claude-opus-4.6", "qwen3", "claude-x", "gpt-5-mini"],
    "provider": ["anthropic", "openrouter", "custom", "nous"],
    "url": ["http://127.0.0.1:8080/v1", "https://api.example.com/v1"],
    "key": ["sk-or-v1-abcdef0123456789", "${OPENROUTER_API_KEY}"],
    "mode": ["chat_completions", "anthropic_messages"],
}
EMPTIES: list[Any] = [None, "", 0, False, [], {}]
MODEL_KEYS = {
    "default": "id",
    "model": "id",
    "name": "id",
    "provider": "provider",
    "base_url": "url",
    "api_base": "url",
    "api_key": "key",
    "api_mode": "mode",
    "context_length": "number",
}
TOP_KEYS = {
    "provider": "provider",
    "base_url": "url",
    "api_base": "url",
    "context_length": "number",
}

HANDWRITTEN = [
    "",
    "# only comments\n",
    "model:\n",
    "model: ~\nprovider: anthropic\n",
    "model: 'claude'\napi_base: http://a\n",
    "model: {name: on, provider: off}\n",
    "model:\n  default: 0123\n  context_length: 1_000\nprovider: yes\n",
    "base: &b {provider: p, api_base: http://anchor}\nmodel:\n  <<: *b\n  name: n\n",
    "model: [a, b]\nprovider: p\n",
    "model: 12\nbase_url: http://t\n",
    "model:\n  name: n\n  routes:\n"
    "    - match: {platform: '${RDP_PROVIDER}'}\n      model: '${RDP_REF}'\n",
    "model:\n  platforms: {telegram: '${RDP_URL}'}\n  by_source: {cron: {model: $RDP_KEY}}\n",
    "max_turns: 3\nagent: {max_turns: 5}\nmodel: {model: m}\n",
    "platforms:\n  hub: {enabled: true}\nmodel: {default: d, api_base: ''}\n",
]
UNREADABLE = [
    b"model: {default: x\n  routes: [\n",
    b"- a list\n- at the top\n",
    b"a single sentence\n",
    b"42\n",
    b"model: \xff\xfe\n",
    b"max_turns: 3\nagent: 7\n",
    b"model:\n\tdefault: x\n",
]


def generate(count: int, seed: int) -> list[Case]:
    """`count` configs: the hand-written and unreadable ones first, then random ones."""
    rng = random.Random(seed)
    fixed = [text.encode() for text in HANDWRITTEN] + UNREADABLE
    cases = [Case(raw, dict(ENV)) for raw in fixed[:count]]
    while len(cases) < count:
        cases.append(Case(_random_file(rng), _random_env(rng)))
    return cases


def _random_env(rng: random.Random) -> dict[str, str]:
    return {name: value for name, value in ENV.items() if rng.random() < 0.8}


def _random_file(rng: random.Random) -> bytes:
    data: dict[str, Any] = {}
    for key, kind in TOP_KEYS.items():
        if rng.random() < 0.25:
            data[key] = _value(rng, kind)
    if rng.random() < 0.1:
        data["platforms"] = {"hub": {"enabled": True}}
    shape = rng.random()
    if shape < 0.05:
        pass  # no model: at all
    elif shape < 0.2:
        data["model"] = _value(rng, "id")
    elif shape < 0.25:
        data["model"] = rng.choice([None, 7, ["a"], True])
    else:
        data["model"] = _block(rng)
    items = list(data.items())
    rng.shuffle(items)
    return yaml.safe_dump(dict(items), sort_keys=False, allow_unicode=True).encode()


def _block(rng: random.Random) -> dict[str, Any]:
    block: dict[str, Any] = {}
    keys = list(MODEL_KEYS)
    rng.shuffle(keys)
    for key in keys:
        if rng.random() < 0.4:
            block[key] = _value(rng, MODEL_KEYS[key])
    if rng.random() < 0.3:
        block["routes"] = [_route(rng) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.1:
        block["platforms"] = {
            "telegram": _value(rng, "id"),
            "discord": {"model": _value(rng, "id")},
        }
    if rng.random() < 0.1:
        block["by_source"] = {"stranger": {"model": _value(rng, "id")}}
    if rng.random() < 0.05:
        block["odd_key"] = _value(rng, "id")
    return block


def _route(rng: random.Random) -> dict[str, Any]:
    key = "${RDP_PROVIDER}" if rng.random() < 0.1 else "platform"  # keys are never expanded
    route: dict[str, Any] = {"match": {key: _value(rng, "provider")}}
    for key in ("model", "provider", "base_url", "api_key"):
        if rng.random() < 0.4:
            route[key] = _value(rng, MODEL_KEYS[key] if key != "model" else "id")
    return route


def _value(rng: random.Random, kind: str) -> Any:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(EMPTIES)
    if kind == "number":
        return rng.choice([8000, 128000, "${RDP_PROVIDER}", "32000"])
    word = rng.choice(WORDS[kind])
    if roll < 0.5:
        return word
    reference = rng.choice(REFERENCES)
    return rng.choice([reference, f"{word}-{reference}", f"{reference}{word}"])


# ------------------------------------------------------------------ running and comparing


@dataclass(frozen=True)
class Mismatch:
    case: Case
    agent: Any
    routedeck: Any

    def describe(self) -> str:
        text = self.case.raw.decode("utf-8", "replace")
        return (
            f"--- config.yaml\n{text}"
            f"--- environment: {sorted(self.case.env)}\n"
            f"agent's load_config()['model']: {self.agent!r}\n"
            f"routedeck's agent view:        {self.routedeck!r}\n"
        )


def load_with_agent(python: Path, cases: list[Case]) -> list[dict[str, Any]]:
    """Each case through the real `load_config()`, in one process of the agent's venv."""
    with tempfile.TemporaryDirectory(prefix="routedeck-parity-") as home:
        done = subprocess.run(
            [str(python), str(DRIVER), home],
            input=pickle.dumps([(case.raw, case.env) for case in cases]),
            capture_output=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home},
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the agent's loader failed:\n{done.stderr.decode(errors='replace')}")
    results: list[dict[str, Any]] = pickle.loads(done.stdout)
    return results


def routedeck_view(case: Case, env: dict[str, str]) -> Any:
    """The model block routedeck shows for the file, or `UNREADABLE` when the agent cannot
    read it (routedeck then shows the stake of a broken file)."""
    if agent_cannot_read(case.raw):
        return UNREADABLE_MARK
    try:
        document = ConfigDocument.from_text(case.raw.decode("utf-8"), allow_empty=True)
    except DocumentError as error:
        return f"routedeck refuses a file the agent reads: {error}"
    return document.agent_view(env).model_config


UNREADABLE_MARK = "<the agent cannot read this file: it runs on defaults>"


def compare(cases: list[Case], results: list[dict[str, Any]]) -> list[Mismatch]:
    mismatches = []
    for case, result in zip(cases, results, strict=True):
        theirs = UNREADABLE_MARK if result["fell_back"] else result["model"]
        ours = routedeck_view(case, result["env"])
        if not same_in_order(ours, theirs):
            mismatches.append(Mismatch(case, theirs, ours))
    return mismatches


def same_in_order(a: Any, b: Any) -> bool:
    """`same`, and every mapping's keys in the same order (the router walks shorthand in
    file order)."""
    return same(a, b) and all(list(x) == list(y) for x, y in _mapping_pairs(a, b))


def _mapping_pairs(a: Any, b: Any) -> Iterator[tuple[dict[Any, Any], dict[Any, Any]]]:
    if isinstance(a, dict) and isinstance(b, dict):
        yield a, b
        for key in a:
            yield from _mapping_pairs(a[key], b.get(key))
    elif isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b, strict=False):
            yield from _mapping_pairs(x, y)


def run(samples: int, seed: int, log: Any = sys.stderr) -> list[Mismatch]:
    python, installed_in = agent_python(log)
    if installed_in is not None:
        print(f"installed {AGENT_REQUIREMENT} in {installed_in:.1f} s", file=log)
    cases = generate(samples, seed)
    started = time.monotonic()
    results = load_with_agent(python, cases)
    mismatches = compare(cases, results)
    took = time.monotonic() - started
    print(f"{samples} configs (seed {seed}) compared in {took:.1f} s", file=log)
    return mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    mismatches = run(args.samples, args.seed)
    for mismatch in mismatches[:20]:
        print(mismatch.describe())
    print(f"{len(mismatches)} of {args.samples} configs disagree")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
