"""Extra signup fields on top of allauth's own signup form."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .services import user_complete_signup


class SignupForm(forms.Form):
    """allauth calls `signup()` after creating the user from its own fields."""

    display_name = forms.CharField(
        label=_("Je naam"),
        max_length=80,
        error_messages={"required": _("Vul je naam in.")},
        help_text=_("Zo zien je partner en je coach je."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": _("Voornaam")}),
    )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Vul je naam in."))
        return name

    def signup(self, request, user) -> None:
        user_complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            preferred_language=get_language() or "nl",
        )
