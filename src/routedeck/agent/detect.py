"""Finding the installed hermes-agent and whether it reads `model.routes` (SPEC §1).

Two places, in this order: packages importable in routedeck's own environment (routedeck
installed beside the agent), then the `hermes` command on PATH, run by the interpreter its
script names. Nothing of the agent is imported unless it has a routing module; the PATH case
asks that interpreter in a subprocess, with a timeout.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from routedeck.agent import worker

COMMAND = "hermes"
PROBE_TIMEOUT = 15.0
"""Seconds the `hermes` interpreter gets to report (a cold start of a big install is slow)."""
_SHEBANG_BYTES = 4096


@dataclass(frozen=True)
class InstalledAgent:
    """The hermes-agent routedeck found.

    `has_routing`: whether it has `agent.smart_model_routing.apply_route`, i.e. reads
    `model.routes`; None when that could not be told (`problem` says why).
    `interpreter`: the command line that runs the agent's Python (the `hermes` script's
    interpreter with its flags); None when the agent is importable in routedeck's own process.
    `location`: where it was found, in words, for messages.
    """

    version: str | None
    has_routing: bool | None
    location: str
    interpreter: tuple[str, ...] | None = None
    problem: str | None = None

    @property
    def name(self) -> str:
        return f"hermes-agent {self.version}" if self.version else "hermes-agent"

    @property
    def routes_warning(self) -> str | None:
        """The one warning `check` and the editor show when the agent ignores routes."""
        if self.has_routing is not False:
            return None
        return (
            f"the installed {self.name} ignores model.routes: "
            "these routes take effect only on a build with routing support"
        )

    def describe(self) -> str:
        """One line: which agent, where, and whether it reads `model.routes`."""
        if self.has_routing is None:
            verdict = f"cannot tell whether it reads model.routes ({self.problem})"
        elif self.has_routing:
            verdict = "reads model.routes (agent.smart_model_routing.apply_route)"
        else:
            verdict = "ignores model.routes"
        return f"{self.name} ({self.location}): {verdict}"


def find_installed_agent(
    *, path: str | None = None, timeout: float = PROBE_TIMEOUT
) -> InstalledAgent | None:
    """The installed agent, or None when there is none to find.

    `path`: the PATH to search for `hermes` (default: the environment's). Never raises for
    what it finds: a `hermes` that cannot be asked comes back with `has_routing` None and a
    `problem`.
    """
    return _importable() or _on_path(path, timeout)


def _importable() -> InstalledAgent | None:
    report = worker.probe()
    if not report.get("found"):
        return None
    return _from_report(report, f"importable in routedeck's environment: {report['location']}")


def _on_path(path: str | None, timeout: float) -> InstalledAgent | None:
    found = shutil.which(COMMAND, path=path)
    if found is None:
        return None
    command = Path(found)
    where = f"`{COMMAND}` on PATH: {command}"
    interpreter = interpreter_of(command, path)
    if interpreter is None:
        problem = f"{command} does not name a Python interpreter routedeck can run"
        return InstalledAgent(None, None, where, None, problem)
    report, problem = _ask(interpreter, timeout)
    if report is None:
        return InstalledAgent(None, None, where, interpreter, problem)
    if not report.get("found"):
        problem = f"{interpreter[0]} cannot import hermes_cli"
        return InstalledAgent(None, None, where, interpreter, problem)
    return _from_report(report, where, interpreter)


def _from_report(
    report: dict[str, Any], where: str, interpreter: tuple[str, ...] | None = None
) -> InstalledAgent:
    has_routing = report.get("has_routing")
    return InstalledAgent(
        version=report.get("version"),
        has_routing=has_routing if isinstance(has_routing, bool) else None,
        location=where,
        interpreter=interpreter,
        problem=report.get("problem"),
    )


def _ask(interpreter: tuple[str, ...], timeout: float) -> tuple[dict[str, Any] | None, str]:
    """Run the probe with the agent's interpreter: (its report, or None and why not)."""
    try:
        done = subprocess.run(
            [*interpreter, str(worker_path()), "probe"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"{interpreter[0]} did not answer within {timeout:g} seconds"
    except OSError as error:
        return None, f"cannot run {interpreter[0]}: {error.strerror or error}"
    lines = done.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        said = done.stderr.strip().splitlines()
        why = said[-1] if said else f"exit status {done.returncode}"
        return None, f"{interpreter[0]} could not report ({why})"
    return report, ""


def worker_path() -> Path:
    return Path(worker.__file__)


# ------------------------------------------------------------------ the script's interpreter


def interpreter_of(script: Path, path: str | None = None) -> tuple[str, ...] | None:
    """The command line that runs `script` (a console script such as `hermes`): its shebang
    (`#!/venv/bin/python3 -s`, `#!/usr/bin/env python3`, pip's `#!/bin/sh` + `'''exec'`
    wrapper for long paths), else a Python beside the script's real file (a venv's `bin`).
    None when neither names a Python."""
    try:
        real = script.resolve()
        with real.open("rb") as source:
            head = source.read(_SHEBANG_BYTES).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    command = _from_shebang(head, path)
    if command is not None and _is_python(command[0]):
        return command
    for name in ("python3", "python"):
        sibling = real.parent / name
        if sibling.is_file() and os.access(sibling, os.X_OK):
            return (str(sibling),)
    return None


def _from_shebang(head: list[str], path: str | None) -> tuple[str, ...] | None:
    if not head or not head[0].startswith("#!"):
        return None
    words = _split(head[0][2:])
    if not words:
        return None
    if Path(words[0]).name in ("sh", "bash") and len(head) > 1:
        return _from_sh_exec(head[1])
    if Path(words[0]).name == "env":
        return _from_env(words[1:], path)
    return tuple(words)


def _from_sh_exec(line: str) -> tuple[str, ...] | None:
    """pip's wrapper for an interpreter path a shebang cannot hold (too long, or with spaces):
    `'''exec' "/p y/python" "$0" "$@"`."""
    prefix = "'''exec' "
    if not line.startswith(prefix):
        return None
    words = _split(line[len(prefix) :])
    if words[-2:] == ["$0", "$@"]:
        words = words[:-2]
    return tuple(words) or None


def _from_env(words: list[str], path: str | None) -> tuple[str, ...] | None:
    """`/usr/bin/env [-S] [-i] [NAME=value...] python3 [flags]`: the program env would run."""
    if words and words[0].startswith("-S"):
        words = _split(" ".join([words[0][2:], *words[1:]]))
    rest = [w for w in words if not w.startswith("-") and "=" not in w]
    if not rest:
        return None
    program = shutil.which(rest[0], path=path)
    if program is None:
        return None
    return (program, *words[words.index(rest[0]) + 1 :])


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _is_python(program: str) -> bool:
    name = Path(program).name.lower()
    return name.startswith(("python", "pypy"))
