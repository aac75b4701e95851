"""Reading the text an edit wrote as the agent does, without reading the whole file again.

Each splice of an edit is widened to a *window*: from the first line of the route (or `model:`
key) before it to the first line of the route (or key) after it. Such a line starts where the
reader is in the same state in any text with the same keys above it: a block list or mapping at
those columns, between two of its entries. So a window read alone, under synthetic `model:` and
`routes:` lines at the real columns, reads as it does in the whole text, and everything below
it reads as before. Both of the agent's loaders read each window (libyaml's CSafeLoader and
PyYAML's pure-Python SafeLoader, which refuses some text libyaml accepts); the new file's data is
the old data with the windows' parts replaced, and the node marks below a window catch up
lazily (see `tree.Lagging`).

A file with aliases (a window could use an anchor outside it) or directives (`%TAG`), or an edit
outside `model:` (creating it, or opening a bare `model: x`), is read whole by libyaml instead;
the pure-Python reader then reads the windows alone when they can be, else the whole text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.compare import same
from routedeck.document.edits import Model, Splice
from routedeck.document.errors import DocumentError, EditError
from routedeck.document.layout import (
    Entry,
    indentation,
    is_block,
    is_comment,
    item_entry,
    key_value,
    last_line,
)
from routedeck.document.parse import (
    MERGE_TAG,
    NULL_TAG,
    Parsed,
    parse,
    read_part,
    shape_of,
    shares_nodes,
)
from routedeck.document.tree import Lagging, moved, shift

ROUTES, MODEL, TOP = 0, 1, 2  # the levels a window can sit at


@dataclass(frozen=True)
class Frame:
    """Where `model:` and `routes:` are in a parsed text. `model` and `seq` are set when they are
    block collections whose key lines hold nothing but the key (and a comment), so that a
    synthetic key line can stand in for them; `local` when windows may be read alone."""

    root: MappingNode
    model_at: int
    model_key: Entry
    model: MappingNode | None
    model_end: int
    routes_at: int
    routes_key: Entry | None
    seq: SequenceNode | None
    seq_end: int
    local: bool


def frame_of(p: Parsed) -> Frame | None:
    """The frame of `p`; None when it has no `model:` in a block mapping."""
    root = p.root
    if root is None or root.flow_style:
        return None
    model = Model.of(p)
    entry = model.entry
    if entry is None:
        return None
    model_at = _index_of(root, entry)
    model_end = _next_key_line(root, model_at, len(p.lines))
    mapping = model.mapping if _stands_alone(p, entry) else None
    local = p.rereads_locally and mapping is not None and _plain_keys(p, mapping)
    routes = model.find("routes") if mapping is not None else None
    seq = routes.value if routes is not None else None
    if routes is None or not isinstance(seq, SequenceNode) or not is_block(seq):
        return Frame(root, model_at, entry, mapping, model_end, -1, None, None, model_end, local)
    if not _stands_alone(p, routes) or mapping is None:
        return Frame(root, model_at, entry, mapping, model_end, -1, None, None, model_end, local)
    routes_at = _index_of(mapping, routes)
    seq_end = _next_key_line(mapping, routes_at, model_end)
    return Frame(root, model_at, entry, mapping, model_end, routes_at, routes, seq, seq_end, local)


def _index_of(mapping: MappingNode, entry: Entry) -> int:
    return next(i for i, (key, _) in enumerate(mapping.value) if key is entry.key)


def _next_key_line(mapping: MappingNode, index: int, default: int) -> int:
    if index + 1 < len(mapping.value):
        line: int = mapping.value[index + 1][0].start_mark.line
        return line
    return default


def _stands_alone(p: Parsed, entry: Entry) -> bool:
    """A key line with only the key, its colon and maybe a comment, its block value below."""
    key = entry.key
    if (
        key is None
        or key.end_mark.line != entry.first
        or entry.value.start_mark.line == entry.first
    ):
        return False
    rest = p.lines[entry.first][key.end_mark.column :].strip()
    return rest == ":" or (rest.startswith(":") and rest[1:].lstrip().startswith("#"))


def _plain_keys(p: Parsed, mapping: MappingNode) -> bool:
    """No merge key in `model:`, so its entries and the agent's dict match one to one."""
    data = p.data.get("model")
    merges = any(key.tag == MERGE_TAG for key, _ in mapping.value)
    return not merges and isinstance(data, dict) and len(data) == len(mapping.value)


# ---------------------------------------------------------------- windows


