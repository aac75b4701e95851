"""Reading a dotenv file for `simulate --env-file`."""

from __future__ import annotations

from pathlib import Path

from routedeck.cli.common import UsageError


def read_env_file(path: Path) -> dict[str, str]:
    """Read a dotenv file: `KEY=VALUE` lines, `#` comments, optional `export` and quotes."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"cannot read env file {path}: {error.strerror or error}") from error
    env: dict[str, str] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        stripped = stripped.removeprefix("export ").strip()
        key, sep, value = stripped.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env
