"""The live-exercise engine: exercises are data (a list of steps), this module runs them.

Pure functions over a JSON-serialisable state dict; no database, no sockets, no clock of
its own (`now` is passed in). The service layer holds the run's row lock, calls `apply`,
stores the new state with a sequence number and broadcasts it.

Step kinds:
  read            both see the same prompt; advances when both pressed "verder" (`ready`).
  private_input   each submits text, cards or a scale value; nothing shows until both have
                  submitted; then both see both; advances when both pressed `ready`.
  checkin         a tension rating 0..10 (a private_input with a fixed scale).
  speaker_listener  speaker `speak`s, listener `mirror`s, speaker `check`s (yes / partly /
                  no: partly or no sends it back to the listener), listener `validate`s;
                  then the roles swap; after both rounds the step is done.
  breathing       one shared rhythm; `breathing_start` fixes a server start time; both
                  screens compute the phase from it; after the rounds both press `ready`.
Run-level actions at any moment: `pause` (20 minutes .. 24 hours, with an agreed return
time) and `back` (the run resumes when both are back).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

STEP_KINDS = {"read", "private_input", "checkin", "speaker_listener", "breathing"}
INPUT_TYPES = {"text", "cards", "scale"}
MAX_TEXT = 4000
PAUSE_MIN_MINUTES = 20
PAUSE_MAX_MINUTES = 24 * 60
BREATHING_LEAD_SECONDS = 3
CHECK_ANSWERS = {"yes", "partly", "no"}

ACTIONS = {
    "ready",
    "submit",
    "speak",
    "mirror",
    "check",
    "validate",
    "breathing_start",
    "pause",
    "back",
}


class EngineError(Exception):
    """An action that is not allowed now. `code` is stable for clients; `message` is for people."""

    def __init__(self, code: str, message) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Limits:
    """Outside constraints on a run: a coach-paced session caps the step a couple may reach."""

    max_step_index: int | None = None


# --- definitions -------------------------------------------------------------------------


def validate_definition(definition: dict) -> list[str]:
    """Problems in an exercise definition, as plain sentences for the content author."""
    problems = []
    steps = definition.get("steps")
    if not isinstance(definition.get("key"), str) or not definition.get("key"):
        problems.append("missing 'key'")
    for field in ("title_nl", "title_en"):
        if not isinstance(definition.get(field), str) or not definition[field].strip():
            problems.append(f"missing '{field}'")
    if not isinstance(steps, list) or not steps:
        return [*problems, "'steps' must be a non-empty list"]
    seen = set()
    for index, step in enumerate(steps):
        where = f"step {index + 1}"
        if not isinstance(step, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        kind = step.get("kind")
        step_id = step.get("id")
        if not isinstance(step_id, str) or not step_id:
            problems.append(f"{where}: missing 'id'")
        elif step_id in seen:
            problems.append(f"{where}: duplicate id '{step_id}'")
        seen.add(step_id)
        if kind not in STEP_KINDS:
            problems.append(f"{where}: unknown kind '{kind}' (known: {', '.join(sorted(STEP_KINDS))})")
            continue
        for field in ("prompt_nl", "prompt_en"):
            if not isinstance(step.get(field), str) or not step[field].strip():
                problems.append(f"{where}: missing '{field}'")
        if kind == "private_input":
            input_type = step.get("input")
            if input_type not in INPUT_TYPES:
                problems.append(f"{where}: 'input' must be one of {', '.join(sorted(INPUT_TYPES))}")
            if input_type == "cards":
                cards = step.get("cards")
                if not isinstance(cards, list) or len(cards) < 2:
                    problems.append(f"{where}: 'cards' needs at least two cards")
                else:
                    keys = [c.get("key") for c in cards if isinstance(c, dict)]
                    if len(keys) != len(cards) or len(set(keys)) != len(keys) or not all(keys):
                        problems.append(f"{where}: every card needs a unique 'key'")
                    for card in cards:
                        if isinstance(card, dict) and not (card.get("nl") and card.get("en")):
                            problems.append(f"{where}: card '{card.get('key')}' needs 'nl' and 'en'")
                pick = step.get("pick", 1)
                if not isinstance(pick, int) or pick < 1 or (isinstance(cards, list) and pick > len(cards)):
                    problems.append(f"{where}: 'pick' must be between 1 and the number of cards")
            if input_type == "scale":
                low, high = step.get("min", 0), step.get("max", 10)
                if not (isinstance(low, int) and isinstance(high, int) and low < high):
                    problems.append(f"{where}: scale needs integer 'min' < 'max'")
        if kind == "breathing":
            for field in ("inhale_seconds", "exhale_seconds", "rounds"):
                value = step.get(field)
                if not isinstance(value, (int, float)) or value <= 0:
                    problems.append(f"{where}: '{field}' must be a positive number")
            hold = step.get("hold_seconds", 0)
            if not isinstance(hold, (int, float)) or hold < 0:
                problems.append(f"{where}: 'hold_seconds' must be zero or more")
        if kind == "speaker_listener":
            for field in ("speaker_hint_nl", "speaker_hint_en", "listener_hint_nl", "listener_hint_en"):
                if not isinstance(step.get(field), str) or not step[field].strip():
                    problems.append(f"{where}: missing '{field}'")
    return problems


def breathing_cycle_seconds(step: dict) -> float:
    return float(step["inhale_seconds"]) + float(step.get("hold_seconds", 0)) + float(step["exhale_seconds"])


def breathing_total_seconds(step: dict) -> float:
    return breathing_cycle_seconds(step) * int(step["rounds"])


# --- state ---------------------------------------------------------------------------------


def initial_state(*, definition: dict, members: list[int]) -> dict:
    """A fresh run for two members; members[0] is the first speaker."""
    if len(members) != 2 or members[0] == members[1]:
        raise ValueError("a run has exactly two distinct members")
    state = {
        "members": [int(m) for m in members],
        "step_index": 0,
        "status": "active",
        "pause": None,
        "steps": {},
    }
    _enter_step(definition, state, 0)
    return state


def _enter_step(definition: dict, state: dict, index: int) -> None:
    state["step_index"] = index
    if index >= len(definition["steps"]):
        state["status"] = "done"
        return
    step = definition["steps"][index]
    data: dict = {"ready": []}
    if step["kind"] in ("private_input", "checkin"):
        data["inputs"] = {}
    elif step["kind"] == "speaker_listener":
        data.update({"round": 0, "phase": "speak", "turns": [], "current": {}})
    elif step["kind"] == "breathing":
        data["started_at"] = None
    state["steps"][step["id"]] = data


def current_step(definition: dict, state: dict) -> dict | None:
    index = state["step_index"]
    steps = definition["steps"]
    return steps[index] if index < len(steps) else None


def speaker_and_listener(state: dict, data: dict) -> tuple[int, int]:
    first, second = state["members"]
    return (first, second) if data["round"] == 0 else (second, first)


def _other(state: dict, user_id: int) -> int:
    first, second = state["members"]
    return second if user_id == first else first


# --- actions -------------------------------------------------------------------------------


def apply(
    *,
    definition: dict,
    state: dict,
    actor: int,
    action: str,
    payload: dict | None,
    now: datetime,
    limits: Limits | None = None,
) -> dict:
    """Return the state after `actor` did `action`; raise EngineError (state untouched)."""
    if actor not in state["members"]:
        raise EngineError("not_member", _("Je doet niet mee aan deze oefening."))
    if action not in ACTIONS:
        raise EngineError("unknown_action", _("Deze actie bestaat niet."))
    payload = payload if isinstance(payload, dict) else {}
    new = copy.deepcopy(state)
    limits = limits or Limits()

    if action == "pause":
        _pause(new, actor, payload, now)
        return new
    if action == "back":
        _back(new, actor, now)
        return new
    if new["status"] == "done":
        raise EngineError("finished", _("Deze oefening is al afgerond."))
    if new["status"] == "paused":
        raise EngineError("paused", _("De oefening staat op pauze. Ga verder als jullie allebei terug zijn."))

    step = current_step(definition, new)
    data = new["steps"][step["id"]]
    kind = step["kind"]

    if action == "ready":
        _ready(definition, new, step, data, actor, now, limits)
    elif action == "submit":
        if kind not in ("private_input", "checkin"):
            raise EngineError("wrong_step", _("Bij deze stap hoort geen antwoord."))
        if str(actor) in data["inputs"]:
            raise EngineError("already_submitted", _("Je hebt je antwoord al gegeven."))
        data["inputs"][str(actor)] = _clean_input(step, payload.get("value"))
    elif action in ("speak", "mirror", "check", "validate"):
        if kind != "speaker_listener":
            raise EngineError("wrong_step", _("Deze stap is geen spreker-luisteraarbeurt."))
        _speaker_listener(definition, new, step, data, actor, action, payload, limits)
    elif action == "breathing_start":
        if kind != "breathing":
            raise EngineError("wrong_step", _("Deze stap is geen ademhalingsoefening."))
        if data["started_at"] is None:
            start = now + timedelta(seconds=BREATHING_LEAD_SECONDS)
            data["started_at"] = start.isoformat()
    return new


def _advance(definition: dict, state: dict, limits: Limits) -> None:
    """Move to the next step unless a coach holds the group at this one."""
    target = state["step_index"] + 1
    if limits.max_step_index is not None and target > limits.max_step_index and target < len(definition["steps"]):
        state["held_by_coach"] = True
        return
    state.pop("held_by_coach", None)
    _enter_step(definition, state, target)


def release_hold(*, definition: dict, state: dict, limits: Limits) -> dict:
    """The coach moved on: a couple that was waiting at the limit goes to its next step."""
    if not state.get("held_by_coach"):
        return state
    new = copy.deepcopy(state)
    _advance(definition, new, limits)
    return new


def _ready(definition, state, step, data, actor, now, limits) -> None:
    kind = step["kind"]
    if kind in ("private_input", "checkin") and len(data["inputs"]) < 2:
        raise EngineError("not_revealed", _("Wacht tot jullie allebei je antwoord hebben gegeven."))
    if kind == "speaker_listener" and data["phase"] != "done":
        raise EngineError("out_of_order", _("Maak eerst allebei je beurt af."))
    if kind == "breathing":
        if data["started_at"] is None:
            raise EngineError("out_of_order", _("Start eerst samen de ademhaling."))
        end = datetime.fromisoformat(data["started_at"]) + timedelta(seconds=breathing_total_seconds(step))
        if now < end:
            raise EngineError("too_early", _("De ademhaling loopt nog."))
    if state.get("held_by_coach"):
        raise EngineError("held", _("Jullie coach gaat zo verder met de groep. Even wachten."))
    if actor not in data["ready"]:
        data["ready"].append(actor)
    if len(data["ready"]) == 2:
        _advance(definition, state, limits)


def _clean_input(step: dict, value):
    kind = step["kind"]
    input_type = "scale" if kind == "checkin" else step["input"]
    if input_type == "text":
        if not isinstance(value, str) or not value.strip():
            raise EngineError("invalid_input", _("Schrijf eerst iets op."))
        if len(value) > MAX_TEXT:
            raise EngineError("too_long", _("Je tekst is te lang (maximaal 4000 tekens)."))
        return value.strip()
    if input_type == "scale":
        low, high = (0, 10) if kind == "checkin" else (step.get("min", 0), step.get("max", 10))
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise EngineError("invalid_input", _("Kies een getal op de schaal."))
        return value
    # cards
    pick = step.get("pick", 1)
    valid = {card["key"] for card in step["cards"]}
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) for v in value)
        or len(set(value)) != len(value)
        or not 1 <= len(value) <= pick
        or not set(value) <= valid
    ):
        raise EngineError("invalid_input", _("Kies een geldige combinatie van kaarten."))
    return value


def _clean_text(payload: dict, *, allow_empty: bool = False) -> str:
    text = payload.get("text", "")
    if not isinstance(text, str):
        raise EngineError("invalid_input", _("Schrijf eerst iets op."))
    text = text.strip()
    if not text and not allow_empty:
        raise EngineError("invalid_input", _("Schrijf eerst iets op."))
    if len(text) > MAX_TEXT:
        raise EngineError("too_long", _("Je tekst is te lang (maximaal 4000 tekens)."))
    return text


def _speaker_listener(definition, state, step, data, actor, action, payload, limits) -> None:
    if data["phase"] == "done":
        raise EngineError("out_of_order", _("Deze beurten zijn al klaar. Druk op verder."))
    speaker, listener = speaker_and_listener(state, data)
    expected = {"speak": speaker, "mirror": listener, "check": speaker, "validate": listener}[action]
    if data["phase"] != action:
        raise EngineError("out_of_order", _("Dat is nu niet aan de beurt."))
    if actor != expected:
        raise EngineError("not_your_turn", _("Je partner is nu aan de beurt."))
    current = data["current"]
    if action == "speak":
        said_aloud = payload.get("said_aloud") is True
        current["speaker_text"] = _clean_text(payload, allow_empty=said_aloud)
        current["said_aloud"] = said_aloud and not current["speaker_text"]
        current["mirrors"] = []
        data["phase"] = "mirror"
    elif action == "mirror":
        current.setdefault("mirrors", []).append({"text": _clean_text(payload), "verdict": None})
        data["phase"] = "check"
    elif action == "check":
        answer = payload.get("answer")
        if answer not in CHECK_ANSWERS:
            raise EngineError("invalid_input", _("Kies ja, deels of nee."))
        current["mirrors"][-1]["verdict"] = answer
        correction = _clean_text(payload, allow_empty=True)
        if correction:
            current["mirrors"][-1]["correction"] = correction
        data["phase"] = "validate" if answer == "yes" else "mirror"
    elif action == "validate":
        current["validation"] = _clean_text(payload)
        data["turns"].append({"speaker": speaker, "listener": listener, **current})
        data["current"] = {}
        if data["round"] == 0:
            data["round"] = 1
            data["phase"] = "speak"
        else:
            data["phase"] = "done"


def _pause(state: dict, actor: int, payload: dict, now: datetime) -> None:
    if state["status"] == "done":
        raise EngineError("finished", _("Deze oefening is al afgerond."))
    if state["status"] == "paused":
        raise EngineError("already_paused", _("De oefening staat al op pauze."))
    minutes = payload.get("minutes")
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (PAUSE_MIN_MINUTES <= minutes <= PAUSE_MAX_MINUTES)
    ):
        raise EngineError("invalid_pause", _("Spreek een terugkomtijd af tussen 20 minuten en 24 uur."))
    state["status"] = "paused"
    state["pause"] = {
        "by": actor,
        "at": now.isoformat(),
        "until": (now + timedelta(minutes=minutes)).isoformat(),
        "back": [],
    }


def _back(state: dict, actor: int, now: datetime) -> None:
    if state["status"] != "paused":
        raise EngineError("not_paused", _("De oefening staat niet op pauze."))
    if actor not in state["pause"]["back"]:
        state["pause"]["back"].append(actor)
    if len(state["pause"]["back"]) == 2:
        state["status"] = "active"
        state["last_pause"] = {**state["pause"], "resumed_at": now.isoformat()}
        state["pause"] = None


# --- what each person may see --------------------------------------------------------------


def view_for(*, definition: dict, state: dict, viewer: int) -> dict:
    """The state as `viewer` may see it: a partner's private input stays hidden until both
    have submitted (simultaneous reveal)."""
    view = copy.deepcopy(state)
    for step in definition["steps"]:
        data = view["steps"].get(step["id"])
        if data is None or step["kind"] not in ("private_input", "checkin"):
            continue
        inputs = data["inputs"]
        data["submitted"] = sorted(int(k) for k in inputs)
        if len(inputs) < 2:
            data["inputs"] = {k: v for k, v in inputs.items() if int(k) == viewer}
        data["revealed"] = len(inputs) == 2
    return view


def coach_view(*, definition: dict, state: dict) -> dict:
    """What a coach sees of a couple's run: where they are, never what they wrote."""
    step = current_step(definition, state)
    return {
        "step_index": state["step_index"],
        "step_count": len(definition["steps"]),
        "step_kind": step["kind"] if step else None,
        "status": state["status"],
        "held_by_coach": bool(state.get("held_by_coach")),
        "pause_until": state["pause"]["until"] if state.get("pause") else None,
    }
