"""Fake installed agents: a `hermes_cli` and an `agent` package in a folder, importable in this
process (`sys.path`) or by the interpreter of a fake `hermes` command on PATH."""

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

ROUTING = '''
def apply_route(model, runtime_kwargs, model_config, context):
    """SPEC §2, written apart from routedeck's engine (as the agent's pull request has it)."""
    if not context or not isinstance(model_config, dict):
        return model, runtime_kwargs
    routes = [r for r in model_config.get("routes") or []
              if isinstance(r, dict) and isinstance(r.get("match"), dict)]
    for name, value in (model_config.get("platforms") or {}).items():
        if isinstance(value, str) and value:
            routes.append({"match": {"platform": str(name)}, "model": value})
        elif isinstance(value, dict) and value:
            routes.append({"match": {"platform": str(name)}, **value})
    for kind, value in (model_config.get("by_source") or {}).items():
        if isinstance(value, dict) and value:
            routes.append({"match": {"source_kind": str(kind)}, **value})
    for route in routes:
        match = route["match"]
        if match and all(
            context.get(k) is not None and str(context[k]) == COMPARE(v) for k, v in match.items()
        ):
            runtime = dict(runtime_kwargs or {})
            if route.get("model"):
                model = str(route["model"])
            for field in ("api_key", "base_url", "provider", "api_mode", "command", "args"):
                value = route.get(field)
                if value is None or value == "" or value == []:
                    continue
                runtime[field] = list(value) if field == "args" else value
            return model, runtime
    return model, runtime_kwargs
'''
FAITHFUL = "COMPARE = str\n" + ROUTING
MISREADS_BOOLEANS = (
    "COMPARE = lambda v: str(v).lower() if isinstance(v, bool) else str(v)\n" + ROUTING
)
LEGACY = "def resolve_turn_route(message, config):\n    return None\n"
"""An older agent: smart_model_routing.py held the cheap-model router, not apply_route."""


def make_agent(root: Path, version: str = "9.1.0", routing: str | None = None) -> Path:
    """A fake agent in `root`: `routing` is the source of agent/smart_model_routing.py (None:
    no such file, as in hermes-agent 0.19.0)."""
    (root / "hermes_cli").mkdir(parents=True)
    (root / "hermes_cli" / "__init__.py").write_text(f'__version__ = "{version}"\n')
    (root / "agent").mkdir()
    (root / "agent" / "__init__.py").write_text("")
    if routing is not None:
        (root / "agent" / "smart_model_routing.py").write_text(textwrap.dedent(routing))
    return root


def forget_agent_modules() -> None:
    for name in list(sys.modules):
        if name.split(".")[0] in ("agent", "hermes_cli"):
            del sys.modules[name]


@pytest.fixture
def importable_agent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Path]]:
    """Put a fake agent on this process's sys.path: `importable_agent(version=..., routing=...)`."""

    def install(version: str = "9.1.0", routing: str | None = None) -> Path:
        root = make_agent(tmp_path / "site", version, routing)
        monkeypatch.syspath_prepend(str(root))
        return root

    forget_agent_modules()
    yield install
    forget_agent_modules()


@pytest.fixture
def hermes_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """A `hermes` command in a folder (returned, to use as PATH) whose interpreter, this test's
    Python, imports a fake agent through PYTHONPATH; this process cannot import it."""

    def install(version: str = "9.2.0", routing: str | None = None) -> str:
        root = make_agent(tmp_path / "agent-home", version, routing)
        monkeypatch.setenv("PYTHONPATH", str(root))
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        write_script(bin_dir / "hermes", f"#!{sys.executable}\nraise SystemExit('not run')\n")
        return str(bin_dir)

    return install


def write_script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def fakes() -> SimpleNamespace:
    """The fake routing modules and `write_script`, for tests (conftest is not importable)."""
    return SimpleNamespace(
        FAITHFUL=FAITHFUL,
        MISREADS_BOOLEANS=MISREADS_BOOLEANS,
        LEGACY=LEGACY,
        write_script=write_script,
    )
