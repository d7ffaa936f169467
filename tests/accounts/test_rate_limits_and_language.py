"""Rate limits through the real cache answer 429 in Dutch; the language can be switched."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_too_many_login_attempts_get_429_in_dutch(client, settings):
    UserFactory(email="doelwit@example.com")
    statuses = [
        client.post(reverse("account_login"), {"login": "doelwit@example.com", "password": f"fout{i}"}).status_code
        for i in range(30)
    ]
    assert 429 not in statuses
    response = client.post(reverse("account_login"), {"login": "doelwit@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Even rustig aan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_on_one_account_are_refused_even_with_the_right_password(client):
    person = UserFactory(email="bewaakt@example.com")
    for i in range(5):
        client.post(reverse("account_login"), {"login": person.email, "password": f"fout{i}"})
    response = client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()
    assert "_auth_user_id" not in client.session
    person.refresh_from_db()
    assert person.is_active


def test_anonymous_visitor_switches_to_english_and_back(client):
    home = client.get("/")
    assert '<html lang="nl">' in home.content.decode()
    assert "Account aanmaken" in home.content.decode()

    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["taal"].value == "en"
    english = client.get("/")
    body = english.content.decode()
    assert '<html lang="en">' in body
    assert "Create an account" in body
    assert "Account aanmaken" not in body

    client.post(reverse("accounts:set_language"), {"language": "nl", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_language_choice_is_saved_on_the_account(client_for):
    person = UserFactory(preferred_language="nl")
    client = client_for(person)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "en"
    # The account's choice wins over a stale cookie on another device.
    other_device = client_for(person)
    other_device.cookies["taal"] = "nl"
    assert '<html lang="en">' in other_device.get("/").content.decode()


def test_unknown_language_and_foreign_redirect_are_refused(client_for):
    person = UserFactory(preferred_language="nl")
    client = client_for(person)
    response = client.post(reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    person.refresh_from_db()
    assert person.preferred_language == "nl"
    assert "Deze taal wordt niet ondersteund." in client.get("/").content.decode()


def test_set_language_only_accepts_post(client):
    assert client.get(reverse("accounts:set_language")).status_code == 405
