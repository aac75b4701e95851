"""Run the commands through `main(argv)` (a few as a real subprocess), on copies of real files."""

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from routedeck.cli import main
from routedeck.paths import demo_config_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ROUTEDECK = Path(sys.executable).parent / "routedeck"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_routedeck(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """The installed command in a subprocess, as a user runs it."""
    completed = subprocess.run(
        [str(ROUTEDECK), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run a command in this process through `main(argv)`: `run("check", path)`."""

    def run_in_process(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(int(code), captured.out, captured.err)

    return run_in_process


@pytest.fixture
def run_process() -> Callable[..., Result]:
    """Run the installed `routedeck` command in a subprocess."""
    return run_routedeck


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    return path


@pytest.fixture
def corpus_copy(tmp_path: Path):
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(CORPUS / name, target)
        return target

    return copy


@pytest.fixture
def write_config(tmp_path: Path):
    def write(text: str, name: str = "config.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        return path

    return write
