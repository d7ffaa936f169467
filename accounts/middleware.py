"""Per-user language and the second-factor policy for coaches and staff."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """Dutch unless the person chose otherwise: their saved preference, else the cookie.

    The browser's Accept-Language is deliberately ignored: this is a Dutch course and
    English is an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.preferred_language in LANGUAGE_CODES:
            language = user.preferred_language
        elif cookie in LANGUAGE_CODES:
            language = cookie
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequireMFAMiddleware:
    """Coaches and staff cannot use the site until they have set up an authenticator app."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/taal/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_use_mfa
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
