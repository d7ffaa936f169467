"""Second factor required for coaches and staff; sessions listed with "log out elsewhere"."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, CoachFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_coach_without_authenticator_is_sent_to_set_one_up(client):
    coach = CoachFactory()
    assert _login(client, coach).status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("mfa_activate_totp"))
    # allauth asks for the password once more before a second factor can be added.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page.headers["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if _current_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=coach).exists()
    assert client.get(reverse("cohorts:coach_list")).headers["Location"].startswith(reverse("mfa_activate_totp"))

    done = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("cohorts:coach_list")).status_code == 200


def test_staff_without_authenticator_cannot_open_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    _login(client, staff)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("mfa_activate_totp"))


def test_coach_with_authenticator_needs_the_code_to_log_in(client):
    coach = CoachFactory()
    secret = generate_totp_secret()
    TOTP.activate(coach, secret)

    response = _login(client, coach)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    bad_code = "000000" if _current_code(secret) != "000000" else "111111"
    wrong = client.post(reverse("mfa_authenticate"), {"code": bad_code})
    assert wrong.status_code == 200
    assert "Ongeldige code." in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == coach.pk
    assert client.get(reverse("cohorts:coach_list")).status_code == 200


def test_participant_is_not_forced_but_may_set_up_an_authenticator(client):
    person = UserFactory()
    _login(client, person)
    assert client.get("/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert not Authenticator.objects.filter(user=person).exists()


def test_sessions_list_and_log_out_elsewhere():
    person = UserFactory()
    phone, laptop = Client(), Client()
    _login(phone, person)
    _login(laptop, person)
    assert UserSession.objects.filter(user=person).count() == 2

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert page.context["session_count"] == 2

    laptop.post(reverse("usersessions_list"))
    assert UserSession.objects.filter(user=person).count() == 1
    # The phone's session was ended: it is anonymous again.
    assert phone.get(reverse("usersessions_list")).status_code == 302
    assert laptop.get(reverse("usersessions_list")).status_code == 200
