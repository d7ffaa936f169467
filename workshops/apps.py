"""Workshops: the training, its modules and the live shared exercises."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = _("Training")

    def ready(self) -> None:
        from cohorts.progress import register_progress_provider

        from .progress import provider

        register_progress_provider(provider)
