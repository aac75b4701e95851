"""Reading text the way the agent does (PyYAML's C parser, YAML 1.1), keeping the node positions.

One pass of `CSafeLoader` gives both the composed nodes (with exact line/column marks, used to
locate what an edit must splice) and the constructed data (the agent's view).
"""

from __future__ import annotations

import gc
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.error import Mark
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from routedeck.document.errors import DocumentError, EmptyDocumentError
from routedeck.document.invalid import invalid_value
from routedeck.document.limits import MAX_DEPTH, check_limits
from routedeck.routing.secrets import mask_text

_T = TypeVar("_T")
Loader = yaml.SafeLoader | yaml.CSafeLoader
BOM = "\ufeff"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_TAG = "tag:yaml.org,2002:null"
_LINE_BREAKS = ("\r\n", "\n", "\r")


@dataclass(frozen=True)
class Parsed:
    """A text with its nodes and its data.

    `lines` are the lines of the text after any BOM, each with its own line break, so that
    `bom + "".join(lines) == text`; node marks index into them (line and column are 0-based
    and count characters; a mark's `index` is not kept up to date by edits: do not use it).
    `aliases`: some node is used twice (`*name`, `<<: *name`); `cache` memoizes what is
    derived from this text (it never changes).
    """

    text: str
    bom: str
    lines: list[str]
    root: MappingNode | None
    data: dict[Any, Any]
    aliases: bool = False
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def routes(self) -> list[Any]:
        """`model.routes` as the agent reads it; [] when missing or not a list."""
        model = self.data.get("model")
        routes = model.get("routes") if isinstance(model, dict) else None
        return routes if isinstance(routes, list) else []

    @property
    def rereads_locally(self) -> bool:
        """Whether the lines around an edit read the same alone as in the whole text: no
        aliases (their anchors would be missing) and no directives (`%TAG` changes tags)."""
        if "directives" not in self.cache:
            self.cache["directives"] = any(line.startswith("%") for line in self.lines)
        return not self.aliases and not self.cache["directives"]

    @property
    def newline(self) -> str:
        """The file's line break: the first one used, else LF."""
        for line in self.lines:
            for brk in _LINE_BREAKS:
                if line.endswith(brk):
                    return brk
        return "\n"


def decode(raw: bytes) -> str:
    """UTF-8 bytes to text; a BOM is kept as the first character so the round trip is exact."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise DocumentError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)", line, column
        ) from None


def parse(text: str, *, allow_empty: bool = False) -> Parsed:
    """Parse `text`; raise DocumentError (EmptyDocumentError for no YAML unless `allow_empty`)."""
    bom = BOM if text.startswith(BOM) else ""
    lines = text[len(bom) :].splitlines(keepends=True)
    root, data, aliases = _without_gc(_load, text)
    if root is None:
        if not allow_empty:
            raise EmptyDocumentError("the file is empty: it holds no settings", 1, 1)
        return Parsed(text, bom, lines, None, {})
    return Parsed(text, bom, lines, root, data, aliases)


def _without_gc(load: Callable[[str], _T], text: str) -> _T:
    """Run `load` with the cyclic garbage collector paused: building many small nodes makes it
    run over and over for nothing (a large share of the loading time on big files).

    What was built is then frozen out of the collector's reach (`gc.freeze`): the nodes and the
    data hold no reference cycles (a self-referencing alias is refused) and are freed by
    reference counting, while leaving them to the collector would make its next full passes
    walk millions of objects (seconds, at 100,000 routes) in whatever runs after the load.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load(text)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class SharingLoader(Composer, yaml.CSafeLoader):
    """libyaml's events composed by PyYAML's Python composer: about 40% slower to compose than
    libyaml's own composer, which holds the interpreter lock for seconds on a big file, so that
    no other thread (the editor's screen, its keys) runs meanwhile. This one lets them run."""

    def __init__(self, text: str) -> None:
        yaml.CSafeLoader.__init__(self, text)
        Composer.__init__(self)


