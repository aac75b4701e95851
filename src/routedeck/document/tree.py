"""Node marks that catch up with the text lazily after an edit moved lines.

An edit re-reads only the lines around it; every node below it then sits some lines further down
(or up) than its marks say. Shifting the marks of ten thousand routes on every keystroke would
cost more than the edit, so the containers on the edit's path (the top-level mapping, `model:`,
`routes:`) hold their children in a `Lagging` list that records, per child, how many lines its
marks lag behind, and moves them when the child is read. Only documents without aliases are
updated this way (an aliased node would belong to two children).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, SupportsIndex, overload

from yaml.error import Mark
from yaml.nodes import Node


class Lagging(list[Any]):
    """The children of a node (nodes, or (key, value) pairs of a mapping); child `i`'s marks
    are `lags[i]` lines behind the text until it is read through this list."""

    def __init__(self, items: Iterable[Any] = (), lags: Iterable[int] | None = None) -> None:
        super().__init__(items)
        self._lags = list(lags) if lags is not None else [0] * len(self)

    @classmethod
    def replaced(cls, old: list[Any], swaps: list[tuple[int, int, list[Any], int]]) -> Lagging:
        """`old` with children [first, stop) replaced by `new` (marks up to date) for each
        (first, stop, new, lines) of `swaps` (in order, not overlapping); the children after
        each lag `lines` more."""
        items = list.__getitem__(old, slice(None))
        lags = old._lags if isinstance(old, Lagging) else [0] * len(items)
        new_items: list[Any] = []
        new_lags: list[int] = []
        cursor = lag = 0
        for first, stop, new, lines in swaps:
            new_items += items[cursor:first] + new
            new_lags += [old_lag + lag for old_lag in lags[cursor:first]] + [0] * len(new)
            cursor, lag = stop, lag + lines
        new_items += items[cursor:]
        new_lags += [old_lag + lag for old_lag in lags[cursor:]]
        return cls(new_items, new_lags)

    def lag_all(self, lines: int) -> None:
        """Every child now lags `lines` more lines."""
        self._lags = [lag + lines for lag in self._lags]

    def _caught_up(self, index: int) -> Any:
        child = list.__getitem__(self, index)
        lag = self._lags[index]
        if lag:
            for node in child if isinstance(child, tuple) else (child,):
                shift(node, lag)
            self._lags[index] = 0
        return child

    @overload
    def __getitem__(self, index: SupportsIndex) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        if isinstance(index, slice):
            return [self._caught_up(i) for i in range(*index.indices(len(self)))]
        position = index.__index__()
        return self._caught_up(position + len(self) if position < 0 else position)

    def __iter__(self) -> Iterator[Any]:
        return (self._caught_up(i) for i in range(len(self)))

    def __reversed__(self) -> Iterator[Any]:
        return (self._caught_up(i) for i in reversed(range(len(self))))


def as_written(children: list[Any]) -> list[Any]:
    """The children as they are, marks lagging or not (for what does not read positions)."""
    return list.__getitem__(children, slice(None))


def shift(node: Node, lines: int) -> None:
    """Move the marks of `node` and everything under it `lines` lines down (a `Lagging` list
    below takes the shift lazily)."""
    stack = [node]
    while stack:
        current = stack.pop()
        current.start_mark = moved(current.start_mark, lines)
        current.end_mark = moved(current.end_mark, lines)
        children = current.value
        if isinstance(children, Lagging):
            children.lag_all(lines)
        elif isinstance(children, list):
            for child in children:
                stack.extend(child if isinstance(child, tuple) else (child,))


def moved(mark: Mark, lines: int) -> Mark:
    return Mark(mark.name, mark.index, mark.line + lines, mark.column, None, 0)
