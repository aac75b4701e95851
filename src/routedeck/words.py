"""Counted nouns in messages, the same in every command and screen."""


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`1 line`, `2 lines`, `1 entry`, `3 entries`."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"
