"""Training domain: the training (its modules, sections and exercises come with the module issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Training(models.Model):
    """A course as loaded from workshops/content/; cohorts are runs of it."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    title_nl = models.CharField(_("titel (nl)"), max_length=200)
    title_en = models.CharField(_("titel (en)"), max_length=200)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    def __str__(self) -> str:
        return self.title_nl
