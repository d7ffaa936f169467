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


# --- Live shared exercises -----------------------------------------------------------------


class LiveSession(models.Model):
    """A coach-led session: every couple of the cohort runs the same exercise, and no couple
    may go past the step the coach has opened (`step_index`)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        ENDED = "ended", _("afgelopen")

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="live_sessions")
    exercise_key = models.CharField(_("oefening"), max_length=60)
    definition = models.JSONField(help_text=_("De oefening zoals die bij de start was (blijft gelijk)."))
    step_index = models.PositiveSmallIntegerField(_("stap van de groep"), default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    announcement = models.CharField(_("mededeling"), max_length=280, blank=True)
    announcement_at = models.DateTimeField(null=True, blank=True)
    timer_ends_at = models.DateTimeField(_("groepstimer tot"), null=True, blank=True)
    seq = models.PositiveBigIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="live_sessions_started"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live groepssessie")
        verbose_name_plural = _("live groepssessies")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"], condition=Q(status="running"), name="workshops_one_running_session_per_cohort"
            ),
            models.CheckConstraint(condition=Q(status__in=["running", "ended"]), name="workshops_session_status"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.exercise_key}"


class ExerciseRun(models.Model):
    """One couple doing one shared exercise, alone or inside a live session. The state (steps,
    turns, inputs) lives here; sockets only carry it. `seq` grows by one per applied change."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("bezig")
        PAUSED = "paused", _("gepauzeerd")
        DONE = "done", _("afgerond")

    couple = models.ForeignKey("cohorts.Couple", on_delete=models.CASCADE, related_name="exercise_runs")
    module = models.ForeignKey(
        "workshops.Module", on_delete=models.SET_NULL, null=True, blank=True, related_name="exercise_runs"
    )
    live_session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, null=True, blank=True, related_name="runs")
    exercise_key = models.CharField(_("oefening"), max_length=60)
    definition = models.JSONField(help_text=_("De oefening zoals die bij de start was (blijft gelijk)."))
    state = models.JSONField()
    seq = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("oefensessie")
        verbose_name_plural = _("oefensessies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "exercise_key"],
                condition=Q(live_session__isnull=True) & ~Q(status="done"),
                name="workshops_one_open_run_per_couple_exercise",
            ),
            models.UniqueConstraint(
                fields=["live_session", "couple"],
                condition=Q(live_session__isnull=False),
                name="workshops_one_run_per_couple_per_session",
            ),
            models.CheckConstraint(condition=Q(status__in=["active", "paused", "done"]), name="workshops_run_status"),
        ]

    def __str__(self) -> str:
        return f"{self.couple} · {self.exercise_key} #{self.pk}"


class ExerciseRunEvent(models.Model):
    """Which change got which sequence number, and the client's message id that asked for it,
    so a message the client resends after a drop is applied once. No content is kept here."""

    run = models.ForeignKey(ExerciseRun, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=32)
    client_msg_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oefenstap")
        verbose_name_plural = _("oefenstappen")
        constraints = [
            models.UniqueConstraint(fields=["run", "seq"], name="workshops_run_event_seq_unique"),
            models.UniqueConstraint(fields=["run", "actor", "client_msg_id"], name="workshops_run_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.seq} {self.action}"
