"""Runs inside a venv with hermes-agent 0.19.0: each config through its own `load_config()`.

Started by `scripts/agent_parity.py` with that venv's Python and a folder to work in. Reads
a pickled list of `(raw bytes, env dict)` from stdin. For each, writes the bytes to
`config.yaml` in a fresh `HERMES_HOME` (a new folder per case, so that no cache and no
last-known-good config carries over), sets the case's variables, calls
`hermes_cli.config.load_config()`, and records the `model` value it returns, whether it fell
back because it could not read the file, and the environment the expansion saw. Writes the
pickled list of results to stdout.
"""

import contextlib
import io
import os
import pickle
import sys
from pathlib import Path


def main() -> None:
    cases = pickle.load(sys.stdin.buffer)
    work = Path(sys.argv[1])
    os.environ["HERMES_HOME"] = str(work / "unused")
    os.environ["HERMES_MANAGED_DIR"] = str(work)  # exists, holds no config.yaml: no managed scope
    from hermes_cli import config

    failures: list[str] = []
    config._warn_config_parse_failure = lambda path, exc, **kw: failures.append(repr(exc))
    results = []
    for index, (raw, env) in enumerate(cases):
        home = work / f"case-{index}"
        home.mkdir()
        (home / "config.yaml").write_bytes(raw)
        os.environ["HERMES_HOME"] = str(home)
        os.environ.update(env)
        del failures[:]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            loaded = config.load_config()
        results.append(
            {
                "model": loaded.get("model"),
                "fell_back": bool(failures),
                "env": dict(os.environ),
            }
        )
        for name in env:
            del os.environ[name]
    pickle.dump(results, sys.stdout.buffer)


if __name__ == "__main__":
    main()