def _load(text: str) -> tuple[MappingNode | None, Any, bool]:
    off_main_thread = threading.current_thread() is not threading.main_thread()
    loader = SharingLoader(text) if off_main_thread else yaml.CSafeLoader(text)
    with reading(loader, text):
        root = loader.get_single_node()
        if root is None or _is_empty(root):
            return None, None, False
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise DocumentError(
                f"the top level must be a mapping of settings, not {kind}",
                root.start_mark.line + 1,
                root.start_mark.column + 1,
            )
        may_alias = "&" in text
        data = construct(loader, root, check_limits(root, may_alias).mappings)
        if "\t" in text:
            _check_as_safe_load(text, root)
        return root, data, may_alias and shares_nodes(root)


@contextmanager
def reading(loader: Loader, text: str) -> Iterator[None]:
    """Read `text` with `loader` inside the block: whatever it raises becomes a DocumentError
    with a position in `text` when known; the loader is disposed of afterwards."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        raise from_marked(exc) from None
    except yaml.reader.ReaderError as exc:
        raise _from_reader(exc, text) from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"the YAML cannot be read ({exc})") from None
    except RecursionError:
        raise DocumentError("the YAML is nested too deeply to be read") from None
    finally:
        loader.dispose()


def construct(loader: Loader, root: Node, mappings: Iterable[MappingNode]) -> Any:
    """The data of `root` once the keys of its `mappings` are checked for duplicates, leaving
    the nodes as they were (constructing flattens `<<:` merges into the mappings that hold them).

    A value the agent's loader cannot build (`2024-02-30`, `!!bool maybe`, `!!int abc`) raises
    ValueError, KeyError and the like from deep inside PyYAML, with no position: such a file is
    as unreadable to the agent as invalid YAML, so it becomes a DocumentError at the value's
    line and column."""
    try:
        merging = check_duplicate_keys(mappings, loader)
        saved = [(node, list(node.value)) for node in merging]
        data = loader.construct_document(root)
    except (yaml.YAMLError, DocumentError):
        raise
    except Exception:
        raise invalid_value(root) from None
    for node, pairs in saved:
        node.value = pairs
    return data


def read_part(text: str, loader_class: type[Loader]) -> tuple[Node | None, Any]:
    """The nodes and data of a part of a file (the lines around an edit, under the keys that
    give them their place), read by `loader_class`: yaml.CSafeLoader (libyaml) or
    yaml.SafeLoader (PyYAML's pure-Python reader, which refuses some text libyaml accepts).
    DocumentError with a position in `text` when it cannot be read, or repeats a key."""
    loader = loader_class(text)
    with reading(loader, text):
        root = loader.get_single_node()
        if root is None:
            return None, None
        return root, construct(loader, root, check_limits(root).mappings)


class _Shapes(Composer, yaml.CSafeLoader):
    """libyaml's events composed by PyYAML's composer, where an alias whose anchor lies outside
    the text becomes an empty value at the alias: the shape of a part of a file, for finding
    where its comments are, not what it means."""

    def __init__(self, text: str) -> None:
        yaml.CSafeLoader.__init__(self, text)
        Composer.__init__(self)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent) and event.anchor not in self.anchors:
            self.get_event()
            return ScalarNode(NULL_TAG, "", _mark(event.start_mark), _mark(event.end_mark))
        node: Node | None = super().compose_node(parent, index)
        return node


def _mark(mark: Any) -> Mark:
    return Mark(mark.name, mark.index, mark.line, mark.column, None, 0)


def shape_of(text: str) -> Node | None:
    """The nodes of a part of a file, aliases to anchors outside it left empty; DocumentError
    when it cannot be read."""
    loader = _Shapes(text)
    with reading(loader, text):
        node: Node | None = loader.get_single_node()
        return node


def _check_as_safe_load(text: str, root: MappingNode) -> None:
    """libyaml accepts some tabs (`a:<tab>b`, a tab before a comment or at a line's end) that
    PyYAML's pure-Python `safe_load`, the agent's loader, rejects: the agent would fail to start
    on such a file, so routedeck refuses it too, where the agent would stop.

    Those are scanner errors, and the scanner starts afresh at each top-level key of a block
    mapping: so only the top-level entries whose lines hold a tab are scanned (a line between
    entries, a comment, alone), not the whole file: a tab in one comment of a 10 MB config
    would otherwise cost half a minute of pure-Python scanning.
    """
    body = text[len(BOM) :] if text.startswith(BOM) else text
    lines = body.splitlines(keepends=True)
    for start, stop in _entries_with_tabs(lines, root):
        try:
            for _ in yaml.scan("".join(lines[start:stop]), Loader=yaml.SafeLoader):
                pass
        except yaml.MarkedYAMLError as exc:
            error = from_marked(exc)
            message = f"the agent's YAML loader (PyYAML safe_load) rejects this: {error.message}"
            line = None if error.line is None else error.line + start
            raise DocumentError(message, line, error.column) from None


def _entries_with_tabs(lines: list[str], root: MappingNode) -> list[tuple[int, int]]:
    """The (first, past-last) line ranges to scan: each top-level entry holding a tab, each
    other line holding one; the whole text when the top level is a flow mapping."""
    if root.flow_style:
        return [(0, len(lines))]
    spans = [(key.start_mark.line, _last_line(key, value) + 1) for key, value in root.value]
    starts = [first for first, _ in spans]
    ranges: dict[tuple[int, int], None] = {}
    for index, line in enumerate(lines):
        if "\t" not in line:
            continue
        entry = bisect_right(starts, index) - 1
        if entry >= 0 and index < spans[entry][1]:
            ranges[spans[entry]] = None
        else:
            ranges[(index, index + 1)] = None
    return list(ranges)


def _last_line(key: Node, value: Node) -> int:
    """The last line an entry's text reaches (a block value ends at the start of the next
    line)."""
    end = value.end_mark
    last = end.line if end.column > 0 else end.line - 1
    return max(last, key.start_mark.line)


def _is_empty(root: Node) -> bool:
    """A document with nothing in it (`---` alone) reads as an empty null scalar."""
    return isinstance(root, ScalarNode) and root.tag == NULL_TAG and not root.value


def check_duplicate_keys(mappings: Iterable[MappingNode], loader: Loader) -> list[MappingNode]:
    """Raise DocumentError at the second spelling of a key already in the same mapping; return
    the mappings that hold a `<<:` merge key.

    PyYAML silently keeps the last value; the agent would then run on data the operator does
    not see, so a duplicate is an error. Keys compare as the agent's dict does (`on` == `true`
    == `1` == `1.0`; the string "1" is another key).
    """
    return [node for node in mappings if _check_mapping(node, loader)]


def shares_nodes(root: Node) -> bool:
    """Whether some node is reached twice under `root` (an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return False


def _check_mapping(node: MappingNode, loader: Loader) -> bool:
    """Check one mapping for duplicate keys; True when it has a merge key."""
    first_line: dict[Any, int] = {}
    merges = False
    for key, _ in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.tag == STR_TAG:
            ident: Any = key.value
        elif key.tag == MERGE_TAG:
            ident, merges = (key.tag, key.value), True
        else:  # as a key of the agent's dict: `yes` (True), `1` and `1.0` are one key
            ident = loader.construct_object(key)
        if ident in first_line:
            raise DocumentError(
                f"duplicate key {mask_text(repr(key.value))} (first on line {first_line[ident]})",
                key.start_mark.line + 1,
                key.start_mark.column + 1,
            )
        first_line[ident] = key.start_mark.line + 1
    return merges


def from_marked(exc: yaml.MarkedYAMLError) -> DocumentError:
    mark = exc.problem_mark or exc.context_mark
    problem = mask_text(exc.problem or exc.context or "the YAML cannot be read")  # may quote
    if problem == "but found another document":
        problem = "the file holds more than one YAML document; only one is allowed"
    elif problem == "exceeded maximum nesting depth":  # libyaml's own limit (1,000 levels)
        problem = f"the YAML is nested deeper than {MAX_DEPTH} levels; routedeck refuses to read it"
    if mark is None:
        return DocumentError(problem)
    return DocumentError(problem, mark.line + 1, mark.column + 1)


def _from_reader(exc: yaml.reader.ReaderError, text: str) -> DocumentError:
    body = text[1:] if text.startswith(BOM) else text
    before = body[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n")
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return DocumentError(f"the character U+{ord(char):04X} is not allowed in YAML", line, column)
