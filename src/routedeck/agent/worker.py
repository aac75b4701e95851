"""Runs inside the installed agent's interpreter: reports the agent, or serves its apply_route.

This file is both a module of routedeck (the wire format and `probe()` for the agent importable
in routedeck's own environment) and a script that routedeck starts with the interpreter of the
`hermes` command: `python worker.py probe` prints one JSON object; `python worker.py serve`
answers one JSON request line with one JSON response line until stdin closes. It therefore
imports nothing but the standard library.

The wire format keeps what JSON alone would lose (non-string keys, key order, dates, bytes,
sets): a mapping is `{"$map": [[key, value], ...]}`, a list a JSON list, and other values
`{"$date": ...}`, `{"$datetime": ...}`, `{"$bytes": base64}`, `{"$set": [...]}`; anything else
becomes `{"$repr": repr(value)}` (decoded as that string).
"""

from __future__ import annotations

import ast
import base64
import datetime
import importlib
import importlib.util
import json
import os
import sys
import traceback
from collections.abc import Iterable
from typing import Any, TextIO

ROUTING_MODULE = "agent.smart_model_routing"
ROUTING_FUNCTION = "apply_route"
DISTRIBUTION = "hermes-agent"


# ------------------------------------------------------------------ the wire format


def encode(value: Any) -> Any:
    """A JSON-ready form of `value` that `decode` turns back into an equal value of its type."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(item) for item in value]}
    return {"$repr": repr(value)}


def decode(value: Any) -> Any:
    """The value `encode` was given."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    ((tag, body),) = value.items()
    if tag == "$map":
        return {decode(k): decode(v) for k, v in body}
    if tag == "$datetime":
        return datetime.datetime.fromisoformat(body)
    if tag == "$date":
        return datetime.date.fromisoformat(body)
    if tag == "$bytes":
        return base64.b64decode(body)
    if tag == "$set":
        return {decode(item) for item in body}
    return body


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=True)


def loads(text: str) -> Any:
    return decode(json.loads(text))


# ------------------------------------------------------------------ finding the agent


def probe() -> dict[str, Any]:
    """What this interpreter can import of hermes-agent, without running its code unless it
    has a routing module: {"found", "version", "location", "has_routing", "problem"}."""
    spec = importlib.util.find_spec("hermes_cli")
    if spec is None or not spec.submodule_search_locations:
        return {"found": False}
    package_dir = next(iter(spec.submodule_search_locations))
    root = os.path.dirname(package_dir)
    report: dict[str, Any] = {"found": True, "version": _version(package_dir), "location": root}
    routing_file = os.path.join(root, "agent", "smart_model_routing.py")
    if not os.path.isfile(routing_file):
        report["has_routing"] = False
        return report
    try:
        module = importlib.import_module(ROUTING_MODULE)
    except Exception as error:  # the agent's own code failed to import: say so
        report["has_routing"] = None
        report["problem"] = f"importing {ROUTING_MODULE} fails: {_one_line(error)}"
        return report
    if os.path.realpath(getattr(module, "__file__", "") or "") != os.path.realpath(routing_file):
        report["has_routing"] = None
        report["problem"] = "another package named agent shadows the agent's ({})".format(
            getattr(module, "__file__", None)
        )
        return report
    report["has_routing"] = callable(getattr(module, ROUTING_FUNCTION, None))
    return report


def _version(package_dir: str) -> str | None:
    """`hermes_cli.__version__` as written (read, not imported), else the distribution's."""
    try:
        with open(os.path.join(package_dir, "__init__.py"), encoding="utf-8") as source:
            tree = ast.parse(source.read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "__version__"
                for target in node.targets
            ):
                value = ast.literal_eval(node.value)
                if isinstance(value, str):
                    return value
    except (OSError, SyntaxError, ValueError):
        pass
    try:
        from importlib import metadata

        return str(metadata.version(DISTRIBUTION))
    except Exception:
        return None


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0]


# ------------------------------------------------------------------ serving apply_route


def serve(requests: Iterable[str], responses: TextIO) -> None:
    """Answer each request line `[model, runtime_kwargs, model_config, context]` (wire format)
    with `{"ok": [model, runtime_kwargs]}` or `{"raised": "TypeError: ..."}`."""
    try:
        apply_route = getattr(importlib.import_module(ROUTING_MODULE), ROUTING_FUNCTION)
    except Exception as error:
        responses.write(json.dumps({"fatal": _one_line(error)}) + "\n")
        responses.flush()
        return
    responses.write(json.dumps({"ready": True}) + "\n")
    responses.flush()
    for line in requests:
        try:
            model, runtime_kwargs, model_config, context = loads(line)
        except Exception as error:
            answer = {"fatal": "unreadable request: " + _one_line(error)}
        else:
            try:
                answer = {
                    "ok": encode(list(apply_route(model, runtime_kwargs, model_config, context)))
                }
            except Exception as error:
                answer = {"raised": _one_line(error)}
        responses.write(json.dumps(answer, ensure_ascii=True) + "\n")
        responses.flush()


def main(argv: list[str]) -> int:
    if sys.path and os.path.realpath(sys.path[0]) == os.path.realpath(os.path.dirname(__file__)):
        del sys.path[0]  # this folder is routedeck's, not the agent's
    if argv[1:] == ["probe"]:
        try:
            report = probe()
        except Exception:
            report = {"found": True, "problem": traceback.format_exc().strip().splitlines()[-1]}
        sys.stdout.write(json.dumps(report) + "\n")
        return 0
    if argv[1:] == ["serve"]:
        responses = sys.stdout
        sys.stdout = sys.stderr  # whatever the agent prints must not reach the protocol
        serve(sys.stdin, responses)
        return 0
    sys.stderr.write("usage: worker.py probe | serve\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
