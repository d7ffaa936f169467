"""The exercise engine without sockets or database: every step kind, turns, reveal, pause."""

from datetime import UTC, datetime, timedelta

import pytest

from workshops import engine
from workshops.engine import EngineError, Limits
from workshops.exercise_library import exercise_definitions

A, B = 11, 22
NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def definition(*steps):
    return {"key": "test", "title_nl": "Test", "title_en": "Test", "steps": list(steps)}


def step(kind, step_id, **extra):
    return {"id": step_id, "kind": kind, "prompt_nl": "Vraag", "prompt_en": "Question", **extra}


SPEAKER = step(
    "speaker_listener",
    "beurten",
    speaker_hint_nl="s",
    speaker_hint_en="s",
    listener_hint_nl="l",
    listener_hint_en="l",
)


def do(defn, state, actor, action, payload=None, now=NOW, limits=None):
    return engine.apply(
        definition=defn, state=state, actor=actor, action=action, payload=payload, now=now, limits=limits
    )


def test_read_together_advances_only_when_both_pressed_verder():
    defn = definition(step("read", "een"), step("read", "twee"))
    state = engine.initial_state(definition=defn, members=[A, B])
    state = do(defn, state, A, "ready")
    assert state["step_index"] == 0 and state["steps"]["een"]["ready"] == [A]
    state = do(defn, state, A, "ready")  # pressing twice changes nothing
    assert state["step_index"] == 0
    state = do(defn, state, B, "ready")
    assert state["step_index"] == 1
    state = do(defn, do(defn, state, B, "ready"), A, "ready")
    assert state["status"] == "done"
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready")
    assert exc.value.code == "finished"


def test_private_input_is_hidden_from_the_partner_until_both_submitted():
    defn = definition(step("private_input", "zin", input="text"))
    state = engine.initial_state(definition=defn, members=[A, B])
    state = do(defn, state, A, "submit", {"value": "  Als jij zwijgt, voel ik me alleen.  "})

    seen_by_b = engine.view_for(definition=defn, state=state, viewer=B)["steps"]["zin"]
    assert seen_by_b["inputs"] == {}
    assert seen_by_b["submitted"] == [A] and seen_by_b["revealed"] is False
    seen_by_a = engine.view_for(definition=defn, state=state, viewer=A)["steps"]["zin"]
    assert seen_by_a["inputs"] == {str(A): "Als jij zwijgt, voel ik me alleen."}

    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready")
    assert exc.value.code == "not_revealed"
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "submit", {"value": "nog een keer"})
    assert exc.value.code == "already_submitted"

    state = do(defn, state, B, "submit", {"value": "Als jij aandringt, trek ik me terug."})
    for viewer in (A, B):
        both = engine.view_for(definition=defn, state=state, viewer=viewer)["steps"]["zin"]
        assert both["revealed"] is True
        assert set(both["inputs"]) == {str(A), str(B)}


@pytest.mark.parametrize(
    ("step_def", "bad"),
    [
        (step("private_input", "t", input="text"), {"value": "   "}),
        (step("private_input", "t", input="text"), {"value": "x" * 4001}),
        (step("private_input", "t", input="text"), {"value": 12}),
        (step("checkin", "c"), {"value": 11}),
        (step("checkin", "c"), {"value": -1}),
        (step("checkin", "c"), {"value": True}),
        (step("checkin", "c"), {"value": "5"}),
        (
            step(
                "private_input",
                "k",
                input="cards",
                pick=2,
                cards=[
                    {"key": "a", "nl": "A", "en": "A"},
                    {"key": "b", "nl": "B", "en": "B"},
                    {"key": "c", "nl": "C", "en": "C"},
                ],
            ),
            {"value": ["a", "b", "c"]},
        ),
        (
            step(
                "private_input",
                "k",
                input="cards",
                pick=2,
                cards=[{"key": "a", "nl": "A", "en": "A"}, {"key": "b", "nl": "B", "en": "B"}],
            ),
            {"value": ["a", "zz"]},
        ),
        (
            step(
                "private_input",
                "k",
                input="cards",
                pick=2,
                cards=[{"key": "a", "nl": "A", "en": "A"}, {"key": "b", "nl": "B", "en": "B"}],
            ),
            {"value": ["a", "a"]},
        ),
    ],
)
def test_bad_input_is_refused_and_state_is_unchanged(step_def, bad):
    defn = definition(step_def)
    state = engine.initial_state(definition=defn, members=[A, B])
    before = repr(state)
    with pytest.raises(EngineError):
        do(defn, state, A, "submit", bad)
    assert repr(state) == before


