"""The module list and module page: paced by the cohort, a locked module says when and why, never its content."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cohorts.models import ModuleEarlyOpening, SchedulePause
from tests.factories import CoupleFactory, UserFactory
from workshops.models import JournalEntry, Module, SectionProgress
from workshops.selectors import module_is_open_for_user, modules_open_for_user
from workshops.services import journal_entry_save, section_mark_done

SECRET = "Als Bas de deur dichtdoet, voel ik me weer acht jaar oud."


@pytest.fixture
def cohort(make_cohort):
    """Started 14 days ago, cadence 7: modules 0, 1 and 2 (today) are open, 3 opens in a week."""
    return make_cohort(days_ago=14)


@pytest.fixture
def pair(cohort, enrol):
    return enrol(cohort)


@pytest.fixture
def modules(training):
    return {m.number: m for m in Module.objects.filter(training=training)}


def page(client, module):
    return client.get(reverse("workshops:module", args=[module.slug]))


def test_open_modules_follow_the_cohort_start_and_cadence(pair, training, modules):
    open_ids = modules_open_for_user(user=pair.partner_a, training=training)
    assert {m.number for m in modules.values() if m.pk in open_ids} == {0, 1, 2}
    assert module_is_open_for_user(user=pair.partner_b, module=modules[2])
    assert not module_is_open_for_user(user=pair.partner_b, module=modules[3])


def test_module_list_shows_open_and_locked_modules_with_opening_dates(client_for, pair, modules):
    html = client_for(pair.partner_a).get(reverse("workshops:modules")).content.decode()
    assert html.count("nog dicht") == 5
    assert html.count('class="card module-item is-open"') == 3
    with translation.override("nl"):
        next_week = date_format(timezone.localdate() + dt.timedelta(days=7), "l j F")
    assert f"Gaat open op {next_week} om 00:00." in html
    assert all(m.title_nl in html for m in modules.values())


def test_module_page_shows_reading_journal_exercise_and_sources(client_for, pair, modules):
    module = modules[2]
    response = page(client_for(pair.partner_a), module)
    assert response.status_code == 200
    html = response.content.decode()
    for section in module.sections.all():
        assert section.title_nl in html
        assert reverse("workshops:section_done", args=[section.pk]) in html
    for prompt in module.prompts.all():
        assert reverse("workshops:journal_entry", args=[module.slug, prompt.pk]) in html
    assert 'data-exercise-key="cyclus-in-kaart"' in html
    assert "Bronnen" in html and module.sources.first().citation.split(",")[0] in html


def test_locked_module_by_url_says_when_and_why_and_shows_none_of_its_content(client_for, pair, modules):
    module = modules[3]
    response = page(client_for(pair.partner_a), module)
    assert response.status_code == 200  # an ordinary "not yet" page, not an error
    html = response.content.decode()
    assert module.title_nl in html
    assert "Gaat open op" in html and "elke 7 dagen" in html
    assert module.intro_nl[:40] not in html
    for section in module.sections.all():
        assert section.title_nl not in html
    for prompt in module.prompts.all():
        assert prompt.text_nl[:40] not in html
    assert "<textarea" not in html


def test_journal_and_reading_of_a_locked_module_refuse_and_save_nothing(client_for, pair, modules):
    module = modules[3]
    prompt = module.prompts.first()
    section = module.sections.first()
    client = client_for(pair.partner_a)
    url = reverse("workshops:journal_entry", args=[module.slug, prompt.pk])

    editor = client.get(url)
    assert editor.status_code == 200 and "<textarea" not in editor.content.decode()

    plain = client.post(url, {"text": "Te vroeg."})
    htmx = client.post(url, {"text": "Te vroeg."}, HTTP_HX_REQUEST="true")
    done_plain = client.post(reverse("workshops:section_done", args=[section.pk]), {"done": "1"})
    done_htmx = client.post(reverse("workshops:section_done", args=[section.pk]), {"done": "1"}, HTTP_HX_REQUEST="true")

    for response in (plain, htmx, done_plain, done_htmx):
        assert response.status_code == 403
        assert "nog niet open, dus we hebben niets bewaard" in response.content.decode()
    assert not JournalEntry.objects.exists()
    assert not SectionProgress.objects.exists()


def test_partner_sees_counts_but_never_the_other_partners_journal(client_for, pair, modules):
    module = modules[1]
    journal_entry_save(author=pair.partner_a, module=module, prompt=module.prompts.first(), text=SECRET)
    for section in module.sections.all():
        section_mark_done(user=pair.partner_a, section=section)

    own = page(client_for(pair.partner_a), module).content.decode()
    assert "weer acht jaar oud" in own
    theirs = page(client_for(pair.partner_b), module).content.decode()
    assert "weer acht jaar oud" not in theirs
    total = module.sections.count()
    assert f"{total} van {total} gelezen · dagboek geschreven" in theirs  # the partner's counts
    assert pair.partner_a.display_name in theirs


def test_another_couple_sees_only_their_own_data_on_the_same_module_page(client_for, cohort, pair, enrol, modules):
    module = modules[1]
    journal_entry_save(author=pair.partner_a, module=module, prompt=module.prompts.first(), text=SECRET)
    section_mark_done(user=pair.partner_a, section=module.sections.first())
    other = enrol(cohort, CoupleFactory(partner_a__display_name="Zeynep", partner_b__display_name="Youssef"))
    pair.partner_a.display_name = "Anouk-uniek"
    pair.partner_a.save()

    html = page(client_for(other.partner_a), module).content.decode()
    assert "weer acht jaar oud" not in html
    assert "Anouk-uniek" not in html
    assert "Youssef" in html  # their own partner
    assert "0 van" in html and "dagboek geschreven" not in html
    assert "✓ Gelezen" not in html


def test_someone_in_no_cohort_gets_the_locked_page_explaining_enrolment(client_for, training):
    outsider = UserFactory()
    module = Module.objects.get(training=training, number=0)
    html = page(client_for(outsider), module).content.decode()
    assert "ingeschreven" in html
    assert "<textarea" not in html
    listing = client_for(outsider).get(reverse("workshops:modules")).content.decode()
    assert "nog niet samen met je partner in een groep ingeschreven" in listing


def test_unknown_module_is_404(client_for, pair):
    assert client_for(pair.partner_a).get(reverse("workshops:module", args=["bestaat-niet"])).status_code == 404


def test_anonymous_is_sent_to_login(client, training):
    for url in (reverse("workshops:modules"), reverse("workshops:module", args=["intake"])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_pause_holds_the_next_module_and_the_page_says_so(client_for, cohort, pair, modules):
    SchedulePause.objects.create(cohort=cohort, started_at=timezone.now() - dt.timedelta(days=8))
    # Module 1 opened 7 days ago, after the pause began: it waits; module 0 was open before it.
    client = client_for(pair.partner_a)
    assert page(client, modules[0]).status_code == 200 and "<textarea" in page(client, modules[0]).content.decode()
    html = page(client, modules[1]).content.decode()
    assert "gepauzeerd" in html and "<textarea" not in html


def test_a_module_opened_early_by_the_coach_is_open(client_for, cohort, pair, modules):
    ModuleEarlyOpening.objects.create(cohort=cohort, module=modules[5])
    html = page(client_for(pair.partner_b), modules[5]).content.decode()
    assert "<textarea" in html and "eerder geopend door je coach" in html
    assert "<textarea" not in page(client_for(pair.partner_b), modules[4]).content.decode()


def test_both_finished_rule_waits_for_the_partner_and_shows_where_each_stands(client_for, make_cohort, enrol, modules):
    strict = make_cohort(days_ago=14, require_both_finished=True, title="Strenge groep")
    pair = enrol(strict)
    first = modules[0]
    for person in pair.partners:
        for section in first.sections.all():
            section_mark_done(user=person, section=section)
    journal_entry_save(author=pair.partner_a, module=first, prompt=first.prompts.first(), text="Klaar.")

    html = page(client_for(pair.partner_a), modules[1]).content.decode()
    assert "allebei de vorige module hebben afgerond" in html
    assert "dagboek nog leeg" in html  # partner b has not written yet
    assert "Klaar." not in html

    journal_entry_save(author=pair.partner_b, module=first, prompt=first.prompts.first(), text="Ook klaar.")
    assert "<textarea" in page(client_for(pair.partner_a), modules[1]).content.decode()
    assert not module_is_open_for_user(user=pair.partner_a, module=modules[2])  # module 1 not finished by both


def test_section_toggle_on_the_module_page_refreshes_the_progress_panel(client_for, pair, modules):
    section = modules[2].sections.first()
    response = client_for(pair.partner_a).post(
        reverse("workshops:section_done", args=[section.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="module-progress" hx-swap-oob="true"' in html
    assert f"1 van {modules[2].sections.count()} gelezen" in html


@pytest.mark.parametrize("written", [0, 8])
def test_module_page_query_count_does_not_grow_with_entries(
    written, client_for, pair, modules, django_assert_max_num_queries
):
    module = modules[1]
    for n, prompt in enumerate(module.prompts.all()):
        if n < written:
            journal_entry_save(author=pair.partner_a, module=module, prompt=prompt, text="x")
    for section in module.sections.all()[: written // 2]:
        section_mark_done(user=pair.partner_a, section=section)
    client = client_for(pair.partner_a)
    client.get(reverse("workshops:modules"))
    with django_assert_max_num_queries(22):
        assert page(client, module).status_code == 200


def test_module_page_in_english(client_for, cohort, enrol, modules):
    reader = UserFactory(preferred_language="en")
    enrol(cohort, CoupleFactory(partner_a=reader))
    html = page(client_for(reader), modules[3]).content.decode()
    assert "Opens on" in html
    assert modules[3].title_en in html
