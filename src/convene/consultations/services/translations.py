"""Translations of a version, paragraph by paragraph, by people."""

from django.db import transaction
from django.utils.translation import gettext as _

from convene.consultations import generations
from convene.consultations.models import (
    FEEDBACK_LIMIT,
    Change,
    Paragraph,
    ParagraphTranslation,
    Translation,
    TranslationStatus,
    Version,
)
from convene.consultations.queries.access import can_translate
from convene.consultations.services._common import (
    clean_language,
    clean_text,
    require,
    require_person,
)
from convene.core.clock import now
from convene.core.errors import Invalid
from convene.core.types import Actor


def translation_save(
    *,
    actor: Actor,
    version: Version,
    language: str,
    key: str,
    text: str,
    done: bool = False,
) -> ParagraphTranslation:
    """Save one paragraph's translation (status done, or in progress). Signed-in people."""
    actor = require_person(actor)
    require(can_translate(user=actor), _("Sign in to translate."))
    language = clean_language(language)
    if not language:
        raise Invalid(_("Choose a language."), field="language", code="required")
    paragraph = Paragraph.objects.filter(version=version, key=key).first()
    if paragraph is None:
        raise Invalid(_("This version has no paragraph “%(key)s”.") % {"key": key}, field="key")
    text = clean_text(text, field="text", limit=FEEDBACK_LIMIT * 5, required=done)
    at = now()
    with transaction.atomic():
        translation, _created = Translation.objects.get_or_create(
            version=version, language=language, defaults={"created_at": at, "updated_at": at}
        )
        row, _created = ParagraphTranslation.objects.update_or_create(
            translation=translation,
            key=key,
            defaults={
                "text": text,
                "status": TranslationStatus.DONE if done else TranslationStatus.IN_PROGRESS,
                "source_text": paragraph.text,
                "translator": actor,
                "updated_at": at,
            },
        )
        Translation.objects.filter(pk=translation.pk).update(updated_at=at)
        generations.changed(chapters=[version.chapter_id])
    return row


def translations_carry(*, previous: Version, version: Version) -> int:
    """Carry every translation of `previous` to `version` by paragraph key: an unchanged
    paragraph keeps its translation and status, an edited one keeps the text but becomes
    outdated, a new one is missing. Returns how many paragraph translations were carried."""
    translations = list(Translation.objects.filter(version=previous))
    if not translations:
        return 0
    change = dict(Paragraph.objects.filter(version=version).values_list("key", "change"))
    at = now()
    rows: list[ParagraphTranslation] = []
    for old in translations:
        new = Translation.objects.create(
            version=version, language=old.language, created_at=at, updated_at=at
        )
        for row in ParagraphTranslation.objects.filter(translation=old):
            if row.key not in change or change[row.key] == Change.NEW:
                continue
            status = row.status if change[row.key] == Change.SAME else TranslationStatus.OUTDATED
            rows.append(
                ParagraphTranslation(
                    translation=new,
                    key=row.key,
                    text=row.text,
                    status=status,
                    source_text=row.source_text,
                    translator_id=row.translator_id,
                    updated_at=row.updated_at,
                )
            )
    ParagraphTranslation.objects.bulk_create(rows)
    return len(rows)