@dataclass(frozen=True)
class Region:
    """A window: old lines [start, end), at `level`, read under `prefix`. It holds the routes
    [routes[0], routes[1]) and the `model:` entries [entries[0], entries[1]) (a MODEL window
    that starts inside the route list holds its last routes and the entries after it);
    `after` is the (index, dash column) of the route whose dash is line `end`."""

    level: int
    start: int
    end: int
    prefix: tuple[str, ...]
    routes: tuple[int, int]
    entries: tuple[int, int]
    after: tuple[int, int] | None
    inside_routes: bool = False


def _last_before(count: int, line_of: Callable[[int], int], limit: int) -> int:
    """The greatest i < count with line_of(i) < limit, else -1."""
    return bisect_left(range(count), limit, key=line_of) - 1


def _first_from(count: int, line_of: Callable[[int], int], limit: int) -> int:
    """The least i with line_of(i) >= limit, else count."""
    return bisect_left(range(count), limit, key=line_of)


def region(p: Parsed, frame: Frame | None, start: int, end: int, level: int = ROUTES) -> Region:
    """The window around old lines [start, end) at `level` or the first level above it that
    holds them."""
    if frame is None:
        return _top_region(p, start, end)
    seq, key, model = frame.seq, frame.routes_key, frame.model
    in_routes = key is not None and key.first < start and end <= frame.seq_end
    if seq is not None and key is not None and level <= ROUTES and in_routes:
        return _routes_region(p, frame, seq, key, start, end)
    in_model = frame.model_key.first < start and end <= frame.model_end
    if model is not None and level <= MODEL and in_model:
        return _model_region(p, frame, model, start, end)
    return _top_region(p, start, end)


def _key_lines(p: Parsed, frame: Frame, routes_key: Entry | None = None) -> tuple[str, ...]:
    model = " " * frame.model_key.col + "model:\n"
    return (model,) if routes_key is None else (model, " " * routes_key.col + "routes:\n")


def _dashes(p: Parsed, seq: SequenceNode) -> Callable[[int], int]:
    return lambda index: item_entry(p, seq, index).first


def _routes_region(
    p: Parsed, frame: Frame, seq: SequenceNode, key: Entry, start: int, end: int
) -> Region:
    count, dash = len(seq.value), _dashes(p, seq)
    first = _last_before(count, dash, start)
    after = _first_from(count, dash, end)
    top = dash(first) if first >= 0 else key.first + 1
    if after < count:
        bottom = dash(after)
    else:
        last = item_entry(p, seq, count - 1)
        bottom = _quiet_end(p, max(last.last, end - 1) + 1, frame.seq_end, last.col)
    follower = (after, item_entry(p, seq, after).col) if after < count else None
    return Region(
        ROUTES, top, bottom, _key_lines(p, frame, key), (max(first, 0), after), (0, 0), follower
    )


def _model_region(p: Parsed, frame: Frame, mapping: MappingNode, start: int, end: int) -> Region:
    count = len(mapping.value)
    key_line: Callable[[int], int] = lambda i: mapping.value[i][0].start_mark.line  # noqa: E731
    first = _last_before(count, key_line, start)
    after = _first_from(count, key_line, end)
    if after < count:
        bottom = key_line(after)
    else:
        key, value = mapping.value[-1]
        last = max(int(key.end_mark.line), last_line(p, value), end - 1)
        bottom = _quiet_end(p, last + 1, frame.model_end, key.start_mark.column)
    seq, routes_key = frame.seq, frame.routes_key
    if first == frame.routes_at and seq is not None and routes_key is not None:
        inner = _last_before(len(seq.value), _dashes(p, seq), start)
        if inner >= 0:  # start at the last route above the edit, not at `routes:`
            prefix = _key_lines(p, frame, routes_key)
            top = item_entry(p, seq, inner).first
            routes = (inner, len(seq.value))
            return Region(MODEL, top, bottom, prefix, routes, (first + 1, after), None, True)
    top = key_line(first) if first >= 0 else frame.model_key.first + 1
    first = max(first, 0)
    routes = (0, len(seq.value)) if seq is not None and first <= frame.routes_at < after else (0, 0)
    return Region(MODEL, top, bottom, _key_lines(p, frame), routes, (first, after), None)


