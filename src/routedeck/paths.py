"""Where the config file lives (SPEC §1) and the bundled demo."""

import os
import shutil
import tempfile
from importlib import resources
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
    return resources.files("routedeck.demo").joinpath("config.yaml").read_text(encoding="utf-8")


def copy_demo_config() -> Path:
    """Copy the bundled demo into a fresh temporary folder, so the demo never touches user files."""
    folder = Path(tempfile.mkdtemp(prefix="routedeck-demo-"))
    target = folder / "config.yaml"
    with resources.as_file(resources.files("routedeck.demo").joinpath("config.yaml")) as source:
        shutil.copyfile(source, target)
    return target
