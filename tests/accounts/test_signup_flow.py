"""Signup -> verification email -> verified login, and the refusals on the way."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "email": "nieuw@example.com",
        "display_name": "Noor",
        "password1": "Zee-van-tijd-2026",
        "password2": "Zee-van-tijd-2026",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_sends_dutch_verification_email_and_login_waits_for_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_email_verification_sent")

    user = User.objects.get(email="nieuw@example.com")
    assert user.display_name == "Noor"
    assert user.preferred_language == "nl"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.com"]
    assert message.subject == "Bevestig je e-mailadres"
    assert message.body.startswith("Hallo Noor,")  # signup mail greets the new person by name
    assert "Welkom! Bevestig je e-mailadres" in message.body
    assert "Hartelijke groet," in message.body

    # Before verification the password alone does not log in.
    client.logout()
    response = client.post(reverse("account_login"), {"login": "nieuw@example.com", "password": "Zee-van-tijd-2026"})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("account_login"), {"login": "nieuw@example.com", "password": "Zee-van-tijd-2026"}, follow=True
    )
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Fijn dat je er bent, Noor." in response.content.decode()


def test_signup_with_taken_email_is_refused_without_touching_the_account(client):
    existing = UserFactory(email="bezet@example.com", display_name="Eerste")
    before = existing.password
    with_mail = len(mail.outbox)
    response = _signup(client, email="Bezet@Example.com")
    # allauth prevents enumeration: the form pretends success but creates nothing.
    assert User.objects.filter(email__iexact="bezet@example.com").count() == 1
    existing.refresh_from_db()
    assert existing.password == before
    assert existing.display_name == "Eerste"
    assert response.status_code in (200, 302)
    assert len(mail.outbox) >= with_mail


def test_signup_with_weak_password_shows_dutch_error_and_saves_nothing(client):
    response = _signup(client, password1="12345678", password2="12345678")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens lang zijn." in body
    assert "This password" not in body
    assert not User.objects.filter(email="nieuw@example.com").exists()


def test_signup_without_name_is_refused(client):
    response = _signup(client, display_name="   ")
    assert response.status_code == 200
    assert "Vul je naam in." in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.com").exists()


def test_wrong_password_gives_dutch_message(client):
    UserFactory(email="iemand@example.com")
    response = client.post(reverse("account_login"), {"login": "iemand@example.com", "password": "fout"})
    assert response.status_code == 200
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in response.content.decode()


def test_expired_or_tampered_reset_link_is_refused_in_dutch(client):
    person = UserFactory(email="vergeten@example.com")
    with_hash = person.password
    response = client.get("/accounts/password/reset/key/zz-ongeldige-sleutel/", follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ongeldig" in body.lower()
    person.refresh_from_db()
    assert person.password == with_hash


def test_password_reset_email_then_new_password_works(client, django_capture_on_commit_callbacks):
    UserFactory(email="reset@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "reset@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"password1": "Nieuw-begin-2026!", "password2": "Nieuw-begin-2026!"})
    assert done.status_code == 302
    client.logout()
    ok = client.post(reverse("account_login"), {"login": "reset@example.com", "password": "Nieuw-begin-2026!"})
    assert ok.status_code == 302
    assert "_auth_user_id" in client.session
    old = client.post(reverse("account_login"), {"login": "reset@example.com", "password": TEST_PASSWORD})
    assert old.status_code == 200 or "_auth_user_id" in client.session


def test_email_change_is_verified_before_it_replaces_the_login(client_for, django_capture_on_commit_callbacks):
    person = UserFactory(email="oud@example.com")
    client = client_for(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": "nieuw-adres@example.com"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nieuw-adres@example.com"]]
    person.refresh_from_db()
    assert person.email == "oud@example.com"  # nothing changes until the new address is confirmed

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    client.post(link)
    person.refresh_from_db()
    assert person.email == "nieuw-adres@example.com"
    assert EmailAddress.objects.get(user=person, email="nieuw-adres@example.com").verified


def test_email_change_to_an_address_in_use_harms_nobody(client_for, django_capture_on_commit_callbacks):
    """allauth hides whether an address is taken (enumeration prevention): the request looks
    accepted, but it stays unverified and the owner's account is untouched."""
    owner = UserFactory(email="bezet@example.com")
    person = UserFactory(email="mijn@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(person).post(reverse("account_email"), {"action_add": "", "email": "bezet@example.com"})
    person.refresh_from_db()
    owner.refresh_from_db()
    assert person.email == "mijn@example.com"
    assert owner.email == "bezet@example.com"
    assert EmailAddress.objects.get(user=owner, email="bezet@example.com").verified
    assert not EmailAddress.objects.filter(user=person, email="bezet@example.com", verified=True).exists()
    # The confirmation goes to the owner's inbox only, without the requester's name; even
    # if the owner follows it, the address stays theirs.
    [message] = mail.outbox
    assert message.to == ["bezet@example.com"]
    assert person.display_name not in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)
    client_for(owner).post(link)
    person.refresh_from_db()
    assert person.email == "mijn@example.com"
    assert not EmailAddress.objects.filter(user=person, email="bezet@example.com", verified=True).exists()
    assert EmailAddress.objects.get(user=owner, email="bezet@example.com").primary
