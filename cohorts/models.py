"""Couples (the cohort issue adds cohorts, enrolment, invitations and consent here)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Couple(models.Model):
    """Two people doing the training together. partner_a invited, partner_b accepted."""

    partner_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_as_a", verbose_name=_("partner 1")
    )
    partner_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_as_b", verbose_name=_("partner 2")
    )
    created_at = models.DateTimeField(_("gevormd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("stel")
        verbose_name_plural = _("stellen")
        constraints = [
            models.CheckConstraint(condition=~Q(partner_a=F("partner_b")), name="cohorts_couple_distinct_partners"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_a} & {self.partner_b}"

    @property
    def partners(self) -> tuple:
        return (self.partner_a, self.partner_b)

    def has_member(self, user) -> bool:
        return user.pk in (self.partner_a_id, self.partner_b_id)

    def partner_of(self, user):
        """The other partner; precondition: `user` is a member."""
        return self.partner_b if user.pk == self.partner_a_id else self.partner_a