def _quiet_end(p: Parsed, line: int, end: int, col: int) -> int:
    """Where a window that reaches the end of a list or mapping (entries at column `col`) may
    stop before `end`: at the first comment line below its last entry not indented deeper than
    `col`. Nothing written above such a line can go on below it (a block scalar's lines are
    indented deeper), and only comments and blank lines lie between it and `end`."""
    for at in range(line, end):
        if is_comment(p.lines[at]) and indentation(p.lines[at]) <= col:
            return at
    return end


def _top_region(p: Parsed, start: int, end: int) -> Region:
    root = p.root
    if root is None or root.flow_style or not root.value:
        return Region(TOP, 0, len(p.lines), (), (0, 0), (0, 0), None)
    count = len(root.value)
    key_line: Callable[[int], int] = lambda i: root.value[i][0].start_mark.line  # noqa: E731
    first = _last_before(count, key_line, start)
    after = _first_from(count, key_line, end)
    top = key_line(first) if first > 0 else 0
    bottom = key_line(after) if after < count else len(p.lines)
    return Region(TOP, top, bottom, (), (0, 0), (max(first, 0), after), None)


@dataclass(frozen=True)
class Part:
    """One window of an edit: where it is, its splices, and its lines before and after."""

    region: Region
    splices: list[Splice]
    old_lines: list[str]
    new_lines: list[str]
    new_start: int

    @property
    def delta(self) -> int:
        return len(self.new_lines) - len(self.old_lines)


def parts_of(p: Parsed, splices: list[Splice]) -> list[Part]:
    """The windows of an edit's splices (sorted, not overlapping), merged where they overlap."""
    frame = frame_of(p)
    groups: list[tuple[Region, list[Splice]]] = []
    for splice in splices:
        level = _level_written(frame, splice.lines)
        found, inside = region(p, frame, splice.start, splice.end, level), [splice]
        while groups and groups[-1][0].end > found.start:
            earlier, before = groups.pop()
            inside = before + inside
            level = max(earlier.level, found.level)
            found = region(p, frame, inside[0].start, inside[-1].end, level)
        groups.append((found, inside))
    parts: list[Part] = []
    shift_so_far = 0
    for found, inside in groups:
        old = p.lines[found.start : found.end]
        new = _spliced(p.lines, found.start, found.end, inside)
        parts.append(Part(found, inside, old, new, found.start + shift_so_far))
        shift_so_far += len(new) - len(old)
    return parts


def _level_written(frame: Frame | None, lines: list[str]) -> int:
    """The lowest level whose window can hold `lines`: a line as shallow as `routes:` is a key of
    `model:`, one as shallow as `model:` a top-level key."""
    if frame is None:
        return TOP
    shallowest = min(
        (indentation(line) for line in lines if line.strip() and not is_comment(line)),
        default=None,
    )
    if shallowest is None:
        return ROUTES
    if shallowest <= frame.model_key.col:
        return TOP
    key = frame.routes_key
    return MODEL if key is not None and shallowest <= key.col else ROUTES


def _spliced(lines: list[str], start: int, end: int, splices: list[Splice]) -> list[str]:
    out: list[str] = []
    cursor = start
    for splice in splices:
        out += lines[cursor : splice.start] + splice.lines
        cursor = splice.end
    return out + lines[cursor:end]


# ---------------------------------------------------------------- reading


def window_of(prefix: tuple[str, ...], lines: list[str], node: Node | None = None) -> Parsed:
    """A window's lines, under its prefix, with their nodes (read here when not given)."""
    all_lines = [*prefix, *lines]
    text = "".join(all_lines)
    root = node if node is not None else shape_of(text)
    aliases = root is not None and shares_nodes(root)
    mapping = root if isinstance(root, MappingNode) else None
    return Parsed(text, "", all_lines, mapping, {}, aliases)


@dataclass(frozen=True)
class Read:
    """A window read by both loaders: its nodes and data."""

    node: Node | None
    data: Any


def read_window(part: Part) -> Read:
    """The new lines of a window, read by libyaml and by the pure-Python reader, which must
    agree; EditError (positioned in the file) when either cannot read them."""
    text = "".join(part.region.prefix) + "".join(part.new_lines)
    node, data = _read(part, text, yaml.CSafeLoader)
    try:
        _, pure = _read(part, text, yaml.SafeLoader)
    except EditError as error:
        raise EditError(
            "the agent's fallback YAML loader (PyYAML's pure-Python one) could not read the "
            f"text of this edit ({error.message.split('(', 1)[-1]}"
        ) from None
    if not same(data, pure):
        raise EditError(
            "the agent's two YAML readers (libyaml and PyYAML) would read this edit differently; "
            "nothing changed"
        )
    return Read(node, data)


