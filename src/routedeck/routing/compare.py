"""Strict comparison of loaded values: `1 == True == 1.0` in Python, not for the agent."""

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
