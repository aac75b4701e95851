"""The scenario file of SPEC §8: `config.yaml` → `config.scenarios.yaml`, beside the config.

Read like the config (PyYAML's C parser, YAML 1.1, node positions kept), and checked in full:
every problem is reported at once, each as `FILE:LINE:COL: sentence`, and a file with any
problem gives no `ScenarioFile` at all, so nothing can be written over it. Route references
depend on the config and are checked against it separately (`reference_problems`).

Adding a scenario splices its lines into the text (after the last scenario, in the file's own
indentation, or as a new `scenarios:` list), keeping every other byte and comment; a missing
file is created with a short header comment. The new text is re-read and must hold the old
scenarios plus exactly the new one, else EditError and nothing changes. Saving is atomic, keeps
a backup and refuses to overwrite a file changed on disk since it was read, as for the config.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.compare import same
from routedeck.document.errors import (
    DocumentError,
    EditError,
    SaveError,
)
from routedeck.document.files import read_regular_file
from routedeck.document.layout import (
    MERGE,
    is_empty_value,
    item_entry,
    key_value,
    split_comment,
    strip_break,
)
from routedeck.document.parse import Parsed, decode, parse
from routedeck.document.render import Style, flow, scalar
from routedeck.document.saving import Fingerprint, save_file
from routedeck.routing import CompiledRoutes
from routedeck.routing.scenarios import EXPECT_FIELDS, ROUTE, Scenario, reference_problems

SCENARIOS = "scenarios"
ITEM_KEYS = ("name", "context", "expect")
HEADER = (
    "# routedeck scenarios: contexts and what each must get (see `routedeck test --help`).\n"
    "# `expect` takes route (a route's name, routes[N], platforms.NAME, by_source.KIND or\n"
    "# null), model, provider, base_url, api_mode, command, args and api_key.\n"
)
_STYLE = Style(flow_spaces=False)


def default_scenarios_path(config_path: str | os.PathLike[str]) -> Path:
    """`config.yaml` → `config.scenarios.yaml` (`.yml` likewise; any other name gets
    `.scenarios.yaml` added), in the same folder."""
    path = Path(config_path)
    if path.suffix in (".yaml", ".yml"):
        return path.with_name(f"{path.stem}.scenarios{path.suffix}")
    return path.with_name(f"{path.name}.scenarios.yaml")


@dataclass(frozen=True)
class ScenarioProblem:
    """One problem of a scenario file; `line` and `column` are 1-based."""

    path: Path | None
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path or '<scenarios>'}:{self.line}:{self.column}: {self.message}"


class ScenarioFileError(DocumentError):
    """A scenario file that cannot be used: every problem found, in file order."""

    def __init__(self, problems: Sequence[ScenarioProblem]) -> None:
        first = problems[0]
        super().__init__(first.message, first.line, first.column)
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


@dataclass(frozen=True)
class _Located:
    """A scenario with where it is written: its item, and its `route:` value when present."""

    scenario: Scenario
    at: tuple[int, int]
    route_at: tuple[int, int] | None


class ScenarioFile:
    """A scenario file. Create with `load(path)` (a missing file is an empty one) or
    `from_text(text, path)`; raises ScenarioFileError for any problem in the text."""

    def __init__(
        self,
        text: str,
        path: str | os.PathLike[str] | None = None,
        *,
        fingerprint: Fingerprint | None = None,
        on_disk: bool = False,
    ) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self._parsed, self._located = _read(text, self.path)
        self._loaded_text = text
        self._fingerprint = fingerprint
        self._on_disk = on_disk

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ScenarioFile:
        """Read `path`; a missing file is an empty scenario file that `append` creates."""
        path = Path(path)
        try:
            raw, status = read_regular_file(path)
            text = decode(raw)
        except FileNotFoundError:
            return cls("", path)
        except DocumentError as exc:
            raise ScenarioFileError([_problem(path, exc)]) from None
        return cls(text, path, fingerprint=Fingerprint.of(raw, status), on_disk=True)

    @classmethod
    def from_text(cls, text: str, path: str | os.PathLike[str] | None = None) -> ScenarioFile:
        return cls(text, path)

    # ------------------------------------------------------------ reading

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(located.scenario for located in self._located)

    @property
    def exists(self) -> bool:
        """Whether the file was on disk when read (or saved since)."""
        return self._on_disk

    def to_text(self) -> str:
        return self._parsed.text

    @property
    def is_dirty(self) -> bool:
        return self._parsed.text != self._loaded_text

    def location(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of scenario `index`."""
        return self._located[index].at

    def reference_problems(
        self, model_config: Any, *, compiled: CompiledRoutes | None = None
    ) -> list[ScenarioProblem]:
        """Every `route:` expectation that names no route of `model_config`, at its value,
        with a did-you-mean (for `routedeck test`: such a file is invalid, exit 2)."""
        found = reference_problems(model_config, self.scenarios, compiled=compiled)
        problems = []
        for index, message in found:
            located = self._located[index]
            line, column = located.route_at or located.at
            problems.append(ScenarioProblem(self.path, line, column, f"route: {message}"))
        return problems

    # ------------------------------------------------------------ editing

    def append(self, scenario: Scenario) -> None:
        """Add `scenario` after the last one (creating `scenarios:`, or the file with a header
        comment), keeping every other byte. EditError when it cannot be placed (a flow-style
        `scenarios: [...]` list) or would not read back exactly; the text is then unchanged."""
        _check_new(scenario)
        text = _with_appended(self._parsed, scenario)
        try:
            parsed, located = _read(text, self.path)
        except ScenarioFileError as exc:
            raise EditError(f"the new scenario would not read back ({exc.message})") from None
        wanted = [_as_data(each) for each in (*self.scenarios, scenario)]
        if not same([_as_data(each.scenario) for each in located], wanted):
            raise EditError("the new scenario would not read back as intended; nothing changed")
        self._parsed, self._located = parsed, located

    def as_loaded(self) -> ScenarioFile:
        """The file as it was read or last saved, without the scenarios appended since."""
        return ScenarioFile(
            self._loaded_text, self.path, fingerprint=self._fingerprint, on_disk=self._on_disk
        )

    # ------------------------------------------------------------ saving

    def diff(self, mask_secrets: bool = True) -> str:
        """Unified diff of the text as read against the current one (`a/NAME`, `b/NAME`),
        every `api_key` value masked unless `mask_secrets` is False."""
        from routedeck.document.diffing import masked_diff

        name = self.path.name if self.path else "scenarios.yaml"
        loaded = parse(self._loaded_text, allow_empty=True)
        return masked_diff(loaded, self._parsed, name, mask_secrets=mask_secrets)

    def save(self, force: bool = False) -> Path | None:
        """Write the current text as the config is written (`saving.save_file`: atomic, under
        the file's save lock, keeping owner, mode and hard links; new files 0600), the previous
        content kept in `<file>.bak`; returns the backup's path (None for a new file).
        ChangedOnDiskError when the file changed (or appeared) on disk since it was read, unless
        `force`; SaveError when it cannot be written."""
        if self.path is None:
            raise SaveError("there is no file name to save the scenarios to")
        data = self.to_text().encode("utf-8")
        expected = self._fingerprint if self._on_disk else None
        backup = save_file(self.path, data, expected=expected, force=force)
        self._loaded_text = self.to_text()
        mode = self._fingerprint.mode if self._fingerprint is not None else None
        self._fingerprint = Fingerprint(Fingerprint.of(data).sha256, mode)
        self._on_disk = True
        return backup


