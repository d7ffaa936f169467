"""Writes of the training: loading content, the private journal and reading progress."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .content_loader import CONTENT_DIR, LoadResult, training_load
from .models import JOURNAL_ENTRY_MAX_LENGTH, JournalEntry, JournalPrompt, Module, Section, SectionProgress


def training_content_load(*, content_dir: Path = CONTENT_DIR) -> LoadResult:
    """Load (or update) the training from its content files; raises ContentError and loads nothing if one is bad."""
    return training_load(content_dir=content_dir)


def journal_entry_save(*, author, module: Module, prompt: JournalPrompt, text: str) -> JournalEntry:
    """Create or update `author`'s answer to `prompt`. Access to the module is the caller's check."""
    if prompt.module_id != module.pk:
        raise ValidationError(_("Deze vraag hoort niet bij deze module."))
    text = (text or "").replace("\r\n", "\n")
    if len(text) > JOURNAL_ENTRY_MAX_LENGTH:
        raise ValidationError(
            _("Je tekst is %(length)s tekens lang; het maximum is %(max)s. Maak hem wat korter, dan bewaren we hem.")
            % {
                "length": number_format(len(text), force_grouping=True),
                "max": number_format(JOURNAL_ENTRY_MAX_LENGTH, force_grouping=True),
            }
        )
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().filter(author=author, prompt=prompt).first()
        if entry is None:
            entry = JournalEntry(author=author, module=module, prompt=prompt, text=text)
            entry.full_clean(validate_constraints=False)  # the unique (author, prompt) is the DB's job
            try:
                with transaction.atomic():
                    entry.save()
            except IntegrityError:
                # Two autosaves of the same new entry raced; the other one created the row.
                entry = JournalEntry.objects.select_for_update().get(author=author, prompt=prompt)
            else:
                return entry
        if entry.text != text:
            entry.text = text
            entry.full_clean()
            entry.save(update_fields=["text", "updated_at"])
        return entry


def section_mark_done(*, user, section: Section) -> SectionProgress:
    """Mark a reading section as done for `user`; marking it again changes nothing."""
    progress, _created = SectionProgress.objects.get_or_create(user=user, section=section)
    return progress


def section_mark_undone(*, user, section: Section) -> None:
    SectionProgress.objects.filter(user=user, section=section).delete()
