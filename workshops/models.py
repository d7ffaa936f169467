"""Training domain: the training, its modules and reading, the private journal and reading progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .exercises import EXERCISE_KEYS

JOURNAL_ENTRY_MAX_LENGTH = 10_000


class Bilingual:
    """Content stored as `<name>_nl` / `<name>_en`; `tr(name)` picks the active language, Dutch as fallback."""

    def tr(self, name: str) -> str:
        language = (get_language() or "nl")[:2]
        value = getattr(self, f"{name}_{language}", "") if language != "nl" else ""
        return value or getattr(self, f"{name}_nl")


class Training(Bilingual, models.Model):
    """A course as loaded from workshops/content/; cohorts are runs of it."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    title_nl = models.CharField(_("titel (nl)"), max_length=200)
    title_en = models.CharField(_("titel (en)"), max_length=200)
    content_version = models.CharField(
        _("inhoudsversie"), max_length=40, blank=True, help_text=_("Versie uit training.yaml bij het laatste laden.")
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    def __str__(self) -> str:
        return self.title_nl

    @property
    def title(self) -> str:
        return self.tr("title")


class Module(Bilingual, models.Model):
    """One step of the training; it opens `unlock_offset` cadence steps after the cohort starts."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="modules", verbose_name=_("training"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    slug = models.SlugField(_("slug"), max_length=80)
    title_nl = models.CharField(_("titel (nl)"), max_length=200)
    title_en = models.CharField(_("titel (en)"), max_length=200)
    unlock_offset = models.PositiveSmallIntegerField(
        _("opent na stappen"), help_text=_("Aantal stappen van de cohortcadans na de start waarop deze module opent.")
    )
    intro_nl = models.TextField(_("introductie (nl, Markdown)"))
    intro_en = models.TextField(_("introductie (en, Markdown)"))
    exercise_key = models.CharField(
        _("gedeelde oefening"), max_length=60, choices=[(key, key) for key in EXERCISE_KEYS]
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ("training", "number")
        constraints = [
            models.UniqueConstraint(fields=("training", "number"), name="workshops_module_unique_number"),
            models.UniqueConstraint(fields=("training", "slug"), name="workshops_module_unique_slug"),
            models.CheckConstraint(
                condition=Q(exercise_key__in=EXERCISE_KEYS), name="workshops_module_known_exercise_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_nl}"

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def intro(self) -> str:
        return self.tr("intro")


class Section(Bilingual, models.Model):
    """A reading section of a module (Markdown, rendered and sanitised at display time)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sections", verbose_name=_("module"))
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title_nl = models.CharField(_("titel (nl)"), max_length=200)
    title_en = models.CharField(_("titel (en)"), max_length=200)
    body_nl = models.TextField(_("tekst (nl, Markdown)"))
    body_en = models.TextField(_("tekst (en, Markdown)"))

    class Meta:
        verbose_name = _("leestekst")
        verbose_name_plural = _("leesteksten")
        ordering = ("module", "order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("module", "slug"), name="workshops_section_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title_nl

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def body(self) -> str:
        return self.tr("body")


class JournalPrompt(Bilingual, models.Model):
    """A private reflection question of a module; each person answers it in their own journal."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="prompts", verbose_name=_("module"))
    key = models.SlugField(_("sleutel"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"))
    text_nl = models.TextField(_("vraag (nl)"))
    text_en = models.TextField(_("vraag (en)"))

    class Meta:
        verbose_name = _("dagboekvraag")
        verbose_name_plural = _("dagboekvragen")
        ordering = ("module", "order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("module", "key"), name="workshops_prompt_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text_nl[:80]

    @property
    def text(self) -> str:
        return self.tr("text")


class Source(Bilingual, models.Model):
    """One entry of a module's "Bronnen" list."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sources", verbose_name=_("module"))
    order = models.PositiveSmallIntegerField(_("volgorde"))
    citation = models.CharField(_("bron"), max_length=400)
    note_nl = models.CharField(_("toelichting (nl)"), max_length=400, blank=True)
    note_en = models.CharField(_("toelichting (en)"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ("module", "order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("module", "citation"), name="workshops_source_unique_citation"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def note(self) -> str:
        return self.tr("note")


class JournalEntry(models.Model):
    """A person's private answer to one prompt. Only its author ever reads `text`."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries", verbose_name=_("auteur")
    )
    # PROTECT: editing or reloading content must never take a participant's writing with it.
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="journal_entries", verbose_name=_("module")
    )
    prompt = models.ForeignKey(
        JournalPrompt, on_delete=models.PROTECT, related_name="entries", verbose_name=_("dagboekvraag")
    )
    text = models.TextField(_("tekst"), max_length=JOURNAL_ENTRY_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("dagboekaantekening")
        verbose_name_plural = _("dagboekaantekeningen")
        ordering = ("module__number", "prompt__order", "pk")
        constraints = [
            models.UniqueConstraint(fields=("author", "prompt"), name="workshops_journal_one_entry_per_prompt"),
        ]

    def __str__(self) -> str:
        # Never the text: this string shows up in admin breadcrumbs and delete pages.
        return f"#{self.pk} ({self.module_id})"


class SectionProgress(models.Model):
    """A person marked a reading section as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="section_progress", verbose_name=_("persoon")
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="progress", verbose_name=_("leestekst"))
    done_at = models.DateTimeField(_("gelezen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gelezen leestekst")
        verbose_name_plural = _("gelezen leesteksten")
        constraints = [
            models.UniqueConstraint(fields=("user", "section"), name="workshops_progress_once_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.section_id}"
