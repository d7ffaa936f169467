"""The questionnaire as versioned data, and each person's sittings with their answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    ANXIETY = "anxiety", _("angst")
    AVOIDANCE = "avoidance", _("vermijding")


class Style(models.TextChoices):
    SECURE = "secure", _("veilig")
    PREOCCUPIED = "preoccupied", _("angstig-vastklampend")
    DISMISSING = "dismissing", _("vermijdend")
    FEARFUL = "fearful", _("gedesorganiseerd")


class Instrument(models.Model):
    """One version of a questionnaire. A loaded version is never changed in meaning:
    a new wording or key is a new version, so old responses keep theirs."""

    key = models.SlugField(_("sleutel"), max_length=60)
    version = models.PositiveIntegerField(_("versie"))
    title_nl = models.CharField(_("titel (nl)"), max_length=200)
    title_en = models.CharField(_("titel (en)"), max_length=200)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=7)
    is_active = models.BooleanField(_("in gebruik"), default=False)
    content_sha256 = models.CharField(max_length=64, help_text=_("Vingerafdruk van het bronbestand."))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="assessments_instrument_key_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_active=True), name="assessments_one_active_version_per_key"
            ),
            models.CheckConstraint(condition=Q(scale_min__lt=models.F("scale_max")), name="assessments_scale_range"),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    scale = models.CharField(_("schaal"), max_length=16, choices=Scale.choices)
    reverse_keyed = models.BooleanField(_("omgekeerd gescoord"), default=False)
    text_nl = models.TextField(_("tekst (nl)"))
    text_en = models.TextField(_("tekst (en)"))

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="assessments_item_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="assessments_item_position_unique"),
            models.CheckConstraint(condition=Q(scale__in=["anxiety", "avoidance"]), name="assessments_item_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.code}"


class AssessmentResponse(models.Model):
    """One person's sitting of one instrument: open while answering, frozen once submitted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    is_intake = models.BooleanField(_("intake"), default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Computed on the server at submission (assessments.scoring); null while open.
    anxiety = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    avoidance = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    style = models.CharField(max_length=16, choices=Style.choices, blank=True)
    strength = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("afname")
        verbose_name_plural = _("afnames")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(submitted_at__isnull=True), name="assessments_one_open_sitting_per_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_intake=True), name="assessments_one_intake_per_user"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | (Q(anxiety__isnull=False) & Q(avoidance__isnull=False) & Q(strength__isnull=False) & ~Q(style="")),
                name="assessments_submitted_has_scores",
            ),
        ]
        indexes = [models.Index(fields=["user", "-submitted_at"], name="assessments_user_submitted")]

    def __str__(self) -> str:
        return f"{self.user} {self.instrument} {self.started_at:%Y-%m-%d}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    response = models.ForeignKey(AssessmentResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="assessments_answer_once_per_item"),
            models.CheckConstraint(condition=Q(value__gte=1) & Q(value__lte=7), name="assessments_answer_range"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.item_id}={self.value}"
