"""apply_migration: legacy shorthand becomes routes, comments travel, the result is proved."""

import pytest

from routedeck.document import ConfigDocument, EditError
from routedeck.paths import demo_config_text
from routedeck.routing import plan_migration


def migrated(text: str) -> ConfigDocument:
    doc = ConfigDocument.from_text(text)
    doc.apply_migration(plan_migration(doc.model_config))
    return doc


def test_comments_travel_with_the_converted_entries() -> None:
    text = (
        "model:\n"
        "  default: x\n"
        "  routes:\n"
        "    - match: { platform: cli }\n"
        "      model: y\n"
        "  # legacy heading\n"
        "  platforms:\n"
        "    # tg comment\n"
        '    telegram: "a"  # eol\n'
        "    discord:   # disc\n"
        "      model: b   # bb\n"
        "  by_source:\n"
        "    stranger: {model: c}\n"
        "\n"
        "terminal: {}\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  default: x\n"
        "  routes:\n"
        "    - match: { platform: cli }\n"
        "      model: y\n"
        "    # legacy heading\n"
        "    # tg comment\n"
        "    - name: platforms.telegram\n"
        "      match: { platform: telegram }\n"
        '      model: "a"  # eol\n'
        "    - name: platforms.discord  # disc\n"
        "      match: { platform: discord }\n"
        "      model: b  # bb\n"
        "    - name: by_source.stranger\n"
        "      match: { source_kind: stranger }\n"
        "      model: c\n"
        "\n"
        "terminal: {}\n"
    )


def test_migration_creates_routes_and_keeps_unconverted_entries() -> None:
    text = "model:\n  platforms:\n    telegram: a\n    slack: ''\n  other: 1\n"
    doc = migrated(text)
    assert doc.to_text() == (
        "model:\n  platforms:\n    slack: ''\n  other: 1\n"
        "  routes:\n    - name: platforms.telegram\n      match: { platform: telegram }\n"
        "      model: a\n"
    )


def test_demo_config_migrates_with_its_comments() -> None:
    doc = migrated(demo_config_text())
    text = doc.to_text()
    assert "platforms:\n    telegram" not in text and "by_source:" not in text
    assert "    - name: platforms.telegram\n" in text and "    - name: by_source.stranger\n" in text
    assert '      model: "google/gemini-2.5-flash"  # cheap and fast for chat\n' in text
    assert "# Gateway adapters" in text and "\n\n\nterminal" not in text
    assert "    # Legacy shorthand, from before `routes:` existed. Explicit routes above\n" in text
    original = ConfigDocument.from_text(demo_config_text())
    assert doc.model_config == plan_migration(original.model_config).apply_to(original.model_config)
    assert len(doc.routes) == len(original.routes) + 3


def test_an_empty_plan_changes_nothing() -> None:
    doc = migrated("model:\n  default: x\n")
    assert not doc.is_dirty


def test_a_plan_that_does_not_fit_the_file_is_refused() -> None:
    doc = ConfigDocument.from_text("model:\n  platforms: {telegram: a}\n")
    with pytest.raises(EditError):
        doc.apply_migration(plan_migration(doc.model_config))
    assert not doc.is_dirty


def test_comment_lines_inside_a_legacy_entry_travel_with_it() -> None:
    text = (
        "model:\n"
        "  platforms:\n"
        "    discord:\n"
        "      # the strong one\n"
        "      model: b\n"
        "      # api_key: sk-old\n"
        "      provider: openrouter\n"
        "    telegram:\n"
        "      # only a comment before the value\n"
        "      a\n"
        "z: 1\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    - name: platforms.discord\n"
        "      match: { platform: discord }\n"
        "      # the strong one\n"
        "      model: b\n"
        "      # api_key: sk-old\n"
        "      provider: openrouter\n"
        "    - name: platforms.telegram\n"
        "      match: { platform: telegram }\n"
        "      # only a comment before the value\n"
        "      model: a\n"
        "z: 1\n"
    )


def test_comment_lines_before_a_legacy_match_key_stay_above_it() -> None:
    text = (
        "model:\n"
        "  platforms:\n"
        "    discord:\n"
        "      # only strangers\n"
        "      match: {source_kind: stranger}\n"
        "      model: b\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    - name: platforms.discord\n"
        "      # only strangers\n"
        "      match: { source_kind: stranger }\n"
        "      model: b\n"
    )


def test_end_of_line_comments_inside_a_legacy_entry_are_kept() -> None:
    text = (
        "model:\n"
        "  platforms:\n"
        "    discord:\n"
        "      match:  # why\n"
        "        platform: discord  # the adapter\n"
        "      args:\n"
        "        - --a  # first\n"
        '      name: "two\n'
        '        # words"  # a name\n'
        "      api_mode: { x: 1,  # flow\n"
        "        y: 2 }\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    # the adapter\n"
        "    - match: { platform: discord }  # why\n"
        "      # first\n"
        "      args: [--a]\n"
        "      # a name\n"
        '      name: "two # words"\n'
        "      # flow\n"
        "      api_mode: { x: 1, y: 2 }\n"
    )


def test_comments_indented_under_a_legacy_entry_stay_with_its_route() -> None:
    text = (
        "model:\n"
        "  by_source:\n"
        "    stranger:\n"
        "      model: cheap\n"
        "      # api_key: sk-old\n"
        "    # about owner\n"
        "    owner:\n"
        "      model: strong\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    - name: by_source.stranger\n"
        "      match: { source_kind: stranger }\n"
        "      model: cheap\n"
        "      # api_key: sk-old\n"
        "    # about owner\n"
        "    - name: by_source.owner\n"
        "      match: { source_kind: owner }\n"
        "      model: strong\n"
    )


def test_a_new_routes_key_goes_below_the_comments_trailing_the_last_section() -> None:
    text = "model:\n  platforms:\n    slack:\n      model: s\n      # api_key: old\n  # end\n"
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    - name: platforms.slack\n"
        "      match: { platform: slack }\n"
        "      model: s\n"
        "      # api_key: old\n"
        "  # end\n"
    )


def test_a_section_that_goes_whole_leaves_none_of_its_comments_behind() -> None:
    text = (
        "model:\n"
        "  platforms:  # legacy\n"
        "      # deeper, right under the key\n"
        "    discord: d\n"
        "# detached at column 0\n"
        "\n"
        "    slack: s\n"
        "z: 1\n"
    )
    assert migrated(text).to_text() == (
        "model:\n"
        "  routes:\n"
        "    # legacy\n"
        "    # deeper, right under the key\n"
        "    - name: platforms.discord\n"
        "      match: { platform: discord }\n"
        "      model: d\n"
        "    # detached at column 0\n"
        "    - name: platforms.slack\n"
        "      match: { platform: slack }\n"
        "      model: s\n"
        "z: 1\n"
    )
