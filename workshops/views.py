"""Pages of the training: the module list and module pages (paced), the private journal, reading progress.

Every page and endpoint of a module first asks the pacing whether the module is open for the
requesting person; a locked module shows when and why, never its content, and saves nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .models import JOURNAL_ENTRY_MAX_LENGTH, Module, Section
from .selectors import (
    JOURNAL_QUERY_MAX_LENGTH,
    Course,
    course_for_user,
    journal_entries_for_prompts,
    journal_entry_for_prompt,
    journal_for_user,
    journal_prompt_get,
    module_get_with_content,
    section_done_ids,
    training_for_user,
)
from .services import journal_entry_save, section_mark_done, section_mark_undone


def _safe_next(request, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


def _locked(request, *, course: Course, module: Module, refused: bool = False, status: int = 200):
    """The page of a module that is not open for this person: when it opens and why, nothing of its content.

    A GET gets 200 (an ordinary page that says "not yet"); a refused write gets 403.
    """
    context = {
        "course": course,
        "module": module,
        "state": course.state_of(module),
        "refused": refused,
        "previous": _previous_state(course, module),
    }
    return render(request, "workshops/module_locked.html", context, status=status)


def _previous_state(course: Course, module: Module):
    states = course.modules
    for before, state in zip(states, states[1:], strict=False):
        if state.module.pk == module.pk:
            return before
    return None


def _refuse_locked_write(request, *, course: Course, module: Module, partial: str, context: dict):
    message = _("Deze module is voor jou nog niet open, dus we hebben niets bewaard.")
    if request.htmx:
        return render(request, partial, context | {"error": message}, status=403)
    return _locked(request, course=course, module=module, refused=True, status=403)


@login_required
def module_list(request):
    training = training_for_user(user=request.user)
    if training is None:
        raise Http404
    course = course_for_user(user=request.user, training=training)
    return render(request, "workshops/module_list.html", {"course": course})


@login_required
def module_detail(request, slug: str):
    training = training_for_user(user=request.user)
    module = module_get_with_content(training=training, slug=slug) if training else None
    if module is None:
        raise Http404
    course = course_for_user(user=request.user, training=training)
    state = course.state_of(module)
    if not state.is_open:
        return _locked(request, course=course, module=module)
    sections = list(module.sections.all())
    prompts = list(module.prompts.all())
    done = section_done_ids(user=request.user, section_ids=[s.pk for s in sections])
    entries = journal_entries_for_prompts(author=request.user, prompt_ids=[p.pk for p in prompts])
    return render(
        request,
        "workshops/module_detail.html",
        {
            "course": course,
            "module": module,
            "state": state,
            "sections": [(section, section.pk in done) for section in sections],
            "prompts": [(prompt, entries.get(prompt.pk)) for prompt in prompts],
            "sources": list(module.sources.all()),
            "max_length": JOURNAL_ENTRY_MAX_LENGTH,
            "next_url": request.path,
        },
    )


@login_required
def journal_list(request):
    query = request.GET.get("q", "").strip()[:JOURNAL_QUERY_MAX_LENGTH]
    groups = journal_for_user(author=request.user, query=query)
    return render(request, "workshops/journal_list.html", {"groups": groups, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def journal_entry_edit(request, module_slug: str, prompt_id: int):
    """The author's own answer to one prompt; autosaved by htmx, a plain form without JS.

    Only ever the requesting person's entry: the URL names a prompt, never an entry or a person.
    """
    prompt = journal_prompt_get(module_slug=module_slug, prompt_id=prompt_id)
    if prompt is None:
        raise Http404
    module = prompt.module
    course = course_for_user(user=request.user, training=module.training)
    if not course.state_of(module).is_open:
        if request.method == "GET":
            return _locked(request, course=course, module=module)
        return _refuse_locked_write(
            request,
            course=course,
            module=module,
            partial="workshops/_journal_entry_status.html",
            context={"module": module, "prompt": prompt},
        )
    entry = journal_entry_for_prompt(author=request.user, prompt=prompt)
    context = {
        "module": module,
        "prompt": prompt,
        "entry": entry,
        "text": entry.text if entry else "",
        "error": None,
        "max_length": JOURNAL_ENTRY_MAX_LENGTH,
        "next": _safe_next(request, ""),
    }
    if request.method == "GET":
        return render(request, "workshops/journal_entry_edit.html", context)

    text = request.POST.get("text", "")
    try:
        entry = journal_entry_save(author=request.user, module=module, prompt=prompt, text=text)
    except ValidationError as exc:
        context.update(error=exc.messages[0], text=text)
        template = "workshops/_journal_entry_status.html" if request.htmx else "workshops/journal_entry_edit.html"
        return render(request, template, context, status=422)
    if request.htmx:
        course = course_for_user(user=request.user, training=module.training)
        return render(
            request,
            "workshops/_journal_entry_status.html",
            context | {"entry": entry, "saved": True, "course": course, "progress_oob": course.state_of(module)},
        )
    messages.success(request, _("Je dagboek is bewaard."))
    return redirect(_safe_next(request, reverse("workshops:journal_entry", args=[module.slug, prompt.pk])))


@login_required
@require_POST
def section_done_toggle(request, section_id: int):
    """Mark a reading section as done (done=1) or not (done=0) for the requesting person."""
    section = get_object_or_404(Section.objects.select_related("module__training"), pk=section_id)
    module = section.module
    course = course_for_user(user=request.user, training=module.training)
    done = request.POST.get("done") == "1"
    if not course.state_of(module).is_open:
        return _refuse_locked_write(
            request,
            course=course,
            module=module,
            partial="workshops/_section_done.html",
            context={"section": section, "done": not done},
        )
    if done:
        section_mark_done(user=request.user, section=section)
    else:
        section_mark_undone(user=request.user, section=section)
    if request.htmx:
        course = course_for_user(user=request.user, training=module.training)
        return render(
            request,
            "workshops/_section_done.html",
            {"section": section, "done": done, "course": course, "progress_oob": course.state_of(module)},
        )
    return redirect(_safe_next(request, reverse("workshops:journal")))
