"""Fidelity under random edit scripts (issue 8): on generated configs and on the corpus, every
accepted edit reads back as intended with both of the agent's loaders (and with a YAML 1.2
reader, for what routedeck wrote), every comment keeps its owner (SPEC §6), a refused edit
changes nothing, and no-op round trips, undo and redo give back the exact text.

The oracle is independent of the document layer: generated comments carry a tag (`§n`) naming
their owner, and where each one ended up is judged from the final text's lines and PyYAML's
node positions. `scripts/fidelity.py` runs thousands of scripts; CI runs `SCRIPTS` of them.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from ruamel.yaml import YAML

from routedeck.document import ConfigDocument, EditError
from routedeck.document.compare import same
from routedeck.paths import demo_config_text
from routedeck.routing import MigrationError, plan_migration

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SCRIPTS = int(os.environ.get("ROUTEDECK_FIDELITY_SCRIPTS", "120"))
BOM = "\ufeff"

NASTY = [
    "telegram", "cli", "owner", "gpt-4o", "vendor/model", "on", "off", "yes", "No", "y",
    "0123", "0o17", "083", "09", "1e3", "1E+3", "+.5", "-.5", ".inf", "12:30", "1_000", "0x1F",
    "~", "null", "true", "", " lead", "trail ", "a: b", "x #y", "who?", "https://a/b?c=d",
    "-", "- x", "--fast", "?", ":x", "a,b", "[x", "{x}", "=", "<<", "*star", "&amp", "!bang",
    "%pct", "@at", "`tick", "|", ">", "it's", 'say "hi"', "back\\slash", "tab\there",
    "line\nbreak", "é", "🚀", "a\u2028b", "nel\x85", "\ufeffbom", "2001-12-14", "...", "---",
    "${KEY}", "${env:KEY}", "a  b",
]  # fmt: skip
KEYS = ["platform", "source_kind", "user_id", "chat", "on", "0123", "a b", "x:y", "é"]
FIELDS = ["provider", "base_url", "api_key", "api_mode", "context_length", "args", "name"]


# ---------------------------------------------------------------- writing values


def lit(value: Any) -> str:
    """`value` as YAML text that both YAML 1.1 and 1.2 readers read back as it is."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in value.items()) + "}"
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_/.-]*", value) and _plain_reads_back(value):
        return value
    text = json.dumps(value, ensure_ascii=False)
    for char in "\u2028\u2029\x85\ufeff\x7f":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _plain_reads_back(text: str) -> bool:
    if yaml.safe_load(f"k: {text}")["k"] != text:
        return False
    return YAML(typ="safe", pure=True).load(f"k: {text}")["k"] == text


# ---------------------------------------------------------------- generated configs


@dataclass(frozen=True)
class Note:
    """Who owns a tagged comment: `kind` is "route" (route `route`, anywhere in it), "eol"
    (route `route`, on the line of its key `path`), "model" (on the line of model key
    `path`, `()` for `model:` itself), "outside" (no route; "above" when it sits above the
    dash of route `route`), or "routes" (inside some route: carried by a migration)."""

    kind: str
    route: str | None = None
    path: tuple[Any, ...] = ()


@dataclass
class Config:
    text: str = ""
    notes: dict[int, Note] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def tag(self, note: Note) -> str:
        number = len(self.notes)
        self.notes[number] = note
        return f"# §{number} {note.kind}"


