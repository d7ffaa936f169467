"""Pages of the live exercises: a couple's run page, and a coach's live-session pages.

Thin: each view checks who may see what, calls one service or selector and renders a shell;
the exercise itself runs in static/js/exercise.js (and live-coach.js) over the sockets.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.selectors import cohort_qs_for_coach, membership_for_user
from cohorts.views import coach_required

from .exercise_library import exercise_definitions
from .exercise_selectors import coach_session_snapshot, run_for_member, running_session_for_user
from .exercise_services import ANNOUNCEMENT_MAX, TIMER_MAX_MINUTES, exercise_run_start_or_join, live_session_join
from .exercise_services import live_session_start as live_session_start_service
from .exercises import EXERCISE_KEYS
from .models import ExerciseRun, LiveSession, Module
from .selectors import module_is_open_for_user

PAUSE_CHOICES_MINUTES = (20, 60, 120, 240, 1440)
TIMER_CHOICES_MINUTES = (2, 5, 10, 15, 20, 30, 45, 60)


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _title(definition: dict) -> str:
    return definition.get(f"title_{_language()}") or definition["title_nl"]


def _step_kind_labels() -> dict[str, str]:
    return {
        "read": _("Samen lezen"),
        "private_input": _("Ieder voor zich, dan samen zien"),
        "checkin": _("Check-in: spanning van 0 tot 10"),
        "speaker_listener": _("Spreker en luisteraar"),
        "breathing": _("Samen ademen"),
    }


def _exercise_strings() -> dict[str, str]:
    """Every text exercise.js shows, translated here so gettext covers them ({name} is filled in by the script)."""
    return {
        "connecting": _("verbinden…"),
        "connected": _("verbonden"),
        "reconnecting": _("opnieuw verbinden…"),
        "disconnected": _("geen verbinding: herlaad de pagina"),
        "partner_connected": _("{name} is verbonden"),
        "partner_away": _("{name} is niet verbonden"),
        "step_of": _("Stap {n} van {total}"),
        "you": _("Jij"),
        "continue": _("Verder"),
        "send": _("Versturen"),
        "you_ready": _("Jij bent klaar om verder te gaan."),
        "partner_ready": _("{name} is klaar om verder te gaan."),
        "waiting_for_partner": _("Wachten op je partner…"),
        "partner_answered": _("{name} heeft al geantwoord."),
        "partner_busy": _("{name} is nog bezig."),
        "your_answer": _("Jouw antwoord"),
        "answers_title": _("Jullie antwoorden"),
        "pick_up_to": _("Kies er hooguit {n}."),
        "too_many_cards": _("Je kunt er hooguit {n} kiezen."),
        "scale_low": _("geen spanning"),
        "scale_high": _("heel veel spanning"),
        "no_choice": _("Kies eerst een antwoord."),
        "empty_text": _("Schrijf eerst iets op."),
        "draft_kept": _("Wat je typt, blijft op dit apparaat bewaard tot je het verstuurt."),
        "floor_you": _("Jij hebt het woord"),
        "floor_partner": _("{name} heeft het woord"),
        "round_of": _("Beurt {n} van 2"),
        "speak_label": _("Wat voel je, en wat heb je nodig?"),
        "said_aloud": _("Ik heb het hardop gezegd"),
        "listen_now": _("Luister naar {name}. Nog niets terugzeggen."),
        "partner_said_aloud": _("{name} heeft het hardop gezegd."),
        "speaker_wrote": _("{name} zei:"),
        "you_wrote": _("Jij zei:"),
        "mirror_label": _("Zeg in je eigen woorden wat je hoorde"),
        "mirror_wait": _("{name} vat samen wat je zei. Even wachten."),
        "mirror_by": _("{name} hoorde:"),
        "your_mirror": _("Jij hoorde:"),
        "check_question": _("Klopt dit?"),
        "check_yes": _("Ja"),
        "check_partly": _("Deels"),
        "check_no": _("Nee"),
        "correction_label": _("Wat klopt er niet, of wat mist er? (mag leeg blijven)"),
        "check_wait": _("{name} kijkt of jouw samenvatting klopt."),
        "verdict_partly": _("Deels: probeer het nog eens."),
        "verdict_no": _("Nee: probeer het nog eens."),
        "verdict_yes": _("Ja, dat klopt."),
        "correction": _("Aanvulling:"),
        "validate_label": _('Erken het gevoel van {name}: "Ik snap dat je je ... voelt, omdat ..."'),
        "validate_wait": _("{name} erkent nu jouw gevoel."),
        "validated_by": _("{name} erkende:"),
        "turns_done": _("Jullie hebben allebei je beurt gehad."),
        "roles_swap": _("Nu wisselen jullie van rol."),
        "breathe_start": _("Samen beginnen"),
        "breathe_starts_in": _("We beginnen over {n}…"),
        "breathe_in": _("Adem in"),
        "breathe_hold": _("Houd vast"),
        "breathe_out": _("Adem uit"),
        "breathe_round": _("Ronde {n} van {total}"),
        "breathe_done": _("Klaar. Neem nog even de tijd voor je verder gaat."),
        "breathe_not_started": _("Druk samen op beginnen als jullie er klaar voor zijn. Een van jullie is genoeg."),
        "pause": _("Pauze"),
        "pause_title": _("Even pauze nemen"),
        "pause_question": _("Wanneer gaan jullie verder? Spreek het samen af."),
        "pause_confirm": _("Pauze nemen"),
        "cancel": _("Annuleren"),
        "paused_by_you": _("Je hebt pauze genomen."),
        "paused_by_partner": _("{name} heeft pauze genomen."),
        "paused_until": _("Jullie spraken af terug te zijn om {time}."),
        "back": _("Ik ben terug"),
        "you_back": _("Jij bent terug. Wachten op je partner…"),
        "partner_back": _("{name} is terug."),
        "minutes_20": _("over 20 minuten"),
        "minutes_60": _("over een uur"),
        "minutes_120": _("over twee uur"),
        "minutes_240": _("over vier uur"),
        "minutes_1440": _("morgen rond deze tijd"),
        "held": _("Jullie zijn klaar met deze stap. Wacht op de coach: die opent zo de volgende stap voor iedereen."),
        "announcement": _("Mededeling van je coach"),
        "group_timer": _("Groepstimer"),
        "session_ended": _("De coach heeft de groepssessie afgesloten."),
        "done_title": _("Jullie hebben de oefening afgerond"),
        "done_text": _("Goed gedaan. Praat er gerust nog even over na, of neem juist wat rust."),
        "error": _("Dat lukte niet:"),
        "pending": _("wordt verstuurd…"),
        "home": _("Naar de startpagina"),
    }


# --- A couple's run ------------------------------------------------------------------------


@login_required
@require_POST
def exercise_start(request, module_slug: str):
    """Start the couple's run of this module's exercise, or join the one that is open."""
    module = Module.objects.filter(slug=module_slug).order_by("pk").first()
    if module is None:
        raise Http404
    if not module_is_open_for_user(user=request.user, module=module):
        if membership_for_user(user=request.user) is None:
            problem = _("Je volgt deze training niet samen met een partner.")
        else:
            problem = _("Deze module is voor jullie nog niet open, dus de oefening ook nog niet.")
        return render(request, "workshops/exercise_refused.html", {"problem": problem}, status=403)
    try:
        run = exercise_run_start_or_join(user=request.user, module=module)
    except PermissionDenied as exc:
        return render(request, "workshops/exercise_refused.html", {"problem": str(exc)}, status=403)
    return redirect("workshops:exercise_run", run_id=run.pk)


@login_required
def exercise_run(request, run_id: int):
    try:
        run = run_for_member(run_id=run_id, user=request.user)
    except (ExerciseRun.DoesNotExist, PermissionDenied):
        raise Http404 from None
    couple = run.couple
    partner = couple.partner_of(request.user)
    config = {
        "run_id": run.pk,
        "ws_url": f"/ws/exercises/{run.pk}/",
        "user_id": request.user.pk,
        "language": _language(),
        "members": [
            {"id": couple.partner_a_id, "name": couple.partner_a.display_name},
            {"id": couple.partner_b_id, "name": couple.partner_b.display_name},
        ],
        "pause_choices": list(PAUSE_CHOICES_MINUTES),
        "live": run.live_session_id is not None,
    }
    context = {
        "run": run,
        "title": _title(run.definition),
        "partner": partner,
        "step_count": len(run.definition["steps"]),
        "config": config,
        "strings": _exercise_strings(),
        "kind_labels": _step_kind_labels(),
    }
    return render(request, "workshops/exercise_run.html", context)


# --- Coach-led live sessions --------------------------------------------------------------


@coach_required
@require_http_methods(["GET", "POST"])
def live_new(request, cohort_id: int):
    cohort = get_object_or_404(cohort_qs_for_coach(user=request.user), pk=cohort_id)
    definitions = exercise_definitions()
    choices = [(key, _title(definitions[key])) for key in EXERCISE_KEYS]
    running = LiveSession.objects.filter(cohort=cohort, status=LiveSession.Status.RUNNING).first()
    selected = ""
    status = 200
    if request.method == "POST":
        selected = request.POST.get("exercise", "")
        if selected not in EXERCISE_KEYS:
            messages.error(request, _("Kies een van de oefeningen."))
            status = 422
        else:
            try:
                session = live_session_start_service(coach=request.user, cohort=cohort, exercise_key=selected)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
                status = 422
            else:
                return redirect("workshops:live_control", session_id=session.pk)
    context = {"cohort": cohort, "choices": choices, "selected": selected, "running": running}
    return render(request, "workshops/live_new.html", context, status=status)


@coach_required
def live_control(request, session_id: int):
    """The coach's pacing page. Another coach's session is a 404, like their cohorts."""
    try:
        snapshot = coach_session_snapshot(session_id=session_id, user=request.user)
    except (LiveSession.DoesNotExist, PermissionDenied):
        raise Http404 from None
    definition = snapshot["definition"]
    kind_labels = _step_kind_labels()
    steps = [
        {"number": index + 1, "kind": step["kind"], "label": kind_labels[step["kind"]]}
        for index, step in enumerate(definition["steps"])
    ]
    couples = []
    for couple in snapshot["couples"]:
        summary = couple["summary"]
        couples.append(
            {
                **couple,
                "partners": [
                    {"name": name, "connected": member in couple["connected"]}
                    for name, member in zip(couple["names"], couple["members"], strict=True)
                ],
                "step_number": summary["step_index"] + 1,
                "step_label": kind_labels.get(summary["step_kind"], ""),
                "status_label": _status_label(summary),
            }
        )
    config = {
        "session_id": snapshot["session"]["id"],
        "ws_url": f"/ws/live/{snapshot['session']['id']}/",
        "language": _language(),
        "steps": steps,
    }
    strings = {
        "connecting": _("verbinden…"),
        "connected": _("verbonden"),
        "reconnecting": _("opnieuw verbinden…"),
        "disconnected": _("geen verbinding: herlaad de pagina"),
        "partner_on": _("{name}: verbonden"),
        "partner_off": _("{name}: niet verbonden"),
        "step_of": _("Stap {n} van {total}"),
        "status_active": _("bezig"),
        "status_done": _("klaar"),
        "status_paused": _("pauze tot {time}"),
        "status_held": _("wacht op de coach"),
        "group_step": _("De groep mag tot en met stap {n} van {total}: {label}"),
        "joined": _("{n} van de {total} stellen doen mee."),
        "no_couples": _("Nog geen stel is binnen. Zeg de groep dat ze op hun startpagina op 'Doe mee' drukken."),
        "ended": _("Deze sessie is afgesloten."),
        "end_confirm": _("De sessie voor iedereen afsluiten?"),
        "timer_left": _("Groepstimer: nog {time}"),
        "timer_none": _("Geen groepstimer."),
        "announced": _("Verstuurd: {text}"),
        "last_step": _("Dit is de laatste stap."),
        "error": _("Dat lukte niet:"),
    }
    context = {
        "session": snapshot["session"],
        "title": _title(definition),
        "couples": couples,
        "enrolled": snapshot["enrolled_couples"],
        "steps": steps,
        "group_step": steps[snapshot["session"]["step_index"]],
        "is_last_step": snapshot["session"]["step_index"] >= len(steps) - 1,
        "config": config,
        "strings": strings,
        "announcement_max": ANNOUNCEMENT_MAX,
        "timer_choices": [m for m in TIMER_CHOICES_MINUTES if m <= TIMER_MAX_MINUTES],
    }
    return render(request, "workshops/live_control.html", context)


def _status_label(summary: dict) -> str:
    if summary["status"] == "done":
        return _("klaar")
    if summary["status"] == "paused":
        return _("pauze")
    if summary["held_by_coach"]:
        return _("wacht op de coach")
    return _("bezig")


def _session_for_participant(request, session_id: int) -> LiveSession:
    """The session, if the user is part of a couple in its cohort; otherwise 404."""
    session = LiveSession.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise Http404
    member = membership_for_user(user=request.user, cohort=session.cohort)
    if member is None or member.enrollment.couple_id is None:
        raise Http404
    return session


@login_required
@require_http_methods(["GET", "POST"])
def live_join(request, session_id: int):
    """GET: the invitation to join; POST: join (the couple's run is made on first join)."""
    session = _session_for_participant(request, session_id)
    if request.method == "GET":
        context = {"session": session, "title": _title(session.definition)}
        return render(request, "workshops/live_join.html", context)
    try:
        run = live_session_join(user=request.user, session=session)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("workshops:live_current")
    return redirect("workshops:exercise_run", run_id=run.pk)


@login_required
def live_current(request):
    """Where the home page links to: the running session of the participant's cohort, if any."""
    session = running_session_for_user(user=request.user)
    if session is not None:
        return redirect("workshops:live_join", session_id=session.pk)
    return render(request, "workshops/live_none.html")
