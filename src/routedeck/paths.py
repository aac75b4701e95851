"""Where the config file lives (SPEC §1) and the bundled demo."""

import os
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def default_config_path(environ: dict[str, str] | None = None) -> Path:
    """`$HERMES_HOME/config.yaml`, else `~/.hermes/config.yaml`."""
    env = os.environ if environ is None else environ
    hermes_home = env.get("HERMES_HOME")
    if hermes_home:
        return Path(hermes_home).expanduser() / "config.yaml"
    return Path("~/.hermes/config.yaml").expanduser()


def demo_config_text() -> str:
    """The bundled example config, as text."""
    return _demo_file("config.yaml").read_text(encoding="utf-8")


def demo_scenarios_text() -> str:
    """The bundled example config's scenarios, as text."""
    return _demo_file("config.scenarios.yaml").read_text(encoding="utf-8")


def copy_demo_config() -> Path:
    """Copy the bundled demo (the config and its scenarios) into a fresh temporary folder, so the
    demo never touches user files; returns the config's path."""
    folder = Path(tempfile.mkdtemp(prefix="routedeck-demo-"))
    for name in ("config.yaml", "config.scenarios.yaml"):
        with resources.as_file(_demo_file(name)) as source:
            shutil.copyfile(source, folder / name)
    return folder / "config.yaml"


def _demo_file(name: str) -> Traversable:
    return resources.files("routedeck.demo").joinpath(name)
