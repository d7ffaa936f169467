"""The coach's dashboard: what a coach sees (and doesn't), the stuck filter, CSV, and its query count."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cohorts import services
from cohorts.progress import ProgressColumn, register_progress_provider, unregister_progress_provider
from tests.factories import UserFactory


def dashboard(client, cohort, **params):
    return client.get(reverse("cohorts:dashboard", args=[cohort.pk]), params)


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_pairing_only_where_both_partners_consented(cohort, coach, client_for, enrolled, finish_assessment):
    open_couple = enrolled(cohort, shares=(True, True))
    private_couple = enrolled(cohort, shares=(True, False))
    finish_assessment(open_couple.partner_a, style="preoccupied")
    finish_assessment(open_couple.partner_b, style="dismissing")
    finish_assessment(private_couple.partner_a, style="fearful")
    finish_assessment(private_couple.partner_b, style="secure")

    html = dashboard(client_for(coach), cohort).content.decode()
    assert "angstig-vastklampend" in html and "vermijdend" in html
    # The second couple: partner b did not consent, so neither style of that couple shows.
    assert "gedesorganiseerd" not in html
    assert html.count("niet gedeeld") == 1
    assert html.count("klaar") >= 4  # finished is shown for every partner

    export = rows_of(client_for(coach).get(reverse("cohorts:dashboard_export", args=[cohort.pk])))
    assert export[1][4] == "angstig-vastklampend" and export[1][8] == "vermijdend"
    assert export[2][4] == "" and export[2][8] == "niet gedeeld"
    assert "gedesorganiseerd" not in str(export) and "veilig" not in str(export)


def test_pending_enrolment_shows_the_invitation(cohort, coach, client_for):
    services.enrollment_start(
        cohort=cohort,
        user=UserFactory(),
        partner_email="wacht@example.com",
        scores_and_style=True,
        module_progress=True,
    )
    html = dashboard(client_for(coach), cohort).content.decode()
    assert "uitgenodigd: wacht@example.com" in html and "nog niet geaccepteerd" in html


def test_stuck_filter(cohort, coach, client_for, enrolled, finish_assessment):
    now = timezone.now()
    active = enrolled(cohort)
    idle = enrolled(cohort)
    half = enrolled(cohort)
    for partner in (*active.partners, *idle.partners, half.partner_a):
        finish_assessment(partner)
    User.objects.filter(pk__in=[p.pk for p in active.partners]).update(last_login=now)
    # The idle couple's activity lies three weeks back.
    from assessments.models import AssessmentResponse

    AssessmentResponse.objects.filter(user__in=idle.partners).update(updated_at=now - dt.timedelta(days=21))
    User.objects.filter(pk__in=[p.pk for p in (*idle.partners, *half.partners)]).update(
        last_login=now - dt.timedelta(days=21)
    )
    AssessmentResponse.objects.filter(user=half.partner_a).update(updated_at=now)

    http = client_for(coach)
    everyone = dashboard(http, cohort).content.decode()
    assert all(p.display_name in everyone for c in (active, idle, half) for p in c.partners)

    stuck = dashboard(http, cohort, stil=7).content.decode()
    assert active.partner_a.display_name not in stuck
    assert idle.partner_a.display_name in stuck  # no activity in 7 days
    assert half.partner_b.display_name in stuck  # a partner who never started
    assert "2 van 3 stellen" in stuck

    csv_rows = rows_of(http.get(reverse("cohorts:dashboard_export", args=[cohort.pk]), {"stil": 7}))
    assert len(csv_rows) == 3


@pytest.mark.parametrize("value", ["abc", "0", "9999"])
def test_invalid_stuck_days_explains_and_shows_everyone(cohort, coach, client_for, enrolled, value):
    couple = enrolled(cohort)
    html = dashboard(client_for(coach), cohort, stil=value).content.decode()
    assert 'class="errorlist' in html
    assert couple.partner_a.display_name in html


def test_csv_neutralises_formulas_in_names(cohort, coach, client_for, enrolled):
    couple = enrolled(cohort)
    User.objects.filter(pk=couple.partner_a.pk).update(display_name="=HYPERLINK(1)")
    export = rows_of(client_for(coach).get(reverse("cohorts:dashboard_export", args=[cohort.pk])))
    assert export[1][1] == "'=HYPERLINK(1)"


class FakeProgress:
    def columns(self, *, cohort):
        return [ProgressColumn(key="m1", label="Module 1")]

    def values(self, *, cohort, user_ids):
        return {(uid, "m1"): "3/5" for uid in user_ids}


def test_progress_provider_columns_respect_consent(cohort, coach, client_for, enrolled):
    enrolled(cohort, progress=(True, False))
    provider = FakeProgress()
    register_progress_provider(provider)
    try:
        html = dashboard(client_for(coach), cohort).content.decode()
    finally:
        unregister_progress_provider(provider)
    assert "Module 1" in html
    assert html.count("3/5") == 1
    assert "niet gedeeld" in html


def test_no_progress_columns_without_a_provider(cohort, coach, client_for, enrolled):
    enrolled(cohort)
    html = dashboard(client_for(coach), cohort).content.decode()
    assert "Module" not in html


# Session, user, user-session (+ its write), MFA check, cohort, enrolments, invitations, consents,
# assessment status (2), activity (1), the transaction bookkeeping around the session write, the
# training's progress provider (modules, then sections done, totals and journal: 4) and, on the
# page only, whether the cohort is paused (1).
EXPECTED_QUERIES = {"dashboard": 21, "dashboard_export": 20}


@pytest.mark.parametrize("view", ["dashboard", "dashboard_export"])
@pytest.mark.parametrize("size", [2, 20, 200])
def test_query_count_does_not_grow_with_the_cohort(
    view, size, make_cohort, coach, client_for, enrolled, finish_assessment, django_assert_num_queries
):
    cohort = make_cohort(coach=coach, capacity=size + 1)
    for n in range(size):
        couple = enrolled(cohort, shares=(n % 3 != 0, True))
        if n % 2:
            finish_assessment(couple.partner_a)
    services.enrollment_start(
        cohort=cohort, user=UserFactory(), partner_email="x@example.com", scores_and_style=True, module_progress=True
    )
    http = client_for(coach)
    with django_assert_num_queries(EXPECTED_QUERIES[view]):
        response = http.get(reverse(f"cohorts:{view}", args=[cohort.pk]), {"stil": 7})
    assert response.status_code == 200
    if view == "dashboard_export":
        assert len(rows_of(response)) == size + 2  # header, couples, the pending enrolment


def _loaded_training():
    from workshops.services import training_content_load

    return training_content_load().training


def test_module_progress_columns_show_counts_never_text_and_respect_consent(cohort, coach, client_for, enrolled):
    from workshops.models import Module
    from workshops.services import journal_entry_save, section_mark_done

    training = _loaded_training()
    first = Module.objects.get(training=training, number=0)
    sharing = enrolled(cohort, progress=(True, True))
    private = enrolled(cohort, progress=(True, False))
    for person in (sharing.partner_a, private.partner_b):
        for section in first.sections.all():
            section_mark_done(user=person, section=section)
        journal_entry_save(author=person, module=first, prompt=first.prompts.first(), text="Heel persoonlijk.")
    section_mark_done(user=sharing.partner_b, section=first.sections.first())

    html = dashboard(client_for(coach), cohort).content.decode()
    total = first.sections.count()
    assert all(f'<th scope="col">Module {n}</th>' in html for n in range(8))
    assert f"{total}/{total} · dagboek" in html  # sharing partner a
    assert f"1/{total}<" in html  # sharing partner b read one section, wrote nothing
    assert html.count(f"{total}/{total} · dagboek") == 1  # private partner b's progress stays hidden
    assert "niet gedeeld" in html
    assert "Heel persoonlijk" not in html

    export = rows_of(client_for(coach).get(reverse("cohorts:dashboard_export", args=[cohort.pk])))
    assert "partner 1: Module 0" in export[0]
    assert "Heel persoonlijk" not in str(export)


@pytest.mark.parametrize("size", [2, 20, 200])
def test_query_count_with_module_progress_does_not_grow(
    size, make_cohort, coach, client_for, enrolled, django_assert_num_queries
):
    from workshops.models import SectionProgress

    training = _loaded_training()
    cohort = make_cohort(coach=coach, capacity=size + 1)
    sections = list(training.modules.get(number=0).sections.all()) + list(training.modules.get(number=1).sections.all())
    people = []
    for n in range(size):
        couple = enrolled(cohort, progress=(True, n % 4 != 0))
        people.extend(couple.partners)
    SectionProgress.objects.bulk_create(
        SectionProgress(user=p, section=s) for i, p in enumerate(people) for s in sections[: i % len(sections)]
    )
    http = client_for(coach)
    with django_assert_num_queries(EXPECTED_QUERIES["dashboard"]):
        response = http.get(reverse("cohorts:dashboard", args=[cohort.pk]))
    assert response.content.decode().count('<th scope="col">Module ') == 8