# ---------------------------------------------------------------- reading and checking


def _read(text: str, path: Path | None) -> tuple[Parsed, list[_Located]]:
    try:
        parsed = parse(text, allow_empty=True)
    except DocumentError as exc:
        raise ScenarioFileError([_problem(path, exc)]) from None
    checker = _Checker(path)
    located = checker.file(parsed)
    if checker.problems:
        raise ScenarioFileError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return parsed, located


def _problem(path: Path | None, error: DocumentError) -> ScenarioProblem:
    """The parser's error as a problem of this file (its words about a config adjusted)."""
    message = error.message.replace("a mapping of settings", "a mapping holding `scenarios:`")
    if not message.startswith(_OWN_MESSAGES):
        message = f"not valid YAML: {message}"
    if error.line is None:
        return ScenarioProblem(path, 1, 1, message)
    return ScenarioProblem(path, error.line, error.column or 1, message)


_OWN_MESSAGES = ("duplicate key", "the top level", "the file", "the character", "the agent's")


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Checker:
    """Walks the nodes (for positions) beside the data (as read), collecting problems."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problems: list[ScenarioProblem] = []

    def report(self, node: Node | tuple[int, int], message: str) -> None:
        line, column = node if isinstance(node, tuple) else _at(node)
        self.problems.append(ScenarioProblem(self.path, line, column, message))

    def file(self, parsed: Parsed) -> list[_Located]:
        root = parsed.root
        if root is None:
            return []
        pairs = _pairs(root)
        for key, (key_node, _) in pairs.items():
            if key != SCENARIOS:
                hint = _did_you_mean(key, (SCENARIOS,))
                self.report(key_node, f"unknown key `{key}`: the file holds `scenarios:`{hint}")
        if SCENARIOS not in pairs:
            if SCENARIOS in parsed.data:
                self.report(root, "`scenarios:` comes from a `<<:` merge: write it out directly")
            elif not self.problems:
                self.report(root, "there is no `scenarios:` list")
            return []
        node = pairs[SCENARIOS][1]
        items = parsed.data[SCENARIOS]
        if items is None:
            return []
        if not isinstance(node, SequenceNode) or not isinstance(items, list):
            self.report(node, f"`scenarios` must be a list of scenarios, not {_a(items)}")
            return []
        found = [
            self.item(item_node, item) for item_node, item in zip(node.value, items, strict=True)
        ]
        return [located for located in found if located is not None]

    def item(self, node: Node, item: Any) -> _Located | None:
        if not isinstance(item, Mapping) or not isinstance(node, MappingNode):
            self.report(
                node, f"a scenario must be a mapping with context and expect, not {_a(item)}"
            )
            return None
        pairs = _pairs(node)
        for key, (key_node, _) in pairs.items():
            if key not in ITEM_KEYS:
                hint = _did_you_mean(key, ITEM_KEYS)
                self.report(key_node, f"unknown scenario key `{key}`{hint}")
        name = item.get("name")
        if isinstance(name, list | Mapping):
            self.report(_node_of(pairs, "name", node), "`name` must be text, not " + _a(name))
        context = self.mapping(item, pairs, node, "context")
        expect = self.mapping(item, pairs, node, "expect")
        context_node = _node_of(pairs, "context", node, value=True)
        expect_node = _node_of(pairs, "expect", node, value=True)
        if context is not None:
            self.context(context, context_node)
        if expect is not None:
            self.expect(expect, expect_node)
        if context is None or expect is None:
            return None
        route_at = _route_at(expect_node)
        shown_name = None if name is None or name == "" else str(name)
        return _Located(Scenario(dict(context), dict(expect), shown_name), _at(node), route_at)

    def mapping(
        self, item: Mapping[Any, Any], pairs: _Pairs, node: Node, key: str
    ) -> Mapping[Any, Any] | None:
        if key not in item:
            self.report(node, f"the scenario has no `{key}`: {key} is required")
            return None
        value = item[key]
        where = _node_of(pairs, key, node, value=value is not None)
        if not isinstance(value, Mapping):
            self.report(
                where, f"`{key}` must be a mapping such as {_EXAMPLES[key]}, not {_a(value)}"
            )
            return None
        if not value:
            self.report(
                where, f"`{key}` is empty: it needs at least one key, such as {_EXAMPLES[key]}"
            )
            return None
        return value

    def context(self, context: Mapping[Any, Any], node: Node) -> None:
        pairs = _pairs(node)
        for key, value in context.items():
            if isinstance(value, list | Mapping):
                where = _node_of(pairs, key, node, value=True)
                self.report(where, f"context {key} must be a single value, not {_a(value)}")

    def expect(self, expect: Mapping[Any, Any], node: Node) -> None:
        pairs = _pairs(node)
        for key, value in expect.items():
            if key not in EXPECT_FIELDS:
                hint = _did_you_mean(key, EXPECT_FIELDS)
                fields = ", ".join(EXPECT_FIELDS)
                self.report(
                    _node_of(pairs, key, node),
                    f"unknown expect field `{key}`{hint}; the fields are {fields}",
                )
            elif key == "args" and not (value is None or isinstance(value, list)):
                self.report(
                    _node_of(pairs, key, node, value=True),
                    f"expect args must be a list such as [--flag], not {_a(value)}",
                )
            elif key != "args" and isinstance(value, list | Mapping):
                self.report(
                    _node_of(pairs, key, node, value=True),
                    f"expect {key} must be a single value, not {_a(value)}",
                )


_EXAMPLES = {"context": "{platform: cli, source_kind: owner}", "expect": "{model: gpt-4o}"}
_Pairs = dict[Any, tuple[Node, Node]]


def _pairs(node: Node) -> _Pairs:
    """A mapping node's entries by key as read (`<<` merges and complex keys left out)."""
    if not isinstance(node, MappingNode):
        return {}
    found: _Pairs = {}
    for key, value in node.value:
        read = key_value(key)
        if isinstance(key, ScalarNode) and read is not MERGE:
            found.setdefault(read, (key, value))
    return found


