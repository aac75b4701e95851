"""Packages whose names are imported from their modules when first used (PEP 562).

`routedeck.routing` and `routedeck.document` export many names from many modules; a program that
uses a few of them (the editor before its first frame) should not pay for loading them all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(
    package: str, exports: Mapping[str, tuple[str, ...]]
) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """`__all__`, `__getattr__` and `__dir__` for `package`, whose `exports` name, for each of
    its modules, the names it exports from there. Type checkers read the package's imports
    under TYPE_CHECKING instead, so that a misspelt name stays an error."""
    module_of = {name: module for module, names in exports.items() for name in names}
    names = sorted(module_of)

    def getattr_(name: str) -> object:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    def dir_() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return names, getattr_, dir_
