"""Applying a migration plan: legacy `platforms:` / `by_source:` entries become routes.

Splices of the same text: append the converted routes (each carrying the comment lines attached
above its legacy entry and its end-of-line comments), and delete the converted entries, and a
section left empty together with its attached heading. The heading of a section that goes whole
travels too, above the first route converted from it: no comment of the operator's is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.edits import (
    Model,
    Splice,
    create_entry,
    is_blank_separated,
    route_style,
)
from routedeck.document.errors import EditError
from routedeck.document.layout import (
    Entry,
    attached_start,
    is_blank,
    is_block,
    item_entry,
    key_value,
    mapping_entries,
    same_key,
    split_comment,
    strip_break,
    trailing_end,
)
from routedeck.document.parse import Parsed
from routedeck.document.render import Style, entry_lines
from routedeck.routing import MigrationPlan, Origin

LEGACY = ("platforms", "by_source")


def apply_plan(p: Parsed, plan: MigrationPlan) -> list[Splice]:
    """The splices that append `plan.routes` and delete `plan.remove` (unverified)."""
    added = append_routes(p, plan.routes, plan.remove) if plan.routes else []
    return added + remove_entries(p, plan.remove, {splice.start for splice in added})


def append_routes(
    p: Parsed, routes: list[tuple[Origin, dict[str, Any]]], removed: list[Origin]
) -> list[Splice]:
    model = Model.of(p)
    style = route_style(p, model)
    headings = _moving_headings(p, model, removed, style)
    emptied = set(headings)
    units = [
        headings.pop(origin.section, [])
        + _unit(p, model, origin, route, style, origin.section in emptied)
        for origin, route in routes
    ]
    existing = model.find("routes")
    seq = existing.value if existing is not None else None
    if not isinstance(seq, SequenceNode) or not is_block(seq):
        return create_entry(p, model, "routes", [line for unit in units for line in unit])
    blank = [p.newline] if is_blank_separated(p, seq) else []
    at = trailing_end(p, item_entry(p, seq, len(seq.value) - 1)) + 1
    return [Splice(at, at, [line for unit in units for line in blank + unit])]


def _unit(
    p: Parsed, model: Model, origin: Any, route: dict[str, Any], style: Style, whole: bool
) -> list[str]:
    """The lines of one converted route, with the comments of its legacy entry (when its section
    goes `whole`, with every comment line above it, attached or not)."""
    found = _legacy_entry(p, model, origin)
    if found is None:
        return [line + p.newline for line in _route_lines(route, style, _Notes())]
    entry, floor = found
    start = floor + 1 if whole else attached_start(p, entry.first, floor)
    leading = [
        " " * style.dash_col + line.lstrip()
        for line in p.lines[start : entry.first]
        if not is_blank(line)
    ]
    head = _eol_comment(p, entry)
    if isinstance(entry.value, MappingNode) and is_block(entry.value):
        children = mapping_entries(p, entry.value)
        comments = {key_value(child.key): _eol_comment(p, child) for child in children}
        styles = {key_value(child.key): _styled(style, child.value) for child in children}
    else:  # a string shorthand: its comment and quoting belong to the route's `model:`
        children = []
        comments, head = {"model": head}, ""
        styles = {"model": _styled(style, entry.value)}
    inner = _inner_comments(p, entry, children)
    notes = _Notes(head, comments, styles, inner, inner.pop(_AFTER, []))
    return leading + [line + p.newline for line in _route_lines(route, style, notes)]


_AFTER: Any = object()  # the key of the comments below a legacy entry's last line


def _inner_comments(p: Parsed, entry: Entry, children: list[Entry]) -> dict[Any, list[str]]:
    """The comments of a legacy entry below its key line (comment lines, those trailing it, and
    end-of-line comments but those `_eol_comment` gives a child), by the key of the child they
    precede or sit in (`model` for a string shorthand; _AFTER below the last line), as `# text`."""
    inside_scalars = _scalar_lines(entry.value)
    ends = _line_ends(entry.value)
    key_lines = {child.first for child in children if _eol_comment(p, child)}
    found: dict[Any, list[str]] = {}
    for line in range(entry.first + 1, trailing_end(p, entry) + 1):
        if line in inside_scalars or line in key_lines:
            continue
        rest = strip_break(p.lines[line])[0][ends.get(line, 0) :]
        if "#" in rest:  # after the last value on a line, only `-,]}` can come before a comment
            owner = next((c for c in children if c.last >= line), None)
            key = key_value(owner.key) if owner else "model" if line <= entry.last else _AFTER
            found.setdefault(key, []).append(rest[rest.index("#") :].strip())
    return found


def _subnodes(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _scalar_lines(node: Node) -> set[int]:
    """The lines strictly inside multi-line scalars under `node` (text, never comments); the
    last line of a scalar may hold a comment after it."""
    if isinstance(node, ScalarNode):
        return set(range(node.start_mark.line + 1, node.end_mark.line))
    return {line for child in _subnodes(node) for line in _scalar_lines(child)}


def _line_ends(node: Node) -> dict[int, int]:
    """{line: the column where the last node under `node` ending on that line ends}."""
    ends = {node.end_mark.line: node.end_mark.column}
    for child in _subnodes(node):
        for line, column in _line_ends(child).items():
            ends[line] = max(column, ends.get(line, 0))
    return ends


def _moving_headings(
    p: Parsed, model: Model, removed: list[Any], style: Style
) -> dict[str, list[str]]:
    """The attached heading comments of each legacy section that `removed` empties, re-indented
    to sit above the routes."""
    headings: dict[str, list[str]] = {}
    for name in LEGACY:
        section = model.find(name)
        if section is None or not _emptied(
            p, section, [o.key for o in removed if o.section == name]
        ):
            continue
        lines = p.lines[
            attached_start(p, section.first, _section_floor(p, model, section)) : section.first
        ]
        own = _eol_comment(p, section).strip()
        headings[name] = [" " * style.dash_col + line.lstrip() for line in lines] + (
            [" " * style.dash_col + own + p.newline] if own else []
        )
    return headings


def _emptied(p: Parsed, section: Entry, keys: list[Any]) -> bool:
    if not isinstance(section.value, MappingNode) or not is_block(section.value):
        return False
    entries = mapping_entries(p, section.value)
    return all(any(same_key(key_value(e.key), key) for key in keys) for e in entries)


def _section_floor(p: Parsed, model: Model, section: Entry) -> int:
    """The line above which the heading comments of a `model` entry cannot go."""
    if model.mapping is None or model.entry is None:
        return section.first - 1
    model_entries = mapping_entries(p, model.mapping)
    index = next(i for i, e in enumerate(model_entries) if e.first == section.first)
    return model_entries[index - 1].last if index else model.entry.first


def _styled(style: Style, node: Any) -> Style:
    """`style`, quoting strings the way the legacy value `node` was quoted."""
    quoted = isinstance(node, ScalarNode) and node.style in ('"', "'")
    quote = node.style if quoted else style.quote
    return replace(style, quote=quote, always_quote=quoted, quoted=frozenset(), plain=frozenset())


@dataclass(frozen=True)
class _Notes:
    """What a converted route carries from its legacy entry: the end-of-line comment of the
    entry's key line, per key its end-of-line comment, its quoting and its comment lines, and
    the comment lines that trail the entry."""

    head: str = ""
    eol: dict[Any, str] = field(default_factory=dict)
    styles: dict[Any, Style] = field(default_factory=dict)
    inner: dict[Any, list[str]] = field(default_factory=dict)
    after: list[str] = field(default_factory=list)


def _route_lines(route: dict[str, Any], style: Style, notes: _Notes) -> list[str]:
    """A converted route, each key in the quoting of its legacy value, with its comments (those
    of a key the route lacks, such as `<<`, go first)."""
    dash = " " * style.dash_col + "-" + " " * (style.key_col - style.dash_col - 1)
    orphans = [c for key, found in notes.inner.items() if key not in route for c in found]
    lines = [" " * style.dash_col + comment for comment in orphans]
    for number, (key, value) in enumerate(route.items()):
        own = notes.styles.get(key, style)
        col = style.dash_col if number == 0 else style.key_col
        lines += [" " * col + comment for comment in notes.inner.get(key, [])]
        rendered = entry_lines(key, value, style.key_col, own, dash if number == 0 else None)
        rendered[0] += notes.eol.get(key, "")
        if number == 0:
            rendered[0] += notes.head
        lines += rendered
    return lines + [" " * style.key_col + comment for comment in notes.after]


def _eol_comment(p: Parsed, entry: Entry) -> str:
    """The end-of-line comment of an entry's key line, as `  # text` (or "")."""
    body, _ = strip_break(p.lines[entry.first])
    value = entry.value
    key_end = entry.key.end_mark.column if entry.key is not None else entry.col
    after = value.end_mark.column if value.start_mark.line == entry.first else key_end + 1
    if value.start_mark.line == entry.first and value.end_mark.line != entry.first:
        return ""
    _, comment = split_comment(body, after)
    return "  " + comment.strip() if comment else ""


