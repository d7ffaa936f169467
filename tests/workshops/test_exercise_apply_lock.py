"""exercise_run_apply takes the run's row lock on every database (PostgreSQL refuses FOR UPDATE
on the nullable side of an outer join, so the lock must not reach the optional live session)."""

import pytest

from tests.workshops.exercise_data import coach_with_totp, enrolled_couple, running_cohort, training_with_module
from workshops.exercise_services import exercise_run_apply, exercise_run_start_or_join

pytestmark = pytest.mark.django_db


def test_an_action_on_a_couples_own_run_is_applied():
    training, module = training_with_module()
    couple = enrolled_couple(running_cohort(coach=coach_with_totp(), training=training))
    run = exercise_run_start_or_join(user=couple.partner_a, module=module)
    result = exercise_run_apply(
        run_id=run.pk, user=couple.partner_a, action="ready", payload={}, client_msg_id="lock-0001"
    )
    assert result.run.seq == 1
    assert result.run.state["steps"]["uitleg"]["ready"] == [couple.partner_a.pk]