def random_scalar(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.75:
        return rng.choice(NASTY)
    if roll < 0.85:
        return rng.randint(-5, 5000)
    if roll < 0.95:
        return rng.choice([True, False])
    return rng.choice([None, 1.5])


def random_route(rng: random.Random) -> dict[str, Any]:
    route: dict[str, Any] = {}
    if rng.random() < 0.3:
        route["name"] = rng.choice(NASTY)
    keys = rng.sample(KEYS, rng.randint(0 if rng.random() < 0.05 else 1, 3))
    route["match"] = {key: random_scalar(rng) for key in keys}
    route["model"] = rng.choice(NASTY)
    for key in rng.sample(FIELDS[:5], rng.randint(0, 2)):
        route[key] = random_scalar(rng)
    if rng.random() < 0.3:
        route["args"] = [random_scalar(rng) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.2:
        items = list(route.items())
        rng.shuffle(items)
        route = dict(items)
    return route


class Writer:
    """Writes a config in a random layout, tagging every comment with its owner."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.config = Config()
        self.step = rng.choice([2, 4])
        self.offset = rng.choice([0, 2])
        self.anchors = rng.random() < 0.25
        self.routes: list[Any] = []
        self.merged: dict[str, Any] = {"provider": "pd", "api_mode": "am"}

    def line(self, text: str) -> None:
        self.config.lines.append(text)

    def tag(self, note: Note) -> str:
        return self.config.tag(note)

    def eol(self, note: Note) -> str:
        return "  " + self.tag(note) if self.rng.random() < 0.6 else ""

    def write(self) -> tuple[Config, dict[str, Any]]:
        rng = self.rng
        if rng.random() < 0.7:
            self.line(self.tag(Note("outside")))
        if self.anchors:
            self.line(f"defaults: &defaults {lit(self.merged)}" + self.eol(Note("outside")))
        if rng.random() < 0.3:
            self.line("before: 1" + self.eol(Note("outside")))
        shape = rng.random()
        if shape < 0.05:
            pass  # no model: at all
        elif shape < 0.1:
            self.line(
                "model: " + lit(rng.choice(NASTY[:6])) + self.eol(Note("model", None, ("default",)))
            )
        else:
            self.model_block()
        if rng.random() < 0.6:
            self.line("")
            self.line(self.tag(Note("outside")))
            self.line("terminal:")
            self.line(" " * self.step + "backend: local" + self.eol(Note("outside")))
        newline = rng.choice(["\n", "\n", "\r\n"])
        text = newline.join(self.config.lines) + (newline if rng.random() < 0.9 else "")
        if rng.random() < 0.1:
            text = BOM + text
        self.config.text = text
        data = yaml.safe_load(text) or {}
        return self.config, data

    def model_block(self) -> None:
        rng, col = self.rng, self.step
        self.line("model:" + self.eol(Note("model")))
        if rng.random() < 0.8:
            self.line(
                " " * col
                + "default: "
                + lit(rng.choice(NASTY))
                + self.eol(Note("model", None, ("default",)))
            )
        if rng.random() < 0.4:
            self.line(" " * col + self.tag(Note("outside")))
        if rng.random() < 0.5:
            self.line(
                " " * col
                + "provider: "
                + lit(rng.choice(NASTY))
                + self.eol(Note("model", None, ("provider",)))
            )
        roll = rng.random()
        if roll < 0.1:
            self.line(" " * col + "routes: []" + self.eol(Note("model", None, ("routes",))))
        elif roll < 0.9:
            self.line(" " * col + "routes:" + self.eol(Note("model", None, ("routes",))))
            for index in range(rng.randint(1, 6)):
                self.route(index)
        if rng.random() < 0.3:
            self.line(" " * col + self.tag(Note("outside")))
        if rng.random() < 0.3:
            self.line(" " * col + "api_mode: chat" + self.eol(Note("model", None, ("api_mode",))))
        if rng.random() < 0.3:
            self.legacy()

    def legacy(self) -> None:
        rng, col = self.rng, self.step
        for section in rng.sample(["platforms", "by_source"], rng.randint(1, 2)):
            names = (
                ["telegram", "discord", "slack"]
                if section == "platforms"
                else ["stranger", "owner"]
            )
            self.line("")  # a comment above the heading would be the section's
            self.line(" " * col + self.tag(Note("legacy")))
            self.line(" " * col + section + ":" + self.eol(Note("legacy")))
            for name in rng.sample(names, rng.randint(1, len(names))):
                if rng.random() < 0.5:
                    self.line(" " * (col * 2) + self.tag(Note("legacy")))
                if section == "platforms" and rng.random() < 0.5:
                    self.line(
                        " " * (col * 2)
                        + f"{name}: {lit(rng.choice(NASTY[:5]))}"
                        + self.eol(Note("legacy"))
                    )
                else:
                    self.line(" " * (col * 2) + f"{name}:" + self.eol(Note("legacy")))
                    self.line(
                        " " * (col * 3)
                        + f"model: {lit(rng.choice(NASTY[:5]))}"
                        + self.eol(Note("legacy"))
                    )

    def route(self, index: int) -> None:
        rng = self.rng
        rid = f"r{index}"
        dash = self.step + self.offset
        key_col = dash + 2
        gap = rng.choice(["", "", "blank", "detached", "above", "above-lead"])
        if gap == "blank" or (index and rng.random() < 0.3):
            self.line("")
        if gap == "detached":
            self.line("")
            self.line(" " * rng.choice([dash, key_col]) + self.tag(Note("outside")))
            self.line("")
        if gap.startswith("above"):
            self.line("")
            self.line(" " * key_col + self.tag(Note("outside", rid)))
        for _ in range(rng.choice([0, 0, 1, 2]) if gap != "above-lead" else 1):
            self.line(" " * dash + self.tag(Note("route", rid)))
        if self.anchors and self.routes and rng.random() < 0.15:
            target = rng.randrange(len(self.routes))
            if isinstance(self.routes[target], str):
                self.line(" " * dash + f"- *{self.routes[target]}" + self.eol(Note("route", rid)))
                self.routes.append(("alias", target))
                self.config.ids.append(rid)
                return
        route = random_route(rng)
        style = rng.choice(["block", "block", "block", "lone", "flow"])
        if style == "flow" or (self.anchors and rng.random() < 0.2):
            anchor = f"&a{index} " if self.anchors else ""
            self.line(" " * dash + "- " + anchor + lit(route) + self.eol(Note("eol", rid, ())))
            self.routes.append(f"a{index}" if anchor else route)
        else:
            self.block_route(rid, route, dash, key_col, style == "lone")
            self.routes.append(route)
        for _ in range(rng.choice([0, 0, 1, 2])):
            self.line(" " * (key_col + rng.choice([0, 2])) + self.tag(Note("route", rid)))
        self.config.ids.append(rid)

    def block_route(self, rid: str, route: dict[str, Any], dash: int, col: int, lone: bool) -> None:
        rng = self.rng
        items = list(route.items())
        if self.anchors and rng.random() < 0.3:
            items.insert(rng.randrange(len(items) + 1), ("<<", "*defaults"))
        if lone:
            self.line(" " * dash + "-" + self.eol(Note("route", rid)))
        for number, (key, value) in enumerate(items):
            prefix = " " * dash + "- " if number == 0 and not lone else " " * col
            if number and rng.random() < 0.2:
                self.line(" " * col + self.tag(Note("route", rid)))
            if key == "<<":
                self.line(prefix + "<<: *defaults" + self.eol(Note("route", rid)))
                continue
            head = prefix + lit(key) + ":"
            if isinstance(value, dict) and value and rng.random() < 0.5:
                self.line(head + self.eol(Note("eol", rid, (key,))))
                for inner, item in value.items():
                    self.line(
                        " " * (col + 2)
                        + f"{lit(inner)}: {lit(item)}"
                        + self.eol(Note("eol", rid, (key, inner)))
                    )
            elif isinstance(value, list) and value and rng.random() < 0.5:
                self.line(head + self.eol(Note("eol", rid, (key,))))
                for position, item in enumerate(value):
                    self.line(
                        " " * (col + 2)
                        + f"- {lit(item)}"
                        + self.eol(Note("eol", rid, (key, position)))
                    )
            else:
                self.line(head + " " + lit(value) + self.eol(Note("eol", rid, (key,))))


# ---------------------------------------------------------------- the oracle


@dataclass
class Route:
    """A route of the final text: its dash line, last line, dash column and node."""

    dash: int
    last: int
    col: int
    node: Any


def final_routes(text: str) -> tuple[list[str], list[Route], Any]:
    lines = text.lstrip(BOM).splitlines()
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    model = _get(root, "model")
    seq = _get(model, "routes")
    routes: list[Route] = []
    if isinstance(seq, yaml.SequenceNode) and not seq.flow_style:
        floor = _get_key(model, "routes").start_mark.line
        for item in seq.value:
            dash = _dash(lines, item, floor, seq.start_mark.column)
            routes.append(Route(dash, dash, len(lines[dash]) - len(lines[dash].lstrip()), item))
            floor = dash
        for number, route in enumerate(routes):
            stop = routes[number + 1].dash if number + 1 < len(routes) else _seq_end(lines, route)
            last = stop - 1
            while last > route.dash and (not lines[last].strip() or _is_comment(lines[last])):
                last -= 1
            route.last = last
    return lines, routes, model


def _seq_end(lines: list[str], route: Route) -> int:
    for at in range(route.dash + 1, len(lines)):
        body = lines[at]
        if body.strip() and not _is_comment(body) and len(body) - len(body.lstrip()) <= route.col:
            return at
    return len(lines)


def _dash(lines: list[str], item: Any, floor: int, col: int) -> int:
    """The dash line of an item: its own line when written there, else the `-` above it; an
    alias item's node is elsewhere: the first dash at column `col` below `floor`."""
    line = item.start_mark.line
    if line <= floor:  # an alias
        return next(
            at
            for at in range(floor + 1, len(lines))
            if lines[at].lstrip().startswith("-") and _indent(lines[at]) == col
        )
    if lines[line][: item.start_mark.column].strip().startswith("-"):
        return line
    return next(at for at in range(line - 1, floor, -1) if lines[at].lstrip().startswith("-"))


def _get(node: Any, name: str) -> Any:
    key = _get_key(node, name)
    if key is None:
        return None
    return next(value for k, value in node.value if k is key)


def _get_key(node: Any, name: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(
        (k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == name), None
    )


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _key_line(node: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the key (or list item) `path` under `node`, read as the agent reads keys."""
    line = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if _key(k) == step), None)
            if pair is None:
                return None
            line, node = pair[0].start_mark.line, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line
        else:
            return None
    return line


def _key(node: Any) -> Any:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:merge":
        return None
    return yaml.load(yaml.serialize(node), Loader=yaml.SafeLoader)


def comment_lines(lines: list[str]) -> dict[int, int]:
    """{tag number: line} of every tagged comment (each at most once)."""
    found: dict[int, int] = {}
    for number, line in enumerate(lines):
        for match in re.finditer(r"# §(\d+) ", line + " "):
            tag = int(match.group(1))
            assert tag not in found, f"comment §{tag} written twice"
            found[tag] = number
    return found


def region_of(lines: list[str], routes: list[Route], line: int) -> tuple[str, int | None]:
    """Where a comment line sits: ("in", i) on route i's lines, ("trailing", i) in the deeper
    comments directly below it, ("attached", i) / ("above", i) in the comment run directly
    above its dash (the run's top lines deeper than the dash are "above"), ("none", None)."""
    for number, route in enumerate(routes):
        if route.dash <= line <= route.last:
            return "in", number
        if line > route.last and all(
            _is_comment(lines[at]) and _indent(lines[at]) > route.col
            for at in range(route.last + 1, line + 1)
        ):
            return "trailing", number
    for number, route in enumerate(routes):
        if line < route.dash and all(_is_comment(lines[at]) for at in range(line, route.dash)):
            run = line
            while run - 1 >= 0 and _is_comment(lines[run - 1]):
                run -= 1
            first_attached = run
            while first_attached < route.dash and _indent(lines[first_attached]) > route.col:
                first_attached += 1
            return ("attached" if line >= first_attached else "above"), number
    return "none", None


# ---------------------------------------------------------------- edit scripts


ALLOWED_REFUSALS = ("anchor", "undefined alias", "not read back", "characters long")


@dataclass
class State:
    """The test's own model of the document: the routes, their ids, the notes still owed."""

    doc: ConfigDocument
    ids: list[str]
    notes: dict[int, Note]
    has_aliases: bool
    bom: bool = False
    crlf: bool = False
    final_newline: bool = True
    loose: dict[int, str | None] = field(default_factory=dict)  # may stay in that route, or go
    gone: set[int] = field(default_factory=set)  # must not be anywhere
    refusals: list[str] = field(default_factory=list)
    counter: int = 0
    edits: int = 0


def check_text(state: State, original_outside: list[int]) -> None:
    """Every rule, on the document's current text."""
    doc = state.doc
    text = doc.to_text()
    pure = yaml.load(text, Loader=yaml.SafeLoader) or {}
    libyaml = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    assert same(pure, libyaml) and same(libyaml, doc.data), "the agent's loaders disagree"
    yaml_1_2 = YAML(typ="safe", pure=True).load(text) or {}
    assert same(yaml_1_2.get("model"), doc.model_config), "a YAML 1.2 reader reads model: otherwise"
    assert ConfigDocument.from_text(text, allow_empty=True).to_text() == text
    assert text.startswith(BOM) == state.bom, "the BOM changed"
    ends = text.endswith(("\n", "\r")) or not text.strip(BOM)
    assert ends == state.final_newline, "the final line break changed"
    if state.crlf:
        assert text.count("\n") == text.count("\r\n"), "a line break is not the file's CRLF"
    lines, routes, model = final_routes(text)
    assert len(routes) == len(doc.routes) or not isinstance(
        _get(model, "routes"), yaml.SequenceNode
    )
    where = comment_lines(lines)
    position = {rid: number for number, rid in enumerate(state.ids)}
    outside_order = []
    for tag, note in state.notes.items():
        line = where.get(tag)
        assert line is not None, f"comment §{tag} ({note}) was lost"
        kind, number = region_of(lines, routes, line)
        rid = state.ids[number] if number is not None else None
        if note.kind == "outside":
            assert kind in ("none", "above"), f"§{tag} (no owner) is now {kind} route {rid}"
            assert kind == "none" or rid == note.route, f"§{tag} is now above route {rid}"
            outside_order.append(tag)
        elif note.kind in ("route", "eol"):
            assert note.route in position
            wanted = position[note.route]
            assert number == wanted and kind in ("in", "trailing", "attached"), (
                f"§{tag} of route {note.route} is {kind} route {rid}"
            )
            if note.kind == "eol":
                item = routes[wanted].node
                expected = _key_line(item, note.path) if note.path else routes[wanted].dash
                if note.path and isinstance(item, yaml.MappingNode) and item.flow_style:
                    expected = routes[wanted].dash
                assert line == expected, f"§{tag} is not on the line of {note.path} of {rid}"
        elif note.kind == "model":
            bare = not isinstance(model, yaml.MappingNode) and note.path == ("default",)
            key_line = _key_line(_get_root(text), ("model",) if bare else ("model", *note.path))
            assert line == key_line, f"§{tag} is not on the line of model {note.path}"
        elif note.kind == "routes":
            assert kind != "none", f"§{tag} (carried to a route) is {kind}"
    assert [t for t in original_outside if t in outside_order] == outside_order
    for tag in set(where) - set(state.notes):
        assert tag not in state.gone, f"§{tag} of a deleted route is still there"
        owner = state.loose.get(tag)
        if owner is not None and owner in position:
            kind, number = region_of(lines, routes, where[tag])
            assert number == position[owner], f"§{tag} of a removed key left route {owner}"


def _get_root(text: str) -> Any:
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def drop(state: State, keep: Callable[[Note], bool], gone: bool = False) -> None:
    """Notes no longer owed: those of a deleted route must be gone, those of a removed key may
    stay in their route."""
    for tag, note in list(state.notes.items()):
        if not keep(note):
            del state.notes[tag]
            if gone:
                state.gone.add(tag)
            else:
                state.loose[tag] = note.route


def attempt(state: State, label: str, action: Callable[[], Any]) -> bool:
    """Run one edit; a refusal must leave the text untouched and give an allowed reason."""
    before = state.doc.to_text()
    try:
        change = action()
    except EditError as error:
        assert state.doc.to_text() == before, f"{label}: a refused edit changed the text"
        message = str(error)
        # only an over-long key, or (in a file with anchors) an edit that would change what an
        # alias or a merge key reads, may be refused
        assert state.has_aliases or "characters long" in message, f"{label}: {message}"
        assert any(word in message for word in ALLOWED_REFUSALS), f"{label}: {message}"
        state.refusals.append(message)
        return False
    after = state.doc.to_text()
    state.edits += 1
    if change is not None and not change.is_empty:
        state.doc.apply_change(change.inverted())
        assert state.doc.to_text() == before, f"{label}: undo did not give back the text"
        state.doc.apply_change(change)
        assert state.doc.to_text() == after, f"{label}: redo did not give back the text"
    elif change is not None:
        assert after == before
    return True


def run_script(seed: int) -> State:
    """One random config and edit script, checked after every edit."""
    rng = random.Random(seed)
    config, data = Writer(rng).write()
    doc = ConfigDocument.from_text(config.text, allow_empty=True)
    assert doc.to_text() == config.text
    assert same(doc.data, data)
    ids = list(config.ids) if isinstance(doc.model_config, dict) and doc.routes else []
    has_aliases = "*" in config.text
    state = State(doc, ids, dict(config.notes), has_aliases)
    state.bom, state.crlf = config.text.startswith(BOM), "\r\n" in config.text
    # a text without a final line break keeps lacking one; an empty one gets lines that end
    state.final_newline = config.text.endswith(("\n", "\r")) or not config.text.strip(BOM)
    outside = [tag for tag, note in config.notes.items() if note.kind == "outside"]
    check_text(state, outside)
    for _ in range(rng.randint(1, 8)):
        one_edit(state, rng)
        check_text(state, outside)
    return state


def one_edit(state: State, rng: random.Random) -> None:
    doc = state.doc
    routes = list(doc.routes)
    count = len(routes)
    roll = rng.random()
    if roll < 0.05:
        no_op(state, rng)
        return
    if roll < 0.2 or not count:
        index = rng.randint(0, count)
        route = random_route(rng)
        if rng.random() < 0.01:
            route["match"]["k" * 1100] = "long"
        if attempt(state, "insert", lambda: doc.insert_route(index, route)):
            state.counter += 1
            state.ids.insert(index, f"new{state.counter}")
            assert same(doc.routes[index], route)
        return
    index = rng.randrange(count)
    rid = state.ids[index]
    if roll < 0.35:
        if attempt(state, "delete", lambda: doc.delete_route(index)):
            state.ids.pop(index)
            drop(state, lambda note: note.route != rid or note.kind == "outside", gone=True)
            for tag, note in list(state.notes.items()):
                if note.kind == "outside" and note.route == rid:
                    state.notes[tag] = Note("outside")
        return
    if roll < 0.55:
        target = rng.randrange(count)
        if attempt(state, "move", lambda: doc.move_route(index, target)):
            state.ids.insert(target, state.ids.pop(index))
            assert same(doc.routes[target], routes[index])
        return
    if roll < 0.8:
        new = changed_route(rng, routes[index])
        if attempt(state, "update", lambda: doc.update_route(index, new)):
            assert same(doc.routes[index], new)
            drop(
                state, lambda note: note.route != rid or note.kind != "eol" or _has(new, note.path)
            )
        return
    if roll < 0.92:
        key = rng.choice(["default", "provider", "api_mode", "base_url"])
        value = None if rng.random() < 0.3 else rng.choice(NASTY)
        if attempt(state, "base", lambda: doc.set_base_field(key, value)):
            model = doc.model_config
            shown = model if isinstance(model, dict) else {"default": model}
            if value is not None:
                assert same(shown.get(key if key in shown else "model"), value)
            drop(
                state, lambda note: note.kind != "model" or not note.path or _has(shown, note.path)
            )
        return
    try:
        plan = plan_migration(doc.model_config)
    except MigrationError:
        return
    if attempt(state, "migrate", lambda: doc.apply_migration(plan)):
        state.ids += [f"migrated{n}" for n in range(len(plan.routes))]
        lines, routes, _ = final_routes(doc.to_text())
        where = comment_lines(lines)
        for tag, note in list(state.notes.items()):
            if note.kind == "legacy" and tag in where:  # carried into a route: now its own
                _, number = region_of(lines, routes, where[tag])
                if number is None:
                    continue
                assert number >= len(routes) - len(plan.routes), f"§{tag} went to an old route"
                if lines[where[tag]].lstrip().startswith("#"):
                    state.notes[tag] = Note("route", state.ids[number])
                else:  # an end-of-line comment: its key's, which an update may remove
                    del state.notes[tag]
                    state.loose[tag] = state.ids[number]


def no_op(state: State, rng: random.Random) -> None:
    """Edits that change nothing leave the text byte for byte."""
    doc, before = state.doc, state.doc.to_text()
    count = len(doc.routes)
    if count:
        index = rng.randrange(count)
        assert doc.move_route(index, index).is_empty
        if isinstance(doc.routes[index], dict):
            assert doc.update_route(index, dict(doc.routes[index])).is_empty
    model = doc.model_config
    if isinstance(model, dict) and isinstance(model.get("provider"), str):
        assert doc.set_base_field("provider", model["provider"]).is_empty
    assert doc.to_text() == before


def changed_route(rng: random.Random, route: Any) -> dict[str, Any]:
    if not isinstance(route, dict) or rng.random() < 0.15:
        return random_route(rng)
    new = dict(route)
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        key = rng.choice([*new, *FIELDS]) if new else "model"
        if roll < 0.3 and new:
            new.pop(rng.choice(list(new)))
        elif roll < 0.5:
            new["match"] = {k: random_scalar(rng) for k in rng.sample(KEYS, rng.randint(1, 3))}
        elif roll < 0.65:
            new["args"] = (
                [random_scalar(rng) for _ in range(rng.randint(0, 3))]
                if rng.random() < 0.7
                else random_scalar(rng)
            )
        else:
            new[key] = random_scalar(rng)
    return new


def _has(value: Any, path: tuple[Any, ...]) -> bool:
    for step in path:
        in_list = isinstance(value, list) and isinstance(step, int) and step < len(value)
        if not (in_list or (isinstance(value, dict) and step in value)):
            return False
        value = value[step]
    return True


# ---------------------------------------------------------------- the corpus


def run_corpus_script(name: str, seed: int) -> None:
    """Random edits on a real file: every byte outside `model:` stays, every comment of the
    model block stays but those of deleted routes, both loaders agree, undo and redo are exact."""
    rng = random.Random(seed)
    text = demo_config_text() if name == "demo" else (CORPUS / name).read_bytes().decode("utf-8")
    doc = ConfigDocument.from_text(text, allow_empty=True)
    state = State(doc, [f"r{i}" for i in range(len(doc.routes))], {}, "*" in text)
    outside = _outside_model(text)
    had_model = "model" in (yaml.safe_load(text) or {})
    for _ in range(rng.randint(1, 6)):
        one_edit(state, rng)
        current = doc.to_text()
        pure = yaml.load(current, Loader=yaml.SafeLoader) or {}
        assert same(pure, doc.data)
        assert current.endswith(("\n", "\r")) == text.endswith(("\n", "\r"))
        if not had_model:  # `model:` was added at the end
            assert current.startswith(text.rstrip("\r\n")), f"{name}: text before model: changed"
            continue
        assert _outside_model(current)[0] == outside[0], f"{name}: text before model: changed"
        assert _outside_model(current)[1] == outside[1], f"{name}: text after model: changed"


def _outside_model(text: str) -> tuple[str, str]:
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    key = _get_key(root, "model")
    lines = text.splitlines(keepends=True)
    if key is None:
        return text, ""
    index = next(i for i, (k, _) in enumerate(root.value) if k is key)
    after = root.value[index + 1][0].start_mark.line if index + 1 < len(root.value) else len(lines)
    before = key.start_mark.line
    while before > 0 and _is_comment(lines[before - 1]):
        before -= 1
    while after > before and (not lines[after - 1].strip() or _is_comment(lines[after - 1])):
        after -= 1
    return "".join(lines[:before]), "".join(lines[after + 1 :]) if after < len(lines) else ""


CHUNK = 20


@pytest.mark.parametrize("chunk", range(max(1, SCRIPTS // CHUNK)))
def test_random_edit_scripts_keep_every_rule(chunk: int) -> None:
    for seed in range(chunk * CHUNK, (chunk + 1) * CHUNK):
        try:
            run_script(seed)
        except AssertionError as error:
            raise AssertionError(f"seed {seed}: {error}") from None


CORPUS_NAMES = ["demo", *sorted(p.name for p in CORPUS.glob("*.yaml"))]


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_random_edit_scripts_on_the_corpus(name: str) -> None:
    for seed in range(4):
        run_corpus_script(name, seed)
