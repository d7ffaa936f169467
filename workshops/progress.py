"""The training's columns on the coach's dashboard: per module, per partner, sections read and journal written.

Registered in WorkshopsConfig.ready(). The dashboard shows a partner's values only with their
consent (cohorts/selectors.py decides that); this provider never returns journal text, only counts.
Four queries for a whole cohort: the modules, then module_progress_for_users' three.
"""

from django.utils.translation import gettext as _

from cohorts.progress import ProgressColumn

from .models import Module
from .selectors import module_progress_for_users


def _key(module_id: int) -> str:
    return f"module-{module_id}"


class ModuleProgressProvider:
    def columns(self, *, cohort) -> list[ProgressColumn]:
        modules = Module.objects.filter(training_id=cohort.training_id).order_by("number").only("pk", "number")
        return [ProgressColumn(key=_key(m.pk), label=_("Module %(number)s") % {"number": m.number}) for m in modules]

    def values(self, *, cohort, user_ids) -> dict[tuple[int, str], str]:
        user_ids = list(user_ids)
        if not user_ids:
            return {}
        progress = module_progress_for_users(user_ids=user_ids, training=cohort.training)
        values = {}
        for user_id, per_module in progress.items():
            for module_id, p in per_module.items():
                if not (p.sections_done or p.journal_written):
                    continue  # shown as "–": not started
                text = f"{p.sections_done}/{p.sections_total}"
                if p.journal_written:
                    text += " · " + _("dagboek")
                values[(user_id, _key(module_id))] = text
        return values


provider = ModuleProgressProvider()
