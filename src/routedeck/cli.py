"""The routedeck command line."""

import sys


def main(argv: list[str] | None = None) -> int:
    print("routedeck: not built yet", file=sys.stderr)
    return 2
