"""seed_demo: demo cohort modules 0-2 open, couple A has done 0 and 1; running it again changes nothing."""

import io

from django.core.management import call_command

from accounts.models import User
from workshops.models import JournalEntry, SectionProgress, Training
from workshops.selectors import course_for_user


def test_demo_opens_modules_0_to_2_and_couple_a_finished_0_and_1(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (JournalEntry.objects.count(), SectionProgress.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (JournalEntry.objects.count(), SectionProgress.objects.count()) == counts

    training = Training.objects.get(key="doorbreek-de-dynamiek")
    for email in ("partner-a1@example.com", "partner-a2@example.com", "partner-b1@example.com"):
        course = course_for_user(user=User.objects.get(email=email), training=training)
        assert course.cohort.cadence_days == 7
        assert [s.module.number for s in course.modules if s.is_open] == [0, 1, 2]

    anouk = User.objects.get(email="partner-a1@example.com")
    course = course_for_user(user=anouk, training=training)
    by_number = {s.module.number: s for s in course.modules}
    for number in (0, 1):
        assert by_number[number].mine.finished and by_number[number].partner.finished
    assert by_number[2].mine.sections_done == 0 and not by_number[2].mine.journal_written
    assert JournalEntry.objects.filter(author=anouk).count() == 4
    carmen = User.objects.get(email="partner-b1@example.com")
    assert not JournalEntry.objects.filter(author=carmen).exists()
