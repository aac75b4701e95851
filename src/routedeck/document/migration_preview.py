"""Plan a migration, apply it to a copy of the document and show the difference: what both the
`migrate` command and the editor's migration preview need, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from routedeck.document.document import ConfigDocument
from routedeck.routing import MigrationPlan, plan_migration


@dataclass(frozen=True)
class MigrationPreview:
    """A proved plan, the verified text it gives, and the unified diff from the current text."""

    plan: MigrationPlan
    text: str
    diff: str

    @property
    def changes_anything(self) -> bool:
        return not self.plan.is_empty


def preview_migration(document: ConfigDocument, *, mask_secrets: bool = True) -> MigrationPreview:
    """The migration of `document`'s current text, which is left as it is.

    Raises MigrationError when the plan cannot be proved and EditError when the text cannot be
    edited as planned.
    """
    plan = plan_migration(document.model_config)
    if plan.is_empty:
        return MigrationPreview(plan, document.to_text(), "")
    copy = ConfigDocument.from_text(document.to_text(), document.path, allow_empty=True)
    copy.apply_migration(plan)
    return MigrationPreview(plan, copy.to_text(), copy.diff(mask_secrets=mask_secrets))
