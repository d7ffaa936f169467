"""Live shared exercises in real browsers: two partners through a whole speaker/listener
exercise, a coach pacing two couples, and unsent text surviving a reload."""

import json
import os
import re
import threading

from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.workshops.exercise_data import coach_with_totp, enrolled_couple, running_cohort, training_with_module
from workshops.exercise_services import exercise_run_apply, exercise_run_start_or_join
from workshops.models import ExerciseRun, LiveSession

# Written to the ignored test-artifacts/ folder; docs/screenshots/ holds reviewed copies.
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
PHONE = {"width": 390, "height": 844}


def logged_in_page(new_context, server, user, **context_kwargs):
    """A page in its own browser profile, logged in with a session made by force_login."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = new_context(**context_kwargs)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.url}])
    return context.new_page()


def in_thread(function, *args, **kwargs):
    """Services broadcast with async_to_sync, which cannot run in Playwright's event-loop thread."""
    errors = []

    def run():
        try:
            function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - re-raised in the test thread
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def open_run(page, server, run):
    page.goto(server.url + reverse("workshops:exercise_run", args=[run.pk]))
    expect(page.locator("[data-conn]")).to_have_text("verbonden")


def step_heading(page):
    return page.locator("[data-step] h2")


def both(pages, check):
    for page in pages:
        check(page)


