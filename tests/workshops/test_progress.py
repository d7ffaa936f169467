"""Reading progress: marking sections done, and the per-person progress the coach dashboard reads."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from workshops.models import Module, SectionProgress
from workshops.selectors import module_progress_for_user, module_progress_for_users
from workshops.services import journal_entry_save, section_mark_done, section_mark_undone


def test_mark_done_is_idempotent_and_undo_works(user, training):
    module = Module.objects.get(training=training, number=2)
    section = module.sections.first()
    section_mark_done(user=user, section=section)
    section_mark_done(user=user, section=section)
    progress = module_progress_for_user(user=user, training=training)[module.pk]
    assert (progress.sections_done, progress.sections_total) == (1, module.sections.count())
    assert not progress.journal_written

    section_mark_undone(user=user, section=section)
    assert module_progress_for_user(user=user, training=training)[module.pk].sections_done == 0


def test_progress_counts_sections_and_journal_per_person(training):
    reader, writer, idle = UserFactory(), UserFactory(), UserFactory()
    module = Module.objects.get(training=training, number=1)
    for section in module.sections.all():
        section_mark_done(user=reader, section=section)
    journal_entry_save(author=writer, module=module, prompt=module.prompts.first(), text="Iets.")
    journal_entry_save(author=idle, module=module, prompt=module.prompts.first(), text="")

    progress = module_progress_for_users(user_ids=[reader.pk, writer.pk, idle.pk], training=training)

    assert progress[reader.pk][module.pk].reading_complete
    assert progress[reader.pk][module.pk].percent == 100
    assert not progress[reader.pk][module.pk].journal_written
    assert progress[writer.pk][module.pk].journal_written
    assert progress[writer.pk][module.pk].sections_done == 0
    assert not progress[idle.pk][module.pk].journal_written  # an emptied entry is not "written"
    assert set(progress[idle.pk]) == set(Module.objects.filter(training=training).values_list("pk", flat=True))


@pytest.mark.parametrize("people", [2, 20, 200])
def test_progress_for_many_people_takes_constant_queries(people, training, django_assert_num_queries):
    users = UserFactory.create_batch(people)
    sections = list(Module.objects.get(training=training, number=0).sections.all())
    SectionProgress.objects.bulk_create(SectionProgress(user=u, section=s) for u in users for s in sections[:2])

    with django_assert_num_queries(3):
        progress = module_progress_for_users(user_ids=[u.pk for u in users], training=training)

    assert len(progress) == people
    assert all(p[sections[0].module_id].sections_done == 2 for p in progress.values())


def test_section_done_endpoint_marks_and_unmarks_for_the_requester_only(client_for, couple, training):
    section = Module.objects.get(training=training, number=0).sections.first()
    client = client_for(couple.partner_a)
    url = reverse("workshops:section_done", args=[section.pk])

    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Gelezen" in response.content.decode()
    assert SectionProgress.objects.filter(user=couple.partner_a, section=section).exists()
    assert not SectionProgress.objects.filter(user=couple.partner_b).exists()

    client.post(url, {"done": "0"})
    assert not SectionProgress.objects.exists()


def test_section_done_endpoint_refuses_get_anonymous_and_unknown(client, client_for, user, training):
    section = Module.objects.get(training=training, number=0).sections.first()
    url = reverse("workshops:section_done", args=[section.pk])
    assert client_for(user).get(url).status_code == 405
    assert client.post(url, {"done": "1"}).status_code == 302
    assert client_for(user).post(reverse("workshops:section_done", args=[999999]), {"done": "1"}).status_code == 404
    assert not SectionProgress.objects.exists()