def test_checkin_values_are_revealed_together():
    defn = definition(step("checkin", "voor"))
    state = engine.initial_state(definition=defn, members=[A, B])
    state = do(defn, do(defn, state, A, "submit", {"value": 7}), B, "submit", {"value": 3})
    view = engine.view_for(definition=defn, state=state, viewer=A)["steps"]["voor"]
    assert view["inputs"] == {str(A): 7, str(B): 3}


def test_speaker_listener_full_cycle_with_sendback_then_roles_swap():
    defn = definition(SPEAKER, step("read", "klaar"))
    state = engine.initial_state(definition=defn, members=[A, B])

    with pytest.raises(EngineError) as exc:
        do(defn, state, B, "speak", {"text": "ik eerst"})
    assert exc.value.code == "not_your_turn"
    with pytest.raises(EngineError) as exc:
        do(defn, state, B, "mirror", {"text": "te vroeg"})
    assert exc.value.code == "out_of_order"

    state = do(defn, state, A, "speak", {"text": "Ik merk dat ik me alleen voel als je laat thuiskomt."})
    state = do(defn, state, B, "mirror", {"text": "Je bent boos dat ik laat ben."})
    state = do(defn, state, A, "check", {"answer": "partly", "text": "Niet boos: alleen."})
    data = state["steps"]["beurten"]
    assert data["phase"] == "mirror"  # partly sends it back to the listener
    state = do(defn, state, B, "mirror", {"text": "Je voelt je alleen als ik laat thuiskom."})
    state = do(defn, state, A, "check", {"answer": "yes"})
    state = do(defn, state, B, "validate", {"text": "Dat snap ik: dan zit je de hele avond te wachten."})

    data = state["steps"]["beurten"]
    assert data["round"] == 1 and data["phase"] == "speak"
    first_turn = data["turns"][0]
    assert first_turn["speaker"] == A and first_turn["listener"] == B
    assert [m["verdict"] for m in first_turn["mirrors"]] == ["partly", "yes"]
    assert first_turn["mirrors"][0]["correction"] == "Niet boos: alleen."

    # Roles swapped: now B speaks (said aloud, nothing typed) and A listens.
    with pytest.raises(EngineError):
        do(defn, state, A, "speak", {"text": "ik weer"})
    state = do(defn, state, B, "speak", {"said_aloud": True})
    assert state["steps"]["beurten"]["current"]["said_aloud"] is True
    state = do(defn, state, A, "mirror", {"text": "Je hebt ruimte nodig na het werk."})
    with pytest.raises(EngineError):
        do(defn, state, B, "check", {"answer": "misschien"})
    state = do(defn, state, B, "check", {"answer": "yes"})
    state = do(defn, state, A, "validate", {"text": "Logisch, na zo'n dag."})
    assert state["steps"]["beurten"]["phase"] == "done"
    assert len(state["steps"]["beurten"]["turns"]) == 2

    state = do(defn, do(defn, state, A, "ready"), B, "ready")
    assert state["step_index"] == 1


def test_breathing_start_is_fixed_by_the_server_and_ends_after_the_rounds():
    defn = definition(step("breathing", "adem", inhale_seconds=4, exhale_seconds=6, rounds=2), step("read", "na"))
    state = engine.initial_state(definition=defn, members=[A, B])
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready")
    assert exc.value.code == "out_of_order"
    state = do(defn, state, A, "breathing_start")
    start = datetime.fromisoformat(state["steps"]["adem"]["started_at"])
    assert start == NOW + timedelta(seconds=3)
    # A second start (the partner pressing too) keeps the first start time: one rhythm.
    again = do(defn, state, B, "breathing_start", now=NOW + timedelta(seconds=1))
    assert again["steps"]["adem"]["started_at"] == state["steps"]["adem"]["started_at"]
    assert engine.breathing_total_seconds(defn["steps"][0]) == 20
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready", now=start + timedelta(seconds=19))
    assert exc.value.code == "too_early"
    done_at = start + timedelta(seconds=20)
    state = do(defn, do(defn, state, A, "ready", now=done_at), B, "ready", now=done_at)
    assert state["step_index"] == 1


def test_pause_with_agreed_return_and_resume_when_both_are_back():
    defn = definition(step("read", "een"))
    state = engine.initial_state(definition=defn, members=[A, B])
    for minutes in (19, 1441, "30", None, True):
        with pytest.raises(EngineError) as exc:
            do(defn, state, A, "pause", {"minutes": minutes})
        assert exc.value.code == "invalid_pause"
    state = do(defn, state, B, "pause", {"minutes": 20})
    assert state["status"] == "paused"
    assert state["pause"]["by"] == B
    assert datetime.fromisoformat(state["pause"]["until"]) == NOW + timedelta(minutes=20)
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready")
    assert exc.value.code == "paused"
    state = do(defn, state, A, "back")
    assert state["status"] == "paused"
    state = do(defn, state, B, "back")
    assert state["status"] == "active" and state["pause"] is None
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "back")
    assert exc.value.code == "not_paused"


