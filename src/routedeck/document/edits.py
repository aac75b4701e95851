"""Edits of the `model:` block as splices of whole lines of the original text.

Every function takes a parsed text and returns the new text; nothing here verifies the
result (the document does, by re-reading it). Lines outside the spliced ranges are copied
unchanged, so every comment outside the touched entries survives by construction.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.compare import same
from routedeck.document.errors import EditError
from routedeck.document.layout import (
    MERGE,
    Entry,
    attached_start,
    find_entry,
    is_blank,
    is_block,
    is_empty_value,
    item_entry,
    key_value,
    mapping_entries,
    source_text,
    split_comment,
    strip_break,
    trailing_end,
    value_span,
)
from routedeck.document.parse import STR_TAG, Parsed
from routedeck.document.render import Style, entry_lines, flow, route_lines, scalar
from routedeck.routing import BASE_FIELDS

BASE_KEYS = (*BASE_FIELDS, "model", "context_length")


@dataclass(frozen=True)
class Splice:
    """Replace lines [start, end) by `lines` (each with its line break)."""

    start: int
    end: int
    lines: list[str]


def apply(p: Parsed, splices: list[Splice]) -> str:
    """The text with the splices applied (they must not overlap). A file without a final line
    break keeps lacking one."""
    lines = list(p.lines)
    for splice in sorted(splices, key=lambda s: (s.start, s.end), reverse=True):
        lines[splice.start : splice.end] = splice.lines
    for index in range(len(lines) - 1):
        if not lines[index].endswith(("\n", "\r")):
            lines[index] += p.newline
    if p.lines and not p.lines[-1].endswith(("\n", "\r")) and lines:
        lines[-1] = lines[-1].rstrip("\r\n")
    return p.bom + "".join(lines)


# ---------------------------------------------------------------- where the model block is


@dataclass(frozen=True)
class Model:
    """The `model:` entry of a parsed text and, when it is a block mapping, its `routes:`."""

    p: Parsed
    entry: Entry | None

    @classmethod
    def of(cls, p: Parsed) -> Model:
        return cls(p, find_entry(p, p.root, "model") if p.root is not None else None)

    @property
    def mapping(self) -> MappingNode | None:
        node = self.entry.value if self.entry else None
        return node if isinstance(node, MappingNode) and is_block(node) else None

    def find(self, name: str) -> Entry | None:
        return find_entry(self.p, self.mapping, name) if self.mapping else None

    def routes(self) -> Entry:
        """The `routes:` entry holding a block list; EditError when it is not one."""
        entry = self.find("routes")
        if entry is None or not isinstance(entry.value, SequenceNode) or not entry.value.value:
            raise EditError("there is no route list to edit")
        if entry.value.flow_style:
            raise EditError("model.routes is written on one line ([...]); make it a block list")
        return entry


# ---------------------------------------------------------------- the file's style


def file_indents(p: Parsed) -> tuple[int, int]:
    """(mapping indentation step, sequence dash offset under its key), as first used in the
    file; (2, 2) when it has no block mapping or list to learn from."""
    step: int | None = None
    offset: int | None = None
    queue: deque[Node] = deque([p.root] if p.root is not None else [])
    seen: set[int] = set()
    while queue and (step is None or offset is None):
        node = queue.popleft()
        if id(node) in seen or not isinstance(node, MappingNode) or node.flow_style:
            continue
        seen.add(id(node))
        for key, value in node.value:
            if not is_block(value):
                continue
            if isinstance(value, MappingNode):
                queue.append(value)
                gap = value.value[0][0].start_mark.column - key.start_mark.column
                step = step or (gap if gap > 0 else None)
            elif offset is None:
                offset = _dash_offset(p, value, key)
    return step or 2, 2 if offset is None else offset


def _dash_offset(p: Parsed, seq: SequenceNode, key: Node) -> int | None:
    try:
        return item_entry(p, seq, 0).col - key.start_mark.column
    except EditError:
        return None


def route_style(p: Parsed, model: Model) -> Style:
    """The style of new route items: learnt from the existing routes, else from the file."""
    step, offset = file_indents(p)
    routes = model.find("routes")
    seq = routes.value if routes else None
    if isinstance(seq, SequenceNode) and is_block(seq):
        first = item_entry(p, seq, 0)
        item = first.value
        on_dash = isinstance(item, MappingNode) and item.start_mark.line == first.first
        dash, key_col = first.col, item.start_mark.column if on_dash else first.col + 2
    else:
        base = model.entry.col + step if model.entry else step
        if model.mapping is not None:
            base = model.mapping.value[0][0].start_mark.column
        dash = (routes.col if routes else base) + offset
        key_col = dash + 2
    quoting = _quoting(_pairs(seq) or _pairs(model.mapping))
    style = Style(dash, key_col, step, newline=p.newline, **quoting)
    return _match_style(p, seq, style) if isinstance(seq, SequenceNode) else style


def _match_style(p: Parsed, seq: SequenceNode, style: Style) -> Style:
    """`style` with the block/flow `match` of the first route that has a non-empty one."""
    for item in seq.value[:50]:
        match = find_entry(p, item, "match") if isinstance(item, MappingNode) else None
        if match is None or not isinstance(match.value, MappingNode) or not match.value.value:
            continue
        if match.value.flow_style:
            spaced = source_text(p, match.value)[1:2] == " "
            return replace(style, flow_match=True, flow_spaces=spaced)
        step = match.value.value[0][0].start_mark.column - match.col
        return replace(style, flow_match=False, step=step)
    return style


def _quoting(pairs: list[tuple[Any, Node]]) -> dict[str, Any]:
    """Style fields learnt from (key, value node) pairs: the quote character used most ('"'
    when none), whether quoted strings outnumber plain ones, and that per key."""
    counts: dict[Any, list[int]] = {}
    for key, node in pairs:
        if isinstance(node, ScalarNode) and node.tag == STR_TAG and node.style not in ("|", ">"):
            tally = counts.setdefault(key, [0, 0, 0])  # plain, double, single
            tally[("", '"', "'").index(node.style or "")] += 1
    plain, double, single = (sum(t[i] for t in counts.values()) for i in range(3))
    return {
        "quote": "'" if single > double else '"',
        "always_quote": double + single > plain,
        "quoted": frozenset(k for k, t in counts.items() if t[1] + t[2] > t[0]),
        "plain": frozenset(k for k, t in counts.items() if t[1] + t[2] <= t[0]),
    }


def _pairs(node: Node | None, limit: int = 40) -> list[tuple[Any, Node]]:
    """(key, value node) of a mapping, of the mappings in a list (the first `limit`), and of
    their `match` mappings (as key "match")."""
    if isinstance(node, SequenceNode):
        return [pair for item in node.value[:limit] for pair in _pairs(item, limit)]
    if not isinstance(node, MappingNode):
        return []
    pairs = []
    for key, value in node.value[:limit]:
        name = key.value if isinstance(key, ScalarNode) else None
        if name == "match" and isinstance(value, MappingNode):
            pairs += [("match", inner) for _, inner in value.value]
        else:
            pairs.append((name, value))
    return pairs


# ---------------------------------------------------------------- route list edits


def insert_route(p: Parsed, index: int, route: Any) -> str:
    """Insert `route` at `index`, above the comments attached to the route now there; blank
    lines separate it from its neighbours when they are separated so."""
    model = Model.of(p)
    style = route_style(p, model)
    new = [line + p.newline for line in route_lines(route, style)]
    routes = model.find("routes")
    if routes is None or not is_block(routes.value):
        return create_entry(p, model, "routes", new)
    seq = model.routes().value
    blank = [p.newline] if is_blank_separated(p, seq) else []
    if index >= len(seq.value):
        at = trailing_end(p, item_entry(p, seq, len(seq.value) - 1)) + 1
        return apply(p, [Splice(at, at, blank + new)])
    floor = item_entry(p, seq, index - 1).last if index else routes.first
    at = attached_start(p, item_entry(p, seq, index).first, floor)
    return apply(p, [Splice(at, at, new + blank)])


def is_blank_separated(p: Parsed, seq: SequenceNode) -> bool:
    """Whether the items are separated by blank lines (judged between the first two)."""
    if len(seq.value) < 2:
        return False
    first, second = item_entry(p, seq, 0), item_entry(p, seq, 1)
    return any(is_blank(line) for line in p.lines[first.last + 1 : second.first])


def delete_route(p: Parsed, index: int) -> str:
    """Delete a route with its attached comments; the last one leaves `routes: []`."""
    routes = Model.of(p).routes()
    seq = routes.value
    item = item_entry(p, seq, index)
    floor = item_entry(p, seq, index - 1).last if index else routes.first
    start, end = attached_start(p, item.first, floor), trailing_end(p, item) + 1
    if len(seq.value) == 1:
        return apply(p, [_key_line(p, routes, " []"), Splice(start, end, [])])
    if index:
        if all(is_blank(line) for line in p.lines[floor + 1 : start]):
            start = floor + 1
    else:
        after = attached_start(p, item_entry(p, seq, 1).first, item.last)
        if all(is_blank(line) for line in p.lines[end:after]):
            end = after
    return apply(p, [Splice(start, end, [])])


def move_route(p: Parsed, src: int, dst: int) -> str:
    """Move route `src` (its lines and attached comments) so it ends up at index `dst`; the
    blank lines and detached comments between routes stay where they are."""
    if src == dst:
        return p.text
    routes = Model.of(p).routes()
    seq = routes.value
    lo, hi = min(src, dst), max(src, dst)
    prev = item_entry(p, seq, lo - 1).last if lo else routes.first
    units, seps = [], []
    region_start = None
    for index in range(lo, hi + 1):
        item = item_entry(p, seq, index)
        start = attached_start(p, item.first, prev)
        region_start = start if region_start is None else region_start
        seps.append(p.lines[prev + 1 : start])
        prev = trailing_end(p, item)
        units.append(p.lines[start : prev + 1])
    units.insert(dst - lo, units.pop(src - lo))
    out = list(units[0])
    for sep, unit in zip(seps[1:], units[1:], strict=True):
        out += sep + unit
    return apply(p, [Splice(region_start, prev + 1, out)])


def update_route(p: Parsed, index: int, old: Any, new: Any) -> str:
    """Make route `index` equal to `new`, rewriting only the keys that changed."""
    model = Model.of(p)
    item = item_entry(p, model.routes().value, index)
    style = route_style(p, model)
    node = item.value
    if (
        isinstance(node, MappingNode)
        and is_block(node)
        and isinstance(old, dict)
        and isinstance(new, dict)
    ):
        splice = update_mapping(p, node, old, new, style)
        if splice is not None:
            return apply(p, [splice])
    style = replace(style, dash_col=item.col, key_col=item.col + style.key_col - style.dash_col)
    lines = [line + p.newline for line in route_lines(new, style)]
    return apply(p, [Splice(item.first, item.last + 1, lines)])


# ---------------------------------------------------------------- mapping edits


def update_mapping(
    p: Parsed,
    node: MappingNode,
    old: dict[Any, Any],
    new: dict[Any, Any],
    style: Style,
    after: tuple[str, ...] | None = None,
) -> Splice | None:
    """Rewrite the entries of a block mapping so it reads as `new`: unchanged entries keep their
    lines, a changed value is replaced in place (keeping its end-of-line comment), removed keys
    lose their lines, new keys are appended (after the last entry whose key is in `after`, when
    given). None when nothing of the mapping would remain (the caller re-renders it)."""
    entries = mapping_entries(p, node)
    keys = [key_value(entry.key) for entry in entries]
    present = set(keys)
    added = [
        (k, v) for k, v in new.items() if k not in present and (k not in old or not same(old[k], v))
    ]
    col = entries[0].col
    added_lines = [line + p.newline for k, v in added for line in entry_lines(k, v, col, style)]
    anchor = _anchor(entries, keys, after)
    out: list[str] = []
    head: int | None = None  # where the first surviving or added entry starts in `out`
    cursor = entries[0].first
    for entry, key in zip(entries, keys, strict=True):
        out += p.lines[cursor : entry.first]
        kept = key is MERGE or (key in new and same(old.get(key), new[key]))
        if kept or key in new:
            head = len(out) if head is None else head
            out += (
                p.lines[entry.first : entry.last + 1]
                if kept
                else replace_entry(p, entry, key, old.get(key), new[key], style)
            )
        cursor = entry.last + 1
        if entry is anchor and added_lines:
            head = len(out) if head is None else head
            out += added_lines
    if head is None:
        return None
    prefix = p.lines[entries[0].first][:col]
    if prefix.strip() == "-" and not out[head].startswith(prefix):
        out[head] = prefix + out[head][col:]  # the item's dash moves to its new first key
    return Splice(entries[0].first, entries[-1].last + 1, out)


def _anchor(entries: list[Entry], keys: list[Any], after: tuple[str, ...] | None) -> Entry:
    if after is not None:
        for entry, key in reversed(list(zip(entries, keys, strict=True))):
            if key in after:
                return entry
    return entries[-1]


def replace_entry(p: Parsed, entry: Entry, key: Any, old: Any, new: Any, style: Style) -> list[str]:
    """The lines of `key: new` replacing `entry` (whose value reads as `old`)."""
    value = entry.value
    body, brk = strip_break(p.lines[entry.first])
    span = value_span(value)
    on_key_line = span is not None and span[0] == entry.first and entry.last == entry.first
    container = isinstance(new, dict | list)
    if on_key_line and isinstance(value, ScalarNode) and not container:
        return [_splice_in_line(body, span[1], span[2], _like(value, new, style)) + brk]
    if on_key_line and not isinstance(value, ScalarNode) and container and value.flow_style:
        spaced = replace(style, flow_spaces=source_text(p, value)[1:2] == " ")
        return [_splice_in_line(body, span[1], span[2], flow(new, spaced)) + brk]
    nested = isinstance(old, dict) and isinstance(new, dict) and bool(new)
    if nested and isinstance(value, MappingNode) and is_block(value):
        inner = update_mapping(p, value, old, new, style)
        if inner is not None:
            return (
                p.lines[entry.first : inner.start]
                + inner.lines
                + p.lines[inner.end : entry.last + 1]
            )
    lines = entry_lines(key, new, entry.col, style, body[: entry.col])
    return [line + p.newline for line in lines]


def _like(node: ScalarNode, value: Any, style: Style) -> str:
    """`value` as a scalar quoted the way `node` was (when the value allows it)."""
    if node.style in ('"', "'"):
        return scalar(value, node.style, plain=False)
    return scalar(value, style.quote)


def _splice_in_line(body: str, start: int, end: int, text: str) -> str:
    """Replace columns [start, end) by `text`; an end-of-line comment keeps its column when
    the padding before it allows (and at least its original padding, up to two spaces)."""
    if start == end:
        text = " " + text
    rest = body[end:]
    if rest.strip().startswith("#"):
        pad = len(rest) - len(rest.lstrip(" "))
        rest = " " * max(min(pad, 2), pad - (len(text) - (end - start))) + rest.lstrip(" ")
    return body[:start] + text + rest


# ---------------------------------------------------------------- creating model: / routes:


def create_entry(p: Parsed, model: Model, name: str, child: list[str]) -> str:
    """Give `model.<name>` the block `child` lines (already indented for it), creating
    `model:` or `<name>:` as needed."""
    step, _ = file_indents(p)
    if model.entry is None:
        head = [f"model:{p.newline}", " " * step + name + ":" + p.newline]
        at = len(p.lines)
        return apply(p, [Splice(at, at, head + child)])
    entry = model.find(name)
    if entry is not None:
        if not is_empty_value(entry.value) or entry.value.start_mark.line != entry.first:
            raise EditError(f"model.{name} is not a block list or mapping routedeck can edit")
        return apply(p, [Splice(entry.first, entry.first + 1, [_open_key_line(p, entry), *child])])
    col, at = _model_children(p, model, step)
    lines = [*at.lines, " " * col + name + ":" + p.newline, *child]
    return apply(p, [Splice(at.start, at.end, lines)])


def _model_children(p: Parsed, model: Model, step: int) -> tuple[int, Splice]:
    """(column of model's keys, a splice that ends right where a new key of model goes):
    after the last entry of a block mapping; an empty or bare-string `model:` is opened."""
    if model.mapping is not None:
        entries = mapping_entries(p, model.mapping)
        at = trailing_end(p, entries[-1]) + 1
        return entries[0].col, Splice(at, at, [])
    entry = model.entry
    col = entry.col + step
    if is_empty_value(entry.value) and entry.value.start_mark.line == entry.first:
        return col, Splice(entry.first, entry.first + 1, [_open_key_line(p, entry)])
    return col, _bare_to_mapping(p, entry, col)


def _open_key_line(p: Parsed, entry: Entry) -> str:
    """The key line of an empty value with the value taken out: `routes: []  # c` becomes
    `routes:  # c`."""
    body, brk = strip_break(p.lines[entry.first])
    value = entry.value
    _, comment = split_comment(body, value.end_mark.column)
    return body[: value.start_mark.column].rstrip() + comment + brk


def _bare_to_mapping(p: Parsed, entry: Entry, col: int) -> Splice:
    """`model: "x"  # c` becomes `model:` + `  default: "x"  # c`."""
    value = entry.value
    span = value_span(value)
    if not isinstance(value, ScalarNode) or span is None or span[0] != entry.first:
        raise EditError("model: is neither a mapping nor a one-line string routedeck can edit")
    body, brk = strip_break(p.lines[entry.first])
    text = body[span[1] : span[2]]
    _, comment = split_comment(body, span[2])
    key_line = body[: span[1]].rstrip() + brk
    default_line = " " * col + "default: " + text + comment + brk
    return Splice(entry.first, entry.first + 1, [key_line, default_line])


# ---------------------------------------------------------------- base model fields


def set_base_field(p: Parsed, old: dict[Any, Any], new: dict[Any, Any]) -> str:
    """Rewrite `model:` so it reads as `new` (a mapping differing from `old`, the model block as
    a mapping, in one base field). A bare-string `model:` stays bare while only `default`
    changes; it becomes a mapping (keeping its comment) when another field is set."""
    model = Model.of(p)
    step, _ = file_indents(p)
    pairs = _pairs(model.mapping) or ([("default", model.entry.value)] if model.entry else [])
    style = Style(step=step, newline=p.newline, flow_match=False, **_quoting(pairs))
    entry = model.entry
    if model.mapping is not None:
        splice = update_mapping(p, model.mapping, old, new, style, after=BASE_KEYS)
        if splice is None:  # the last field went: `model: {}`
            splice = Splice(entry.first + 1, entry.last + 1, [])
            return apply(p, [_key_line(p, entry, " {}"), splice])
        return apply(p, [splice])
    bare = entry is not None and isinstance(entry.value, ScalarNode)
    bare = bare and not is_empty_value(entry.value)
    if bare and set(new) <= {"default"}:
        text = _like(entry.value, new["default"], style) if new else "{}"
        return apply(p, [_whole_value(p, entry, text)])
    return _open_model(
        p, model, {k: v for k, v in new.items() if not (bare and k == "default")}, style
    )


def _open_model(p: Parsed, model: Model, fields: dict[Any, Any], style: Style) -> str:
    """Turn a missing, empty or bare-string `model:` into a block mapping with `fields` added."""
    if model.entry is None:
        col, at = style.step, Splice(len(p.lines), len(p.lines), [f"model:{p.newline}"])
    else:
        col, at = _model_children(p, model, style.step)
    child = [
        line + p.newline
        for key, value in fields.items()
        for line in entry_lines(key, value, col, style)
    ]
    return apply(p, [Splice(at.start, at.end, at.lines + child)])


def _key_line(p: Parsed, entry: Entry, text: str) -> Splice:
    """Put `text` right after the colon of the key line of `entry` (before any comment)."""
    body, brk = strip_break(p.lines[entry.first])
    colon = body.index(":", entry.key.end_mark.column)
    line = body[: colon + 1] + text + body[colon + 1 :] + brk
    return Splice(entry.first, entry.first + 1, [line])


def _whole_value(p: Parsed, entry: Entry, text: str) -> Splice:
    """Replace the one-line value of `entry` by `text`."""
    span = value_span(entry.value)
    if span is None or span[0] != entry.first:
        raise EditError("model: is written over several lines; routedeck cannot rewrite it")
    body, brk = strip_break(p.lines[entry.first])
    line = _splice_in_line(body, span[1], span[2], text) + brk
    return Splice(entry.first, entry.first + 1, [line])