def _read(part: Part, text: str, loader: type[yaml.SafeLoader | yaml.CSafeLoader]) -> Any:
    try:
        return read_part(text, loader)
    except DocumentError as exc:
        line = exc.line
        if line is not None:
            line += part.new_start - len(part.region.prefix)
        raise unreadable(DocumentError(exc.message, line, exc.column)) from None


def unreadable(exc: DocumentError) -> EditError:
    return EditError(f"the edit would make the file unreadable ({exc}); nothing changed")


# ---------------------------------------------------------------- the new text, read


def reread(p: Parsed, parts: list[Part], text: str, lines: list[str]) -> Parsed:
    """`text` (p's text with the parts' splices made; `lines` its lines) read as the agent
    reads it."""
    frame = frame_of(p)
    levels = {part.region.level for part in parts}
    try:
        if frame is not None and frame.local and levels == {ROUTES}:
            return _routes_reread(p, frame, parts, text, lines)
        if frame is not None and frame.local and levels == {MODEL} and len(parts) == 1:
            return _model_reread(p, frame, parts[0], text, lines)
    except (_Unplaced, _AloneUnreadable):
        pass
    return _whole_reread(p, parts, text)


def _whole_reread(p: Parsed, parts: list[Part], text: str) -> Parsed:
    try:
        new = parse(text, allow_empty=True)
    except DocumentError as exc:
        raise unreadable(exc) from None
    if new.rereads_locally:
        for part in parts:
            read_window(part)
        return new
    try:
        pure = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        message = f"the agent's pure-Python YAML reader would refuse this edit ({exc})"
        raise EditError(message) from None
    if not same(pure or {}, new.data):
        raise EditError("the agent's two YAML readers would read this edit differently")
    return new


def _routes_reread(
    p: Parsed, frame: Frame, parts: list[Part], text: str, lines: list[str]
) -> Parsed:
    seq, model = frame.seq, frame.model
    assert seq is not None and model is not None
    old_routes: list[Any] = p.data["model"]["routes"]
    routes: list[Any] = []
    swaps: list[Swap] = []
    cursor = 0
    start = seq.start_mark
    for part in parts:
        first, stop = part.region.routes
        model_node, model_data = _entry(*_read_nodes(part), "model")
        nodes, values = _entry(model_node, model_data, "routes")
        if nodes is not None and (not isinstance(nodes, SequenceNode) or not _at(nodes, seq)):
            raise _misplaced()
        new = _moved(nodes.value, part) if nodes is not None else []
        if nodes is not None and first == 0:
            start = moved(nodes.start_mark, part.new_start - len(part.region.prefix))
        routes += old_routes[cursor:first] + (list(values) if nodes is not None else [])
        swaps.append((first, stop, new, part.delta))
        cursor = stop
    routes += old_routes[cursor:]
    delta = sum(part.delta for part in parts)
    new_seq = _rebuilt(seq, swaps, delta)
    new_seq.start_mark = start
    new_model = _rebuilt(model, [_pair_swap(model, frame.routes_at, new_seq, delta)], delta)
    model_data = dict(p.data["model"])
    model_data["routes"] = routes
    return _with_model(p, frame, new_model, model_data, text, lines, delta)


Swap = tuple[int, int, list[Any], int]  # children [first, stop) become `new`; those after lag


class _AloneUnreadable(Exception):
    """A window cannot be read alone (an alias to an anchor outside it, say), or holds aliases
    (then the file does, and is read whole from now on): the whole text gives the verdict."""


def _read_nodes(part: Part) -> tuple[Node | None, Any]:
    try:
        read = read_window(part)
    except EditError:
        raise _AloneUnreadable() from None
    if read.node is not None and shares_nodes(read.node):  # aliases: the whole text decides
        raise _AloneUnreadable()
    return read.node, read.data


def _entry(node: Node | None, data: Any, name: str) -> tuple[Node | None, Any]:
    """(node, data) of the single entry `name` of a window's mapping; (None, None) when the
    window holds nothing there; EditError when it holds anything else."""
    if node is None or _empty(node):
        return None, None
    if not isinstance(node, MappingNode) or len(node.value) != 1 or not isinstance(data, dict):
        raise _misplaced()
    key, inner = node.value[0]
    if key_value(key) != name:
        raise _misplaced()
    return (None, None) if _empty(inner) else (inner, data[name])


