"""Strict comparison of the agent's view: `1 == True == 1.0` in Python, not for the agent."""

from __future__ import annotations

import math
from typing import Any


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types, recursively (mapping key order ignored); `.nan` is `.nan`.
    A value is the same as itself (an edit's view shares every part it did not change)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def same_view(actual: dict[Any, Any], expected: dict[Any, Any]) -> bool:
    """The whole file's data matches: strictly for `model`, whose legacy sections are also
    compared in order (the router walks them in file order); plainly for the rest."""
    rest_actual = {k: v for k, v in actual.items() if k != "model"}
    rest_expected = {k: v for k, v in expected.items() if k != "model"}
    if rest_actual != rest_expected or ("model" in actual) != ("model" in expected):
        return False
    model, wanted = actual.get("model"), expected.get("model")
    try:
        if not same(model, wanted):
            return False
    except RecursionError:
        return False
    if isinstance(model, dict) and isinstance(wanted, dict):
        for section in ("platforms", "by_source"):
            if isinstance(model.get(section), dict) and list(model[section]) != list(
                wanted[section]
            ):
                return False
    return True
