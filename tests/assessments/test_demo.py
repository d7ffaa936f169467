"""seed_demo: couple A has an anxious x avoidant pairing, couple B has nothing; safe to rerun."""

from django.core.management import call_command

from assessments.models import AssessmentResponse
from assessments.selectors import pairing_for_user
from cohorts.demo import demo_couple


def test_seed_demo_gives_couple_a_its_pairing_and_couple_b_nothing(db):
    call_command("seed_demo")
    call_command("seed_demo")
    a, b = demo_couple("A"), demo_couple("B")
    styles = {p.email: AssessmentResponse.objects.get(user=p).style for p in a.partners}
    assert styles == {"partner-a1@example.com": "preoccupied", "partner-a2@example.com": "dismissing"}
    assert pairing_for_user(user=a.partner_a).revealed
    assert not AssessmentResponse.objects.filter(user__in=b.partners).exists()
