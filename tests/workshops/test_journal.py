"""The private journal: only its author can ever read an entry."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import CoupleFactory, UserFactory
from workshops.models import JOURNAL_ENTRY_MAX_LENGTH, JournalEntry, Module
from workshops.services import journal_entry_save

SECRET = "Ik durf het Bas nog niet te zeggen: ik ben bang dat hij weggaat."


@pytest.fixture
def module(training):
    return Module.objects.get(training=training, number=1)


@pytest.fixture
def prompt(module):
    return module.prompts.first()


@pytest.fixture
def written(couple, module, prompt):
    """Partner A wrote a private entry."""
    return journal_entry_save(author=couple.partner_a, module=module, prompt=prompt, text=SECRET)


def _entry_url(module, prompt):
    return reverse("workshops:journal_entry", args=[module.slug, prompt.pk])


@pytest.fixture
def admin_user(db):
    admin = User.objects.create_superuser(email="beheer@example.com", password="Beheer-wachtwoord-1", display_name="B")
    TOTP.activate(admin, generate_totp_secret())  # staff must use MFA
    return admin


def test_author_sees_entry_on_journal_page_grouped_by_module(client_for, couple, written, module):
    response = client_for(couple.partner_a).get(reverse("workshops:journal"))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET.replace("'", "&#x27;") in html
    assert module.title_nl in html
    assert written.prompt.text_nl in html


def test_author_can_reopen_and_edit_own_entry(client_for, couple, written, module, prompt):
    client = client_for(couple.partner_a)
    assert SECRET in client.get(_entry_url(module, prompt)).content.decode()
    response = client.post(_entry_url(module, prompt), {"text": "Nieuwe gedachte."})
    assert response.status_code == 302
    assert JournalEntry.objects.get(author=couple.partner_a, prompt=prompt).text == "Nieuwe gedachte."
    assert JournalEntry.objects.filter(author=couple.partner_a).count() == 1


@pytest.mark.parametrize("who", ["partner", "coach", "other_couple"])
def test_nobody_else_can_read_the_entry(who, client_for, couple, coach, written, module, prompt):
    viewer = {"partner": couple.partner_b, "coach": coach, "other_couple": CoupleFactory().partner_a}[who]
    client = client_for(viewer)

    journal = client.get(reverse("workshops:journal"))
    editor = client.get(_entry_url(module, prompt))
    search = client.get(reverse("workshops:journal"), {"q": "bang"})

    for response in (journal, editor, search):
        assert response.status_code == 200
        assert "bang dat hij weggaat" not in response.content.decode()
    # Their own save creates their own entry and leaves the author's untouched.
    client.post(_entry_url(module, prompt), {"text": "Van mij."})
    assert JournalEntry.objects.get(pk=written.pk).text == SECRET


def test_anonymous_is_sent_to_login(client, written, module, prompt):
    for url in (reverse("workshops:journal"), _entry_url(module, prompt)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_prompt_of_another_module_is_404(client_for, user, training, prompt):
    other = Module.objects.get(training=training, number=2)
    response = client_for(user).get(_entry_url(other, prompt))
    assert response.status_code == 404
    assert client_for(user).post(_entry_url(other, prompt), {"text": "x"}).status_code == 404
    assert client_for(user).get(reverse("workshops:journal_entry", args=["intake", 999999])).status_code == 404
    assert not JournalEntry.objects.exists()


def test_admin_sees_that_an_entry_exists_but_not_its_text(client_for, admin_user, written):
    client = client_for(admin_user)
    changelist = client.get(reverse("admin:workshops_journalentry_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert str(written.author) in html
    assert str(len(SECRET)) in html
    assert "bang dat hij weggaat" not in html

    searched = client.get(reverse("admin:workshops_journalentry_changelist"), {"q": "weggaat"})
    assert "bang dat hij weggaat" not in searched.content.decode()
    assert "0 dagboekaantekeningen" in searched.content.decode() or "0 journal" in searched.content.decode()

    change = client.get(reverse("admin:workshops_journalentry_change", args=[written.pk]))
    assert change.status_code == 200
    assert "bang dat hij weggaat" not in change.content.decode()
    assert 'name="text"' not in change.content.decode()

    # Nor can an admin rewrite or delete it.
    client.post(reverse("admin:workshops_journalentry_change", args=[written.pk]), {"text": "gewijzigd"})
    assert client.get(reverse("admin:workshops_journalentry_delete", args=[written.pk])).status_code == 403
    assert JournalEntry.objects.get(pk=written.pk).text == SECRET


def test_oversized_entry_is_refused_with_a_clear_message_and_nothing_saved(client_for, user, module, prompt):
    client = client_for(user)
    too_long = "a" * (JOURNAL_ENTRY_MAX_LENGTH + 1)

    response = client.post(_entry_url(module, prompt), {"text": too_long})
    assert response.status_code == 422
    html = response.content.decode()
    assert "maximum is 10.000" in html
    assert too_long in html  # given back in the textarea: nothing typed is lost
    assert not JournalEntry.objects.exists()

    htmx = client.post(_entry_url(module, prompt), {"text": too_long}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422
    assert "maximum is 10.000" in htmx.content.decode()
    assert not JournalEntry.objects.exists()


def test_oversized_update_keeps_the_previous_text(client_for, couple, written, module, prompt):
    client_for(couple.partner_a).post(_entry_url(module, prompt), {"text": "b" * (JOURNAL_ENTRY_MAX_LENGTH + 5)})
    assert JournalEntry.objects.get(pk=written.pk).text == SECRET


def test_text_of_exactly_the_limit_is_saved(client_for, user, module, prompt):
    client_for(user).post(_entry_url(module, prompt), {"text": "é" * JOURNAL_ENTRY_MAX_LENGTH})
    assert len(JournalEntry.objects.get(author=user).text) == JOURNAL_ENTRY_MAX_LENGTH


def test_html_in_an_entry_is_shown_as_text(client_for, user, module, prompt):
    client = client_for(user)
    client.post(_entry_url(module, prompt), {"text": '<script>alert("hoi")</script><b>vet</b>'})
    for response in (client.get(reverse("workshops:journal")), client.get(_entry_url(module, prompt))):
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<b>vet</b>" not in html
        assert "&lt;script&gt;alert(&quot;hoi&quot;)&lt;/script&gt;" in html


def test_htmx_autosave_answers_with_a_status_line(client_for, user, module, prompt):
    response = client_for(user).post(_entry_url(module, prompt), {"text": "Eerste zin."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Bewaard om" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert JournalEntry.objects.get(author=user, prompt=prompt).text == "Eerste zin."


def test_search_finds_own_entries_only_by_text(client_for, user, training):
    modules = list(Module.objects.filter(training=training).order_by("number")[:3])
    texts = ["Zondag liep het uit de hand.", "Samen ademen hielp echt.", "Ik trok me terug op zondag."]
    for module, text in zip(modules, texts, strict=True):
        journal_entry_save(author=user, module=module, prompt=module.prompts.first(), text=text)
    journal_entry_save(
        author=UserFactory(), module=modules[0], prompt=modules[0].prompts.first(), text="zondag van een ander"
    )
    client = client_for(user)

    html = client.get(reverse("workshops:journal"), {"q": "ZONDAG"}).content.decode()
    assert "Zondag liep het uit de hand." in html
    assert "Ik trok me terug op zondag." in html
    assert "Samen ademen hielp echt." not in html
    assert "van een ander" not in html

    empty = client.get(reverse("workshops:journal"), {"q": "vakantie"}).content.decode()
    assert "Niets gevonden" in empty

    everything = client.get(reverse("workshops:journal")).content.decode()
    assert all(text in everything for text in texts)
    # Grouped in course order.
    assert (
        everything.index(modules[0].title_nl)
        < everything.index(modules[1].title_nl)
        < everything.index(modules[2].title_nl)
    )


def test_journal_page_query_count_does_not_grow(client_for, user, training):
    client = client_for(user)
    first = Module.objects.get(training=training, number=0)
    journal_entry_save(author=user, module=first, prompt=first.prompts.first(), text="Eén.")
    client.get(reverse("workshops:journal"))  # warm the session and language lookups
    with CaptureQueriesContext(connection) as one_entry:
        client.get(reverse("workshops:journal"))

    for module in Module.objects.filter(training=training):
        for prompt in module.prompts.all():
            journal_entry_save(author=user, module=module, prompt=prompt, text=f"Over {module.slug}.")
    with CaptureQueriesContext(connection) as all_entries:
        response = client.get(reverse("workshops:journal"))

    assert len(all_entries) == len(one_entry)
    assert response.content.decode().count('class="card journal-entry"') == JournalEntry.objects.count() > 8


def test_journal_speaks_english_to_an_english_speaker(client_for, module, prompt):
    reader = UserFactory(preferred_language="en")
    journal_entry_save(author=reader, module=module, prompt=prompt, text="My own words.")
    html = client_for(reader).get(reverse("workshops:journal")).content.decode()
    assert "My journal" in html
    assert prompt.text_en in html
    assert module.title_en in html