def test_coach_limit_holds_a_couple_and_release_moves_it_on():
    defn = definition(step("read", "een"), step("read", "twee"), step("read", "drie"))
    state = engine.initial_state(definition=defn, members=[A, B])
    limits = Limits(max_step_index=0)
    state = do(defn, do(defn, state, A, "ready", limits=limits), B, "ready", limits=limits)
    assert state["step_index"] == 0 and state["held_by_coach"] is True
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "ready", limits=limits)
    assert exc.value.code == "held"
    state = engine.release_hold(definition=defn, state=state, limits=Limits(max_step_index=1))
    assert state["step_index"] == 1 and "held_by_coach" not in state


def test_outsiders_and_unknown_actions_are_refused():
    defn = definition(step("read", "een"))
    state = engine.initial_state(definition=defn, members=[A, B])
    with pytest.raises(EngineError) as exc:
        do(defn, state, 99, "ready")
    assert exc.value.code == "not_member"
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "delete_everything")
    assert exc.value.code == "unknown_action"
    with pytest.raises(EngineError) as exc:
        do(defn, state, A, "submit", {"value": "x"})
    assert exc.value.code == "wrong_step"


def test_coach_view_never_contains_content():
    defn = definition(step("private_input", "zin", input="text"))
    state = engine.initial_state(definition=defn, members=[A, B])
    state = do(defn, state, A, "submit", {"value": "heel persoonlijk"})
    summary = engine.coach_view(definition=defn, state=state)
    assert "heel persoonlijk" not in repr(summary)
    assert summary == {
        "step_index": 0,
        "step_count": 1,
        "step_kind": "private_input",
        "status": "active",
        "held_by_coach": False,
        "pause_until": None,
    }


def test_every_shipped_exercise_is_valid_and_runs_to_the_end():
    """Drive each shipped exercise with legal actions from start to done."""
    definitions = exercise_definitions()
    assert set(definitions) == {
        "pairing-reveal",
        "bril-momenten",
        "cyclus-in-kaart",
        "samen-ademen",
        "spreker-luisteraar",
        "behoeftekaarten",
        "herstelgesprek",
        "nieuwe-ervaringen-plan",
    }
    for defn in definitions.values():
        assert engine.validate_definition(defn) == []
        state = engine.initial_state(definition=defn, members=[A, B])
        now = NOW
        for current in defn["steps"]:
            kind = current["kind"]
            if kind in ("private_input", "checkin"):
                value = (
                    {
                        "text": "iets",
                        "scale": current.get("min", 0),
                        "cards": [current.get("cards", [{}])[0].get("key")],
                    }[current.get("input", "scale")]
                    if kind == "private_input"
                    else 5
                )
                for actor in (A, B):
                    state = do(defn, state, actor, "submit", {"value": value}, now=now)
            elif kind == "speaker_listener":
                for speaker, listener in ((A, B), (B, A)):
                    state = do(defn, state, speaker, "speak", {"text": "ik"}, now=now)
                    state = do(defn, state, listener, "mirror", {"text": "jij"}, now=now)
                    state = do(defn, state, speaker, "check", {"answer": "yes"}, now=now)
                    state = do(defn, state, listener, "validate", {"text": "ok"}, now=now)
            elif kind == "breathing":
                state = do(defn, state, A, "breathing_start", now=now)
                now = now + timedelta(seconds=engine.breathing_total_seconds(current) + 5)
            state = do(defn, do(defn, state, A, "ready", now=now), B, "ready", now=now)
        assert state["status"] == "done", defn["key"]


def test_broken_definitions_are_explained():
    problems = engine.validate_definition(
        {
            "key": "x",
            "title_nl": "X",
            "steps": [
                {"id": "a", "kind": "dance", "prompt_nl": "p", "prompt_en": "p"},
                {"id": "a", "kind": "read", "prompt_nl": "p"},
                {
                    "id": "b",
                    "kind": "breathing",
                    "prompt_nl": "p",
                    "prompt_en": "p",
                    "inhale_seconds": 0,
                    "exhale_seconds": 6,
                    "rounds": 3,
                },
            ],
        }
    )
    assert "missing 'title_en'" in problems
    assert any("unknown kind 'dance'" in p for p in problems)
    assert any("duplicate id 'a'" in p for p in problems)
    assert any("missing 'prompt_en'" in p for p in problems)
    assert any("'inhale_seconds' must be a positive number" in p for p in problems)