def _empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and not node.value


def _at(node: Node, old: Node) -> bool:
    """A window's collection is a block one at the old one's column (so the text below it
    still continues the same collection)."""
    return (
        isinstance(node, MappingNode | SequenceNode)
        and not node.flow_style
        and (node.start_mark.column == old.start_mark.column)
    )


class _Unplaced(Exception):
    """A window read alone does not end where it began (a key of `model:` written among the
    routes, say): it must be read in the whole text."""


def _misplaced() -> _Unplaced:
    return _Unplaced()


def _moved(children: list[Any], part: Part) -> list[Any]:
    """A window's children, their marks moved from the window's lines to the new text's."""
    lines = part.new_start - len(part.region.prefix)
    for child in children:
        for node in child if isinstance(child, tuple) else (child,):
            shift(node, lines)
    return list(children)


def _model_reread(p: Parsed, frame: Frame, part: Part, text: str, lines: list[str]) -> Parsed:
    model = frame.model
    assert model is not None
    node, data = _entry(*_read_nodes(part), "model")
    pairs: list[Any] = []
    values: dict[Any, Any] = {}
    if node is not None:
        if not isinstance(node, MappingNode) or not _at(node, model):
            raise _misplaced()
        pairs, values = _moved(node.value, part), dict(data)
    first, stop = part.region.entries
    start = model.start_mark
    if node is not None and first == 0 and not part.region.inside_routes:
        start = moved(node.start_mark, part.new_start - len(part.region.prefix))
    if part.region.inside_routes:
        pairs, values = _joined_routes(p, frame, part, pairs, values)
        first = frame.routes_at
    old_items = list(p.data["model"].items())
    outside = {key for key, _ in old_items[:first] + old_items[stop:]}
    if any(key in outside for key in values):
        raise EditError("the edit would repeat a key of model:; nothing changed")
    model_data = dict(old_items[:first] + list(values.items()) + old_items[stop:])
    new_model = _rebuilt(model, [(first, stop, pairs, part.delta)], part.delta)
    new_model.start_mark = start
    return _with_model(p, frame, new_model, model_data, text, lines, part.delta)


def _joined_routes(
    p: Parsed, frame: Frame, part: Part, pairs: list[Any], values: dict[Any, Any]
) -> tuple[list[Any], dict[Any, Any]]:
    """A MODEL window that starts inside the route list: its first entry holds the last routes;
    that entry becomes the route list: the routes above the window, then those."""
    seq, model = frame.seq, frame.model
    assert seq is not None and model is not None
    if not pairs or key_value(pairs[0][0]) != "routes":
        raise _misplaced()
    window_seq = pairs[0][1]
    held: list[Any] = []
    if not _empty(window_seq):
        if not isinstance(window_seq, SequenceNode) or not _at(window_seq, seq):
            raise _misplaced()
        held = list(window_seq.value)
    first = part.region.routes[0]
    new_seq = _rebuilt(seq, [(first, len(seq.value), held, 0)], part.delta)
    if held and first == 0:
        new_seq.start_mark = moved(window_seq.start_mark, part.new_start - len(part.region.prefix))
    routes = p.data["model"]["routes"][:first] + list(values.pop("routes") or [])
    return [(model.value[frame.routes_at][0], new_seq), *pairs[1:]], {"routes": routes, **values}


def _rebuilt(node: Any, swaps: list[Swap], delta: int) -> Any:
    """A copy of collection `node` with its children swapped (see `Lagging.replaced`), its end
    `delta` lines further down."""
    copy = type(node)(node.tag, Lagging.replaced(node.value, swaps), flow_style=node.flow_style)
    copy.start_mark, copy.end_mark = node.start_mark, moved(node.end_mark, delta)
    return copy


def _pair_swap(mapping: MappingNode, index: int, value: Node, delta: int) -> Swap:
    return index, index + 1, [(mapping.value[index][0], value)], delta


def _with_model(
    p: Parsed,
    frame: Frame,
    new_model: MappingNode,
    model_data: dict[Any, Any],
    text: str,
    lines: list[str],
    delta: int,
) -> Parsed:
    root = _rebuilt(frame.root, [_pair_swap(frame.root, frame.model_at, new_model, delta)], delta)
    data = dict(p.data)
    data["model"] = model_data
    cache = {key: p.cache[key] for key in ("indents", "directives") if key in p.cache}
    return replace(p, text=text, lines=lines, root=root, data=data, cache=cache)
