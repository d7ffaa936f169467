"""Cohorts: couples, enrolment, consent and the coach's view of a cohort."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cohorts"
    verbose_name = _("Groepen")