def test_two_partners_do_a_whole_speaker_listener_exercise(asgi_server, new_context):
    training, module = training_with_module()
    coach = coach_with_totp()
    cohort = running_cohort(coach=coach, training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    run = exercise_run_start_or_join(user=couple.partner_a, module=module)

    anna = logged_in_page(new_context, asgi_server, couple.partner_a, viewport=PHONE)
    bas = logged_in_page(new_context, asgi_server, couple.partner_b, viewport=PHONE)
    open_run(anna, asgi_server, run)
    open_run(bas, asgi_server, run)
    expect(anna.locator("[data-partner]")).to_have_text("Bas is verbonden")
    expect(bas.locator("[data-partner]")).to_have_text("Anna is verbonden")

    def on_step(number, title):
        for page in (anna, bas):
            expect(page.locator("[data-progress]")).to_have_text(f"Stap {number} van 4")
            expect(step_heading(page)).to_have_text(title)

    # 1. Read together: advances only when both pressed "Verder"; each sees who already did.
    on_step(1, "Samen lezen")
    anna.get_by_role("button", name="Verder").click()
    expect(anna.get_by_text("Jij bent klaar om verder te gaan.")).to_be_visible()
    expect(bas.get_by_text("Anna is klaar om verder te gaan.")).to_be_visible()
    bas.get_by_role("button", name="Verder").click()

    # 2. Check-in before: nothing of the partner shows until both rated, then both see both.
    on_step(2, "Check-in: spanning van 0 tot 10")
    check_in(anna, bas, 7, 4)

    # 3. Speaker / listener, round 1: Anna speaks, Bas listens.
    on_step(3, "Spreker en luisteraar")
    expect(anna.locator("[data-floor]")).to_have_text("Jij hebt het woord")
    expect(bas.locator("[data-floor]")).to_have_text("Anna heeft het woord")
    anna.get_by_label("Wat voel je, en wat heb je nodig?").fill("Ik merk dat ik me alleen voel als jij laat thuiskomt.")
    anna.get_by_role("button", name="Versturen").click()
    expect(bas.get_by_text("Ik merk dat ik me alleen voel als jij laat thuiskomt.")).to_be_visible()
    expect(anna.get_by_text("Bas vat samen wat je zei. Even wachten.")).to_be_visible()
    bas.get_by_label("Zeg in je eigen woorden wat je hoorde").fill("Je bent boos dat ik laat ben.")
    bas.get_by_role("button", name="Versturen").click()

    # "Klopt dit?" -> partly, with a correction: back to the listener.
    expect(anna.get_by_role("heading", name="Klopt dit?")).to_be_visible()
    expect(bas.get_by_text("Anna kijkt of jouw samenvatting klopt.")).to_be_visible()
    expect(anna.locator("[data-floor]")).to_have_text("Jij hebt het woord")
    expect(bas.locator("[data-floor]")).to_have_text("Anna heeft het woord")
    os.makedirs(SCREENSHOTS, exist_ok=True)
    anna.screenshot(path=os.path.join(SCREENSHOTS, "exercise-partner-a.png"), full_page=True)
    bas.screenshot(path=os.path.join(SCREENSHOTS, "exercise-partner-b.png"), full_page=True)
    anna.get_by_label("Wat klopt er niet, of wat mist er? (mag leeg blijven)").fill("Niet boos: alleen.")
    anna.get_by_role("button", name="Deels").click()
    expect(bas.get_by_text("Deels: probeer het nog eens.")).to_be_visible()
    expect(bas.get_by_text("Niet boos: alleen.")).to_be_visible()
    bas.get_by_label("Zeg in je eigen woorden wat je hoorde").fill("Je voelt je alleen als ik laat thuiskom.")
    bas.get_by_role("button", name="Versturen").click()
    anna.get_by_role("button", name="Ja", exact=True).click()
    bas.get_by_label("Erken het gevoel van Anna").fill("Ik snap dat je je alleen voelt, omdat het stil is in huis.")
    bas.get_by_role("button", name="Versturen").click()

    # Round 2: the roles swap.
    expect(bas.locator("[data-floor]")).to_have_text("Jij hebt het woord")
    expect(anna.locator("[data-floor]")).to_have_text("Bas heeft het woord")
    both((anna, bas), lambda page: expect(page.get_by_text("Beurt 2 van 2")).to_be_visible())
    bas.get_by_role("button", name="Ik heb het hardop gezegd").click()
    expect(anna.get_by_text("Bas heeft het hardop gezegd.")).to_be_visible()
    anna.get_by_label("Zeg in je eigen woorden wat je hoorde").fill("Je hebt na je werk eerst rust nodig.")
    anna.get_by_role("button", name="Versturen").click()
    bas.get_by_role("button", name="Ja", exact=True).click()
    anna.get_by_label("Erken het gevoel van Bas").fill("Ik snap dat je moe bent als je thuiskomt.")
    anna.get_by_role("button", name="Versturen").click()
    both((anna, bas), lambda page: expect(page.get_by_text("Jullie hebben allebei je beurt gehad.")).to_be_visible())
    anna.get_by_role("button", name="Verder").click()
    bas.get_by_role("button", name="Verder").click()

    # 4. Check-in after, then done.
    on_step(4, "Check-in: spanning van 0 tot 10")
    check_in(anna, bas, 3, 2)
    both((anna, bas), lambda page: expect(step_heading(page)).to_have_text("Jullie hebben de oefening afgerond"))
    run.refresh_from_db()
    assert run.status == ExerciseRun.Status.DONE
    turns = run.state["steps"]["beurten"]["turns"]
    assert [turn["speaker"] for turn in turns] == [couple.partner_a_id, couple.partner_b_id]
    assert [m["verdict"] for m in turns[0]["mirrors"]] == ["partly", "yes"]


def check_in(first, second, first_value, second_value):
    first.locator("label", has_text=re.compile(rf"^{first_value}$")).click()
    first.get_by_role("button", name="Versturen").click()
    expect(first.get_by_text("Wachten op je partner…")).to_be_visible()
    expect(second.get_by_text("heeft al geantwoord.")).to_be_visible()
    expect(second.locator(".ex-answer")).to_have_count(0)
    second.locator("label", has_text=re.compile(rf"^{second_value}$")).click()
    second.get_by_role("button", name="Versturen").click()
    for page, mine, theirs in ((first, first_value, second_value), (second, second_value, first_value)):
        expect(page.locator(".ex-answer-me .ex-number")).to_have_text(str(mine))
        expect(page.locator(".ex-answer-partner .ex-number")).to_have_text(str(theirs))
    first.get_by_role("button", name="Verder").click()
    second.get_by_role("button", name="Verder").click()


def test_coach_paces_two_couples_through_a_live_session(asgi_server, new_context):
    training, _module = training_with_module()
    coach = coach_with_totp(display_name="Carla")
    cohort = running_cohort(coach=coach, training=training)
    first = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    second = enrolled_couple(cohort, partner_a__display_name="Chris", partner_b__display_name="Dewi")

    coach_page = logged_in_page(new_context, asgi_server, coach, viewport={"width": 1100, "height": 900})
    coach_page.goto(asgi_server.url + reverse("workshops:live_new", args=[cohort.pk]))
    coach_page.get_by_label("Spreker en luisteraar").check()
    coach_page.get_by_role("button", name="Start de live sessie").click()
    session = LiveSession.objects.get(cohort=cohort)
    coach_page.wait_for_url(asgi_server.url + reverse("workshops:live_control", args=[session.pk]))
    expect(coach_page.locator("[data-conn]")).to_have_text("verbonden")

    partners = {}
    for couple in (first, second):
        for user in couple.partners:
            page = logged_in_page(new_context, asgi_server, user, viewport=PHONE)
            page.goto(asgi_server.url + reverse("workshops:live_current"))
            page.get_by_role("button", name="Doe mee").click()
            expect(page.locator("[data-conn]")).to_have_text("verbonden")
            partners[user.display_name] = page
    couple_rows = coach_page.locator("[data-couples] tr")
    expect(couple_rows).to_have_count(2)
    expect(coach_page.locator("[data-joined]")).to_have_text("2 van de 2 stellen doen mee.")
    row_one = coach_page.locator("tr", has_text="Anna & Bas")
    row_two = coach_page.locator("tr", has_text="Chris & Dewi")
    for row, names in ((row_one, ("Anna", "Bas")), (row_two, ("Chris", "Dewi"))):
        for name in names:
            expect(row.get_by_text(f"{name}: verbonden")).to_be_visible()
        expect(row).to_contain_text("Stap 1 van 4")

    # Step 1 is as far as the group may go: a couple that is done waits for the coach.
    for name in ("Anna", "Bas"):
        partners[name].get_by_role("button", name="Verder").click()
    for name in ("Anna", "Bas"):
        expect(partners[name].get_by_text("Wacht op de coach", exact=False)).to_be_visible()
        expect(partners[name].locator("[data-progress]")).to_have_text("Stap 1 van 4")
    expect(row_one).to_contain_text("wacht op de coach")
    expect(row_two).to_contain_text("bezig")

    coach_page.get_by_label("Mededeling aan de groep").fill("Neem rustig de tijd voor de check-in.")
    coach_page.get_by_role("button", name="Versturen").click()
    for page in partners.values():
        expect(page.locator("[data-announcement]")).to_contain_text("Neem rustig de tijd voor de check-in.")
    coach_page.get_by_label("Groepstimer").select_option("5")
    coach_page.get_by_role("button", name="Start timer").click()
    expect(partners["Dewi"].locator("[data-timer]")).to_have_text(re.compile(r"Groepstimer: [45]:\d\d"))

    # The coach opens step 2: the waiting couple moves on at once, the other can now follow.
    coach_page.get_by_role("button", name="Volgende stap voor iedereen").click()
    for name in ("Anna", "Bas"):
        expect(partners[name].locator("[data-progress]")).to_have_text("Stap 2 van 4")
    expect(row_one).to_contain_text("Stap 2 van 4")
    for name in ("Chris", "Dewi"):
        partners[name].get_by_role("button", name="Verder").click()
    for name in ("Chris", "Dewi"):
        expect(partners[name].locator("[data-progress]")).to_have_text("Stap 2 van 4")
    expect(row_two).to_contain_text("Stap 2 van 4")

    # Step 2 (check-in): both couples rate and press on, and wait again at the coach's step.
    check_in(partners["Anna"], partners["Bas"], 6, 5)
    check_in(partners["Chris"], partners["Dewi"], 8, 3)
    for page in partners.values():
        expect(page.get_by_text("Wacht op de coach", exact=False)).to_be_visible()
        expect(page.locator("[data-progress]")).to_have_text("Stap 2 van 4")
    expect(row_one).to_contain_text("wacht op de coach")
    expect(row_two).to_contain_text("wacht op de coach")
    coach_page.screenshot(path=os.path.join(SCREENSHOTS, "live-coach.png"), full_page=True)
    # The coach sees where couples are, never what they answered.
    assert "6" not in row_one.locator("td").nth(3).inner_text()

    coach_page.get_by_role("button", name="Volgende stap voor iedereen").click()
    for page in partners.values():
        expect(page.locator("[data-progress]")).to_have_text("Stap 3 van 4")
        expect(page.locator("[data-floor]")).to_be_visible()
    expect(partners["Anna"].locator("[data-floor]")).to_have_text("Jij hebt het woord")
    expect(partners["Dewi"].locator("[data-floor]")).to_have_text("Chris heeft het woord")


def test_text_typed_but_not_sent_survives_a_reload(asgi_server, new_context):
    training, module = training_with_module()
    coach = coach_with_totp()
    cohort = running_cohort(coach=coach, training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    run = exercise_run_start_or_join(user=couple.partner_a, module=module)
    steps = [
        ("ready", {}),
        ("ready", {}),
        ("submit", {"value": 5}),
        ("submit", {"value": 5}),
        ("ready", {}),
        ("ready", {}),
    ]
    users = [couple.partner_a, couple.partner_b] * 3
    for number, ((action, payload), user) in enumerate(zip(steps, users, strict=True)):
        in_thread(
            exercise_run_apply,
            run_id=run.pk,
            user=user,
            action=action,
            payload=payload,
            client_msg_id=f"setup-{number:03d}",
        )

    anna = logged_in_page(new_context, asgi_server, couple.partner_a, viewport=PHONE)
    open_run(anna, asgi_server, run)
    field = anna.get_by_label("Wat voel je, en wat heb je nodig?")
    field.fill("Ik merk dat ik onrustig word als")
    anna.reload()
    expect(anna.locator("[data-conn]")).to_have_text("verbonden")
    field = anna.get_by_label("Wat voel je, en wat heb je nodig?")
    expect(field).to_have_value("Ik merk dat ik onrustig word als")
    field.fill("Ik merk dat ik onrustig word als het stil blijft.")
    anna.get_by_role("button", name="Versturen").click()
    expect(anna.get_by_text("Bas vat samen wat je zei. Even wachten.")).to_be_visible()
    # Once the server has it, the kept copy is gone.
    stored = anna.evaluate("Object.keys(window.localStorage).filter(k => k.includes('.draft.'))")
    assert stored == []
    run.refresh_from_db()
    assert (
        run.state["steps"]["beurten"]["current"]["speaker_text"] == "Ik merk dat ik onrustig word als het stil blijft."
    )


def test_both_screens_breathe_in_step_by_the_servers_clock(asgi_server, new_context):
    training, module = training_with_module(exercise_key="samen-ademen")
    cohort = running_cohort(coach=coach_with_totp(), training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    a, b = couple.partner_a, couple.partner_b
    run = exercise_run_start_or_join(user=a, module=module)
    # Check-in before, then the explanation: both done, so the couple is at the breathing step.
    actions = [(a, "submit", {"value": 6}), (b, "submit", {"value": 7})] + [(a, "ready", {}), (b, "ready", {})] * 2
    for number, (user, action, payload) in enumerate(actions):
        in_thread(
            exercise_run_apply,
            run_id=run.pk,
            user=user,
            action=action,
            payload=payload,
            client_msg_id=f"setup-{number:03d}",
        )

    anna = logged_in_page(new_context, asgi_server, a, viewport=PHONE)
    bas = logged_in_page(new_context, asgi_server, b, viewport=PHONE)
    open_run(anna, asgi_server, run)
    open_run(bas, asgi_server, run)
    bas.get_by_role("button", name="Samen beginnen").click()
    for page in (anna, bas):
        expect(page.locator("[data-breath]")).to_have_attribute("data-phase", "in", timeout=6000)
        expect(page.locator("[data-breath-text]")).to_have_text(re.compile(r"^Adem in · [1-4]$"))
        expect(page.locator("[data-breath-round]")).to_have_text("Ronde 1 van 6")
    # Each page's position in the rhythm, taken against the one clock of this machine: the two
    # screens may differ by the offset estimate and a frame, well under 100 ms.
    probe = "() => [Date.now(), Number(document.querySelector('[data-breath]').dataset.elapsedMs)]"
    differences = []
    for _ in range(5):
        (now_a, elapsed_a), (now_b, elapsed_b) = anna.evaluate(probe), bas.evaluate(probe)
        differences.append(abs((elapsed_a - now_a) - (elapsed_b - now_b)))
        anna.wait_for_timeout(100)
    assert max(differences) < 100, differences


def test_an_action_left_unacknowledged_is_resent_after_reload_and_applied_once(asgi_server, new_context):
    training, module = training_with_module()
    cohort = running_cohort(coach=coach_with_totp(), training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    run = exercise_run_start_or_join(user=couple.partner_a, module=module)
    anna = logged_in_page(new_context, asgi_server, couple.partner_a, viewport=PHONE)
    open_run(anna, asgi_server, run)
    # As if "Verder" was sent just before the connection dropped and its ack never came.
    key = f"dvda.exercise.{run.pk}.pending"
    pending = json.dumps(
        [{"message": {"type": "action", "id": "resend-0001", "action": "ready", "payload": {}}, "drafts": []}]
    )
    keep = "([key, value]) => window.localStorage.setItem(key, value)"
    settled = f"() => !window.localStorage.getItem('{key}')"
    anna.evaluate(keep, [key, pending])
    anna.reload()
    expect(anna.get_by_text("Jij bent klaar om verder te gaan.")).to_be_visible()
    anna.wait_for_function(settled)
    # The same message once more (as if the ack was lost): the server has it and applies nothing.
    anna.evaluate(keep, [key, pending])
    anna.reload()
    anna.wait_for_function(settled)
    expect(anna.get_by_text("Jij bent klaar om verder te gaan.")).to_be_visible()
    expect(anna.locator("[data-errors]")).to_have_text("")
    run.refresh_from_db()
    assert run.seq == 1
    assert run.state["steps"]["uitleg"]["ready"] == [couple.partner_a_id]
    assert run.events.filter(client_msg_id="resend-0001").count() == 1


RECORD_CONNECTION = """
window.__connection = [];
document.addEventListener("DOMContentLoaded", () => {
  const page = document.getElementById("exercise");
  new MutationObserver(() => window.__connection.push(page.getAttribute("data-connection")))
    .observe(page, {attributes: true, attributeFilter: ["data-connection"]});
});
"""


def test_a_dropped_connection_reconnects_and_catches_up(asgi_server, new_context):
    training, module = training_with_module()
    cohort = running_cohort(coach=coach_with_totp(), training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    run = exercise_run_start_or_join(user=couple.partner_a, module=module)
    anna = logged_in_page(new_context, asgi_server, couple.partner_a, viewport=PHONE)
    bas = logged_in_page(new_context, asgi_server, couple.partner_b, viewport=PHONE)
    sockets = []

    def proxy(route):
        route.connect_to_server()
        sockets.append(route)

    anna.add_init_script(RECORD_CONNECTION)
    anna.route_web_socket(re.compile(r".*/ws/exercises/.*"), proxy)
    open_run(anna, asgi_server, run)
    open_run(bas, asgi_server, run)
    # The connection drops (as on a train), and meanwhile Bas presses "Verder".
    sockets[0].close(code=4000, reason="drop")
    bas.get_by_role("button", name="Verder").click()
    expect(anna.locator("[data-conn]")).to_have_text("verbonden")
    expect(anna.get_by_text("Bas is klaar om verder te gaan.")).to_be_visible()
    assert len(sockets) == 2
    history = anna.evaluate("window.__connection")
    assert history[-2:] == ["reconnecting", "connected"], history
