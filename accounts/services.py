"""Writes on users: profile completion at signup and the language preference."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def user_complete_signup(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language if preferred_language in LANGUAGE_CODES else "nl"
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_language(*, user: User, language: str) -> User:
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Deze taal wordt niet ondersteund."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str,
    role: str = User.Role.PARTICIPANT,
    preferred_language: str = "nl",
    verified: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user with allauth's email record, for seeding and admin tooling."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        preferred_language=preferred_language,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user