def _node_of(pairs: _Pairs, key: Any, fallback: Node, *, value: bool = False) -> Node:
    """The key's (or `value`'s) node; `fallback` when the entry is not written here (it comes
    from a `<<:` merge)."""
    entry = pairs.get(key)
    if entry is None:
        return fallback
    return entry[1] if value else entry[0]


def _route_at(expect: Node) -> tuple[int, int] | None:
    entry = _pairs(expect).get(ROUTE)
    return None if entry is None else _at(entry[1])


def _a(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _did_you_mean(word: Any, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), list(candidates), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


# ---------------------------------------------------------------- appending


def _check_new(scenario: Scenario) -> None:
    if not scenario.context:
        raise EditError("a scenario needs a context with at least one key")
    if not scenario.expect:
        raise EditError("a scenario needs at least one expected field")
    unknown = [key for key in scenario.expect if key not in EXPECT_FIELDS]
    if unknown:
        raise EditError(f"unknown expect field `{unknown[0]}`")


def _as_data(scenario: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = {} if scenario.name is None else {"name": scenario.name}
    return data | {"context": dict(scenario.context), "expect": dict(scenario.expect)}


def _with_appended(p: Parsed, scenario: Scenario) -> str:
    root = p.root
    entry = _pairs(root).get(SCENARIOS) if root is not None else None
    if entry is None:
        return _new_list(p, scenario)
    key, value = entry
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        return _after_last(p, value, scenario)
    if is_empty_value(value) and value.start_mark.line == key.start_mark.line:
        return _fill_empty(p, key, value, scenario)
    raise EditError(
        "`scenarios:` is written as a flow list [...]: write it as a block list "
        "(one `- ` item per scenario) to add scenarios from routedeck"
    )


def _item_lines(scenario: Scenario, dash_col: int, key_col: int, step: int) -> list[str]:
    """The scenario as a block item: `- name: …`, `context: {…}`, `expect:` and its fields."""
    lines = []
    if scenario.name is not None:
        lines.append(f"name: {_flow_value(scenario.name)}")
    lines.append(f"context: {_flow_mapping(scenario.context)}")
    lines.append("expect:")
    dash = " " * dash_col + "-" + " " * (key_col - dash_col - 1)
    shown = [(dash if number == 0 else " " * key_col) + line for number, line in enumerate(lines)]
    child = " " * (key_col + step)
    shown += [f"{child}{_flow_value(k)}: {_flow_value(v)}" for k, v in scenario.expect.items()]
    return shown


def _flow_mapping(mapping: Mapping[Any, Any]) -> str:
    inner = ", ".join(f"{_flow_value(key)}: {_flow_value(value)}" for key, value in mapping.items())
    return "{" + inner + "}"


def _flow_value(value: Any) -> str:
    """A value inside a flow collection. Text is quoted when it holds `?` (PyYAML's pure-Python
    loader rejects `{user_id: who?}`) or when a YAML 1.2 reader would take it for a number,
    boolean or null (`0o17`, `1e3`, `+.5`), as SPEC §6 asks of everything routedeck writes."""
    if isinstance(value, str) and ("?" in value or _YAML12_NOT_TEXT.fullmatch(value)):
        return scalar(value, plain=False)
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return _flow_mapping(value)
    return flow(value, _STYLE)


_YAML12_NOT_TEXT = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"  # YAML 1.2 core schema: integers
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"  # floats
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
    r"|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)


def _joined(p: Parsed, lines: list[str], before: int) -> str:
    """The text with `lines` inserted before line `before`, in the file's line breaks (a
    last line without a break gets one first)."""
    existing = list(p.lines)
    if before > 0 and not existing[before - 1].endswith(("\n", "\r")):
        existing[before - 1] += p.newline
    new = [line + p.newline for line in lines]
    return p.bom + "".join(existing[:before] + new + existing[before:])


def _new_list(p: Parsed, scenario: Scenario) -> str:
    head = [] if p.text.strip() else [strip_break(line)[0] for line in HEADER.splitlines(True)]
    lines = [*head, f"{SCENARIOS}:", *_item_lines(scenario, 2, 4, 2)]
    return _joined(p, lines, len(p.lines))


def _after_last(p: Parsed, seq: SequenceNode, scenario: Scenario) -> str:
    last = item_entry(p, seq, len(seq.value) - 1)
    item = seq.value[-1]
    key_col = item.start_mark.column if isinstance(item, MappingNode) else last.col + 2
    step = _step(item, key_col)
    end = last.last
    while end + 1 < len(p.lines) and _is_comment_under(p.lines[end + 1], last.col):
        end += 1  # comments indented under the last scenario describe it: the new one follows
    return _joined(p, _item_lines(scenario, last.col, key_col, step), end + 1)


def _is_comment_under(line: str, col: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) > col


def _step(item: Node, key_col: int) -> int:
    """How far the file indents a block `expect:` under its key (2 when none is written)."""
    entry = _pairs(item).get("expect")
    if entry is not None and isinstance(entry[1], MappingNode) and not entry[1].flow_style:
        return max(entry[1].start_mark.column - key_col, 1)
    return 2


def _fill_empty(p: Parsed, key: Node, value: Node, scenario: Scenario) -> str:
    """`scenarios:` / `scenarios: []` / `scenarios: ~` on one line: the value goes, any
    end-of-line comment stays, and the item follows on the next lines."""
    line = key.start_mark.line
    body, brk = strip_break(p.lines[line])
    colon = body.index(":", key.end_mark.column)
    written = value.end_mark.line == line and value.end_mark.column > colon
    _, comment = split_comment(body, value.end_mark.column if written else colon + 1)
    lines = list(p.lines)
    lines[line] = body[: colon + 1] + comment + (brk or p.newline)
    col = key.start_mark.column
    new = [text + p.newline for text in _item_lines(scenario, col + 2, col + 4, 2)]
    return p.bom + "".join(lines[: line + 1] + new + lines[line + 1 :])
