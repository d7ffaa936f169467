"""Forms: they parse and explain bad input; the services decide and write."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EXTENSION_MAX_DAYS, Cohort, timezone_names

SESSION_FORMATS = ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M")


class ConsentForm(forms.Form):
    scores_and_style = forms.BooleanField(
        label=_("Mijn coach mag mijn scores en hechtingsstijl zien"),
        required=False,
        help_text=_(
            "Zo kan je coach de oefeningen beter op jullie afstemmen. "
            "Je antwoorden op de vragen blijven altijd van jou."
        ),
    )
    module_progress = forms.BooleanField(
        label=_("Mijn coach mag zien hoe ver ik ben met de modules"),
        required=False,
        help_text=_("Dan kan je coach je een seintje geven als je vastloopt."),
    )


class EnrollForm(ConsentForm):
    partner_email = forms.EmailField(
        label=_("E-mailadres van je partner"),
        help_text=_("Je partner krijgt een uitnodiging die 14 dagen geldig is."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Vul het e-mailadres van je partner in."),
            "invalid": _("Vul een geldig e-mailadres in."),
        },
    )
    field_order = ["partner_email", "scores_and_style", "module_progress"]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van je partner"),
        error_messages={
            "required": _("Vul het e-mailadres van je partner in."),
            "invalid": _("Vul een geldig e-mailadres in."),
        },
    )


class StuckFilterForm(forms.Form):
    stil = forms.IntegerField(
        label=_("Geen activiteit sinds (dagen)"),
        min_value=1,
        max_value=365,
        required=False,
        error_messages={
            "invalid": _("Vul een aantal dagen in, bijvoorbeeld 7."),
            "min_value": _("Kies minstens 1 dag."),
            "max_value": _("Kies hoogstens 365 dagen."),
        },
    )


class CohortForm(forms.Form):
    title = forms.CharField(label=_("Naam van de groep"), max_length=120)
    starts_on = forms.DateField(
        label=_("Startdatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    cadence_days = forms.IntegerField(
        label=_("Dagen tussen modules"),
        min_value=1,
        max_value=60,
        initial=7,
        help_text=_("Na hoeveel dagen de volgende module opengaat."),
    )
    timezone = forms.CharField(label=_("Tijdzone"), max_length=64, initial="Europe/Amsterdam")
    capacity = forms.IntegerField(label=_("Maximaal aantal stellen"), min_value=1, max_value=5000, initial=12)
    status = forms.ChoiceField(label=_("Status"), choices=Cohort.Status.choices, initial=Cohort.Status.DRAFT)
    require_both_finished = forms.BooleanField(
        label=_("Pas verder als beide partners klaar zijn"),
        required=False,
        help_text=_(
            "Een module gaat dan pas open als de datum bereikt is én beide partners de vorige module hebben "
            "afgerond (alles gelezen en iets in hun dagboek geschreven)."
        ),
    )
    session_dates = forms.CharField(
        label=_("Geplande live sessies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2026-12-03 19:30"}),
        help_text=_("Eén per regel, als JJJJ-MM-DD UU:MM, in de tijdzone van de groep."),
    )

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        if name not in timezone_names():
            raise forms.ValidationError(_("Onbekende tijdzone: gebruik bijvoorbeeld Europe/Amsterdam."))
        return name

    def clean(self):
        cleaned = super().clean()
        zone = ZoneInfo(cleaned.get("timezone") or "Europe/Amsterdam")
        moments = []
        for raw in (cleaned.get("session_dates") or "").splitlines():
            line = raw.strip()
            if not line:
                continue
            for fmt in SESSION_FORMATS:
                try:
                    moments.append(datetime.strptime(line, fmt).replace(tzinfo=zone))  # noqa: DTZ007
                    break
                except ValueError:
                    continue
            else:
                self.add_error(
                    "session_dates",
                    _("“%(line)s” is geen datum met tijd; schrijf bijvoorbeeld 2026-12-03 19:30.") % {"line": line},
                )
        cleaned["session_moments"] = moments
        return cleaned

    @staticmethod
    def initial_for(cohort: Cohort) -> dict:
        zone = ZoneInfo(cohort.timezone)
        return {
            "title": cohort.title,
            "starts_on": cohort.starts_on,
            "cadence_days": cohort.cadence_days,
            "timezone": cohort.timezone,
            "capacity": cohort.capacity,
            "status": cohort.status,
            "require_both_finished": cohort.require_both_finished,
            "session_dates": "\n".join(
                s.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") for s in cohort.session_dates.all()
            ),
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_on": data["starts_on"],
            "cadence_days": data["cadence_days"],
            "timezone_name": data["timezone"],
            "capacity": data["capacity"],
            "status": data["status"],
            "require_both_finished": data["require_both_finished"],
            "session_dates": data["session_moments"],
        }


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label=_("Extra dagen"),
        min_value=1,
        max_value=EXTENSION_MAX_DAYS,
        error_messages={
            "required": _("Vul in hoeveel dagen extra tijd dit stel krijgt."),
            "invalid": _("Vul een aantal dagen in, bijvoorbeeld 7."),
            "min_value": _("Kies minstens 1 dag."),
            "max_value": _("Kies hoogstens %(limit_value)s dagen."),
        },
    )
