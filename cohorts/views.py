"""Pages of cohorts: the participant's home, enrolment and invitations, consent, and the coach's pages."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops.exercise_selectors import running_session_for_user
from workshops.models import Module, Training

from . import selectors, services
from .forms import CohortForm, ConsentForm, EnrollForm, ExtensionForm, InvitationForm, StuckFilterForm
from .models import CohortMember, Enrollment, Invitation

DEMO_TRAINING_KEY = "doorbreek-de-dynamiek"
PENDING_CODE_SESSION_KEY = "cohorts_pending_enrolment_code"
# Pages of other issues the home page points to once they exist (resolved lazily, see _optional_url).
NEXT_STEP_URL_NAMES = {"assessment": "assessments:start", "training": "workshops:modules"}


def _optional_url(name: str) -> str:
    """The URL of a page another issue adds; empty until that page exists."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _login_links(next_url: str) -> dict:
    query = urlencode({"next": next_url})
    return {"signup_url": f"{reverse('account_signup')}?{query}", "login_url": f"{reverse('account_login')}?{query}"}


def _form_errors_from(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def coach_required(view):
    """Coach pages: anonymous -> login; anyone who is not a coach -> 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_coach:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Home ------------------------------------------------------------------------------


def home(request):
    """Anonymous visitors get the welcome page; participants their cohort; coaches their cohorts."""
    if not request.user.is_authenticated:
        return render(request, "workshops/home.html")
    if request.user.is_coach:
        return redirect("cohorts:coach_list")
    state = selectors.participant_home(user=request.user)
    pending_code = request.session.get(PENDING_CODE_SESSION_KEY) if state.membership is None else None
    pending_cohort = selectors.cohort_by_code(code=pending_code) if pending_code else None
    return render(
        request,
        "cohorts/home.html",
        {
            "state": state,
            "pending_cohort": pending_cohort,
            "next_url": _optional_url(NEXT_STEP_URL_NAMES[state.next_step])
            if state.next_step in NEXT_STEP_URL_NAMES
            else "",
            "invitation_form": InvitationForm(initial={"email": state.invitation.email if state.invitation else ""}),
            "live_session": running_session_for_user(user=request.user) if state.partner else None,
            "Invitation": Invitation,
        },
    )


# --- Enrolment -------------------------------------------------------------------------


def enroll(request, code: str):
    cohort = selectors.cohort_by_code(code=code)
    if cohort is None:
        return render(request, "cohorts/enroll_invalid.html", status=404)
    context = {"cohort": cohort}
    if not request.user.is_authenticated:
        # Kept in the session so the home page can lead back here after email verification.
        request.session[PENDING_CODE_SESSION_KEY] = code
        context.update(_login_links(request.get_full_path()))
        return render(request, "cohorts/enroll.html", context)
    if request.user.is_coach or request.user.is_staff:
        return render(
            request,
            "cohorts/enroll.html",
            {**context, "problem": _("Met een coach- of beheerdersaccount kun je je niet als deelnemer inschrijven.")},
            status=403,
        )
    if CohortMember.objects.filter(cohort=cohort, user=request.user).exists():
        request.session.pop(PENDING_CODE_SESSION_KEY, None)
        messages.info(request, _("Je bent al ingeschreven voor deze groep."))
        return redirect("home")
    problem = services.enrolment_closed_reason(cohort=cohort)
    if problem:
        return render(request, "cohorts/enroll.html", {**context, "problem": problem})
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_start(
                cohort=cohort,
                user=request.user,
                partner_email=form.cleaned_data["partner_email"],
                scores_and_style=form.cleaned_data["scores_and_style"],
                module_progress=form.cleaned_data["module_progress"],
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            request.session.pop(PENDING_CODE_SESSION_KEY, None)
            messages.success(
                request,
                _("Je bent ingeschreven. We hebben je partner een uitnodiging gestuurd op %(email)s.")
                % {"email": form.cleaned_data["partner_email"]},
            )
            return redirect("home")
    context.update(
        {"form": form, "places_left": max(cohort.capacity - selectors.cohort_taken_places(cohort=cohort), 0)}
    )
    return render(request, "cohorts/enroll.html", context)


def invitation(request, token: str):
    invitation = selectors.invitation_by_token(token=token)
    problem = services.invitation_problem(invitation=invitation, user=request.user)
    context = {"invitation": invitation, "problem": problem}
    if invitation is None:
        return render(request, "cohorts/invitation.html", context, status=404)
    if problem:
        status = 410 if invitation.status() != Invitation.Status.PENDING else 403
        return render(request, "cohorts/invitation.html", context, status=status)
    if not request.user.is_authenticated:
        context.update(_login_links(request.get_full_path()))
        return render(request, "cohorts/invitation.html", context)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                token=token,
                user=request.user,
                scores_and_style=form.cleaned_data["scores_and_style"],
                module_progress=form.cleaned_data["module_progress"],
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Welkom! Jullie zijn nu samen ingeschreven voor %(cohort)s.")
                % {"cohort": invitation.enrollment.cohort},
            )
            return redirect("home")
    context["form"] = form
    return render(request, "cohorts/invitation.html", context)


@login_required
@require_POST
def invitation_send(request, enrollment_id: int):
    enrollment = selectors.enrollment_for_starter(user=request.user, enrollment_id=enrollment_id)
    if enrollment is None:
        return render(request, "cohorts/not_found.html", status=404)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("home")
    try:
        services.invitation_send(enrollment=enrollment, inviter=request.user, email=form.cleaned_data["email"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("We hebben een nieuwe uitnodiging gestuurd naar %(email)s. Eerdere links werken niet meer.")
            % {"email": form.cleaned_data["email"]},
        )
    return redirect("home")


@login_required
@require_POST
def invitation_revoke(request, enrollment_id: int):
    enrollment = selectors.enrollment_for_starter(user=request.user, enrollment_id=enrollment_id)
    if enrollment is None:
        return render(request, "cohorts/not_found.html", status=404)
    if services.invitation_revoke(enrollment=enrollment, by=request.user):
        messages.success(request, _("De uitnodiging is ingetrokken; de link werkt niet meer."))
    else:
        messages.info(request, _("Er stond geen uitnodiging open."))
    return redirect("home")


@login_required
def consent(request, cohort_id: int):
    membership = CohortMember.objects.select_related("cohort").filter(cohort_id=cohort_id, user=request.user).first()
    if membership is None:
        return render(request, "cohorts/not_found.html", status=404)
    cohort = membership.cohort
    current = selectors.consent_current(cohort=cohort, user=request.user)
    initial = (
        {"scores_and_style": current.scores_and_style, "module_progress": current.module_progress} if current else {}
    )
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.consent_record(cohort=cohort, user=request.user, **form.cleaned_data)
        messages.success(request, _("Je keuze is opgeslagen. Je kunt hem altijd weer aanpassen."))
        return redirect("home")
    return render(request, "cohorts/consent_form.html", {"form": form, "cohort": cohort, "current": current})


# --- Coach pages ---------------------------------------------------------------------------


def _coach_cohort(request, cohort_id: int):
    return get_object_or_404(selectors.cohort_qs_for_coach(user=request.user), pk=cohort_id)


@coach_required
def coach_list(request):
    return render(request, "cohorts/coach_list.html", {"cohorts": selectors.cohort_list_for_coach(user=request.user)})


@coach_required
def cohort_create(request):
    training = Training.objects.filter(key=DEMO_TRAINING_KEY).first() or Training.objects.order_by("pk").first()
    form = CohortForm(request.POST or None)
    if training is None:
        form.add_error(None, _("Er is nog geen training geladen; vraag de beheerder om de inhoud te laden."))
    elif request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(coach=request.user, training=training, **form.service_kwargs())
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("De groep is aangemaakt. Deel de inschrijflink met de stellen."))
            return redirect("cohorts:dashboard", cohort_id=cohort.pk)
    return render(request, "cohorts/cohort_form.html", {"form": form, "cohort": None})


@coach_required
def cohort_edit(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    form = CohortForm(request.POST or None, initial=CohortForm.initial_for(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, **form.service_kwargs())
        except ValidationError as exc:
            _form_errors_from(form, exc)
        else:
            messages.success(request, _("De groep is bijgewerkt."))
            return redirect("cohorts:dashboard", cohort_id=cohort.pk)
    return render(request, "cohorts/cohort_form.html", {"form": form, "cohort": cohort})


@coach_required
@require_POST
def cohort_regenerate_code(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    services.cohort_regenerate_code(cohort=cohort)
    messages.success(request, _("Er is een nieuwe inschrijflink. De oude werkt niet meer."))
    return redirect("cohorts:dashboard", cohort_id=cohort.pk)


def _dashboard_for(request, cohort):
    filter_form = StuckFilterForm(request.GET or None)
    stuck_days = filter_form.cleaned_data.get("stil") if filter_form.is_valid() else None
    return filter_form, selectors.cohort_dashboard(cohort=cohort, stuck_days=stuck_days)


@coach_required
def dashboard(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    filter_form, board = _dashboard_for(request, cohort)
    enrol_url = request.build_absolute_uri(reverse("cohorts:enroll", kwargs={"code": cohort.enrolment_code}))
    return render(
        request,
        "cohorts/dashboard.html",
        {
            "cohort": cohort,
            "board": board,
            "filter_form": filter_form,
            "enrol_url": enrol_url,
            "pause": selectors.cohort_pause_current(cohort=cohort),
            "export_query": request.GET.urlencode() if filter_form.is_valid() else "",
            "Invitation": Invitation,
        },
    )


def _csv_safe(value) -> str:
    """Names are typed by participants; keep spreadsheet programs from running them as formulas."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _partner_csv(cell, row, columns) -> list[str]:
    if cell.user is None:
        return [_("uitgenodigd: %(email)s") % {"email": cell.invited_email}, "", "", "", *["" for _c in columns]]
    assessment = _("klaar") if cell.finished else (_("bezig") if cell.started else _("niet begonnen"))
    # Same rule as the page: styles only as a pair, when both partners share their scores.
    style = _("niet gedeeld") if not cell.shares_scores else (cell.style_label if row.pairing_shared else "")
    progress = cell.progress if cell.shares_progress else [_("niet gedeeld") for _c in columns]
    return [cell.user.display_name, cell.user.email, assessment, style, *progress]


@coach_required
def dashboard_export(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    _filter_form, board = _dashboard_for(request, cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="groep-{cohort.pk}-{stamp}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    columns = board.progress_columns
    header = [_("stel")]
    for n in (1, 2):
        header += [
            _("partner %(n)s naam") % {"n": n},
            _("partner %(n)s e-mail") % {"n": n},
            _("partner %(n)s vragenlijst") % {"n": n},
            _("partner %(n)s stijl") % {"n": n},
            *[_("partner %(n)s: %(column)s") % {"n": n, "column": c.label} for c in columns],
        ]
    header += [_("laatste activiteit")]
    writer.writerow(header)
    for row in board.rows:
        cells = [row.number]
        for partner in row.partners:
            cells += _partner_csv(partner, row, columns)
        cells.append(date_format(timezone.localtime(row.last_activity), "Y-m-d H:i") if row.last_activity else "")
        writer.writerow([_csv_safe(c) for c in cells])
    return response


# --- Pacing (coach) ---------------------------------------------------------------------------
# Same access as the dashboard: a coach, and only for a cohort they run (otherwise 404).


@coach_required
def pacing(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    overview = selectors.cohort_pacing_overview(cohort=cohort)
    return render(
        request, "cohorts/pacing.html", {"cohort": cohort, "overview": overview, "extension_form": ExtensionForm()}
    )


def _pacing_done(request, cohort, message: str | None = None, error: ValidationError | None = None):
    if error is not None:
        messages.error(request, error.messages[0])
    elif message:
        messages.success(request, message)
    return redirect("cohorts:pacing", cohort_id=cohort.pk)


@coach_required
@require_POST
def cohort_pause_toggle(request, cohort_id: int):
    cohort = _coach_cohort(request, cohort_id)
    try:
        if request.POST.get("action") == "resume":
            services.cohort_resume(cohort=cohort, by=request.user)
            message = _("De groep loopt weer. Modules die wachtten, schuiven op met de duur van de pauze.")
        else:
            services.cohort_pause(cohort=cohort, by=request.user)
            message = _("De groep staat op pauze. Er gaan geen nieuwe modules open tot je hem hervat.")
    except ValidationError as exc:
        return _pacing_done(request, cohort, error=exc)
    return _pacing_done(request, cohort, message)


@coach_required
@require_POST
def module_open_early(request, cohort_id: int, module_id: int):
    cohort = _coach_cohort(request, cohort_id)
    module = get_object_or_404(Module, pk=module_id, training_id=cohort.training_id)
    try:
        services.module_open_early(cohort=cohort, module=module, by=request.user)
    except ValidationError as exc:
        return _pacing_done(request, cohort, error=exc)
    return _pacing_done(
        request,
        cohort,
        _("Module %(number)s is nu open voor alle stellen in deze groep.") % {"number": module.number},
    )


def _coach_enrollment(request, cohort, enrollment_id: int) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.select_related("couple__partner_a", "couple__partner_b"),
        pk=enrollment_id,
        cohort=cohort,
        couple__isnull=False,
    )


def _names(enrollment: Enrollment) -> str:
    couple = enrollment.couple
    return _("%(a)s en %(b)s") % {"a": couple.partner_a.display_name, "b": couple.partner_b.display_name}


@coach_required
@require_POST
def enrollment_extend(request, cohort_id: int, enrollment_id: int):
    cohort = _coach_cohort(request, cohort_id)
    enrollment = _coach_enrollment(request, cohort, enrollment_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["days"][0])
        return redirect("cohorts:pacing", cohort_id=cohort.pk)
    days = form.cleaned_data["days"]
    try:
        services.enrollment_extend(enrollment=enrollment, days=days, by=request.user)
    except ValidationError as exc:
        return _pacing_done(request, cohort, error=exc)
    return _pacing_done(
        request,
        cohort,
        _("%(couple)s krijgen %(days)s dagen extra: hun volgende modules gaan zo veel later open.")
        % {"couple": _names(enrollment), "days": days},
    )


@coach_required
@require_POST
def enrollment_pause_toggle(request, cohort_id: int, enrollment_id: int):
    cohort = _coach_cohort(request, cohort_id)
    enrollment = _coach_enrollment(request, cohort, enrollment_id)
    try:
        if request.POST.get("action") == "resume":
            services.enrollment_resume(enrollment=enrollment, by=request.user)
            message = _("%(couple)s lopen weer mee; hun schema schuift op met de duur van hun pauze.")
        else:
            services.enrollment_pause(enrollment=enrollment, by=request.user)
            message = _("%(couple)s staan op pauze: voor hen gaan er geen nieuwe modules open.")
    except ValidationError as exc:
        return _pacing_done(request, cohort, error=exc)
    return _pacing_done(request, cohort, message % {"couple": _names(enrollment)})
