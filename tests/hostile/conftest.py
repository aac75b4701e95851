"""Fixtures of the hostile-file suite: the files, the installed command, the headless editor."""

from __future__ import annotations

import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

ROUTEDECK = Path(sys.executable).parent / "routedeck"
GUARD_SECONDS = 60
"""A generous guard against hangs (a FIFO read, an alias bomb): never a speed budget."""
GUARD_BYTES = 2 * 1024**3
"""Address space a child may use: reading /dev/zero fails fast instead of filling memory."""


def guarded() -> None:
    """In the child, before it runs: cap its memory."""
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_BYTES, GUARD_BYTES))


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_routedeck(*args: str | Path) -> Result:
    """Run the installed command with no terminal, so output is as piped (plain, no colour)."""
    completed = subprocess.run(
        [str(ROUTEDECK), *map(str, args)],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=GUARD_SECONDS,
        preexec_fn=guarded,
    )
    return Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "backslashreplace"),
        completed.stderr.decode("utf-8", "backslashreplace"),
    )
