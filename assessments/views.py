"""Pages of the questionnaire, the personal result and the couple's pairing (thin: parse, check, call)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import plane
from .content import localized, pairing_cards, pairing_key, style_texts
from .models import AssessmentResponse
from .selectors import (
    PairingState,
    pairing_for_user,
    results_for_user,
    sitting_open_for_user,
    sitting_progress,
)
from .services import assessment_answer, assessment_start, assessment_submit


def _answer_labels():
    return {
        1: _("helemaal mee oneens"),
        2: _("mee oneens"),
        3: _("een beetje mee oneens"),
        4: _("neutraal"),
        5: _("een beetje mee eens"),
        6: _("mee eens"),
        7: _("helemaal mee eens"),
    }


def participant_required(view):
    """The questionnaire is for participants; coaches see no one's answers or scores here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_coach:
            return render(request, "assessments/access_denied.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _own_sitting(request, pk: int) -> AssessmentResponse:
    """Someone else's sitting id is simply not found."""
    return get_object_or_404(AssessmentResponse.objects.select_related("instrument"), pk=pk, user=request.user)


@participant_required
@require_http_methods(["GET", "POST"])
def sitting_start(request):
    if request.method == "POST":
        try:
            response = assessment_start(user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("assessments:start")
        progress = sitting_progress(response=response)
        return redirect("assessments:page", pk=response.pk, page=progress.first_open_page)
    open_sitting = sitting_open_for_user(user=request.user)
    context = {
        "open_progress": sitting_progress(response=open_sitting) if open_sitting else None,
        "results": results_for_user(user=request.user),
    }
    return render(request, "assessments/sitting_start.html", context)


@participant_required
@require_http_methods(["GET", "POST"])
def sitting_page(request, pk: int, page: int):
    response = _own_sitting(request, pk)
    if response.is_submitted:
        messages.info(request, _("Deze vragenlijst is al ingestuurd. Hieronder zie je je uitslag."))
        return redirect("assessments:result")
    progress = sitting_progress(response=response)
    if not 1 <= page <= progress.page_count:
        return redirect("assessments:page", pk=pk, page=progress.first_open_page)
    error = None
    if request.method == "POST":
        answers = {key.removeprefix("item-"): value for key, value in request.POST.items() if key.startswith("item-")}
        try:
            assessment_answer(user=request.user, response_id=response.pk, answers=answers)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            action = request.POST.get("action")
            if action == "previous" and page > 1:
                return redirect("assessments:page", pk=pk, page=page - 1)
            if action == "later":
                messages.success(request, _("Je antwoorden zijn bewaard. Je kunt later verdergaan waar je was."))
                return redirect("assessments:start")
            if page < progress.page_count:
                return redirect("assessments:page", pk=pk, page=page + 1)
            return redirect("assessments:review", pk=pk)
    context = {
        "progress": progress,
        "page": page,
        "entries": progress.page(page),
        "choices": list(_answer_labels().items()),
        "error": error,
        "is_last": page == progress.page_count,
    }
    return render(request, "assessments/sitting_page.html", context, status=400 if error else 200)


def _review_context(request, response, error=None):
    progress = sitting_progress(response=response)
    labels = _answer_labels()
    rows = [
        {"entry": entry, "label": labels.get(entry.value, ""), "page": progress.page_of(entry)}
        for entry in progress.items
    ]
    return {"progress": progress, "rows": rows, "error": error}


@participant_required
def sitting_review(request, pk: int):
    response = _own_sitting(request, pk)
    if response.is_submitted:
        return redirect("assessments:result")
    return render(request, "assessments/sitting_review.html", _review_context(request, response))


@participant_required
@require_POST
def sitting_submit(request, pk: int):
    response = _own_sitting(request, pk)
    try:
        assessment_submit(user=request.user, response_id=response.pk)
    except ValidationError as exc:
        response.refresh_from_db()
        context = _review_context(request, response, error=exc.messages[0])
        return render(request, "assessments/sitting_review.html", context, status=400)
    messages.success(request, _("Dank je wel. Je antwoorden zijn ingestuurd."))
    return redirect("assessments:result")


def _style_context(style: str) -> dict:
    texts = style_texts()[style]
    return {
        "key": style,
        "name": localized(texts["name"]),
        "leaning": localized(texts["leaning"]),
        "summary": localized(texts["summary"]),
        "stress": localized(texts["stress"]),
        "strategy": texts["strategy"],
    }


def _strength_words(strength) -> str:
    value = float(strength)
    if value < 0.2:
        return _("licht: je staat dicht bij het midden en kent ook de andere kanten")
    if value < 0.5:
        return _("duidelijk, maar met ruimte naar de andere kanten")
    return _("uitgesproken: deze kant is een vertrouwde plek voor je")


def _point_for(response, *, label: str, css: str):
    return plane.point(anxiety=response.anxiety, avoidance=response.avoidance, label=label, css=css)


@participant_required
def result_detail(request):
    results = results_for_user(user=request.user)
    if not results:
        messages.info(
            request, _("Je hebt de vragenlijst nog niet ingestuurd. Zodra je dat doet, zie je hier je uitslag.")
        )
        return redirect("assessments:start")
    latest = results[-1]
    history = [_point_for(r, label=_("start") if r.is_intake else "", css="plane-history") for r in results[:-1]]
    me = _point_for(latest, label=_("jij"), css="plane-me")
    context = {
        "latest": latest,
        "results": results,
        "style": _style_context(latest.style),
        "strength_words": _strength_words(latest.strength),
        "points": [*history, me],
        "history_path": plane.path_points([*history, me]) if history else "",
        "frame": plane.frame(),
        "open_sitting": sitting_open_for_user(user=request.user),
    }
    return render(request, "assessments/result_detail.html", context)


@participant_required
def pairing_detail(request):
    pairing = pairing_for_user(user=request.user)
    context = {"pairing": pairing, "states": PairingState, "frame": plane.frame()}
    if pairing.revealed:
        partner_name = pairing.partner.display_name
        card = pairing_cards()[pairing_key(pairing.mine.style, pairing.theirs.style)]
        context.update(
            {
                "points": [
                    _point_for(pairing.mine, label=_("jij"), css="plane-me"),
                    _point_for(pairing.theirs, label=partner_name, css="plane-partner"),
                ],
                "my_style": _style_context(pairing.mine.style),
                "their_style": _style_context(pairing.theirs.style),
                "card": {
                    "title": localized(card["title"]),
                    "summary": localized(card["summary"]),
                    "cycle": localized(card["cycle"]) if card.get("cycle") else [],
                    "practise": localized(card["practise"]),
                    "my_tips": localized(card["tips"][pairing.mine.style]),
                    "their_tips": localized(card["tips"][pairing.theirs.style]),
                },
            }
        )
    elif pairing.state == PairingState.WAITING_FOR_PARTNER:
        context["socket_path"] = "/ws/vragenlijst/"
    return render(request, "assessments/pairing_detail.html", context)