def _legacy_entry(p: Parsed, model: Model, origin: Any) -> tuple[Entry, int] | None:
    """(the entry of a legacy origin, the line above which its attached comments cannot go)."""
    if origin.section not in LEGACY:
        return None
    section = model.find(origin.section)
    if section is None or not isinstance(section.value, MappingNode) or not is_block(section.value):
        return None
    floor = section.first
    for entry in mapping_entries(p, section.value):
        if same_key(key_value(entry.key), origin.key):
            return entry, floor
        floor = trailing_end(p, entry)
    return None


def remove_entries(p: Parsed, origins: list[Origin], written: set[int]) -> list[Splice]:
    """Delete legacy entries with their attached comments; a section left empty goes whole.
    `written` are the lines where other splices of the same edit insert text."""
    model = Model.of(p)
    doomed: set[int] = set()
    for name in LEGACY:
        keys = [origin.key for origin in origins if origin.section == name]
        if keys:
            doomed |= _doomed_lines(p, model, name, keys)
    return _splices(p, sorted(doomed), written)


def _doomed_lines(p: Parsed, model: Model, name: str, keys: list[Any]) -> set[int]:
    section = model.find(name)
    if section is None or not isinstance(section.value, MappingNode) or not is_block(section.value):
        raise EditError(f"model.{name} is not a block mapping routedeck can edit")
    entries = mapping_entries(p, section.value)
    floors = [section.first] + [entry.last for entry in entries[:-1]]
    chosen = [
        (entry, floor)
        for entry, floor in zip(entries, floors, strict=True)
        if any(same_key(key_value(entry.key), key) for key in keys)
    ]
    if len(chosen) == len(entries):
        chosen = [(section, _section_floor(p, model, section))]
    return {
        line
        for entry, floor in chosen
        for line in range(attached_start(p, entry.first, floor), trailing_end(p, entry) + 1)
    }


def _splices(p: Parsed, doomed: list[int], written: set[int]) -> list[Splice]:
    """One splice per run of doomed lines; a run between two blank lines also takes the blank
    lines before it, so no double gap is left behind."""
    splices: list[Splice] = []
    for start, end in _runs(doomed):
        below = end + 1
        below_blank = below >= len(p.lines) or (is_blank(p.lines[below]) and below not in written)
        while below_blank and start > 0 and is_blank(p.lines[start - 1]):
            start -= 1
        splices.append(Splice(start, end + 1, []))
    return splices


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for line in lines:
        if runs and runs[-1][1] == line - 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs
