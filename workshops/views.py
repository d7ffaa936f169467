"""Pages of the training: the private journal and marking reading as done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .models import JOURNAL_ENTRY_MAX_LENGTH, Section
from .selectors import JOURNAL_QUERY_MAX_LENGTH, journal_entry_for_prompt, journal_for_user, journal_prompt_get
from .services import journal_entry_save, section_mark_done, section_mark_undone


def _safe_next(request, fallback: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


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
        return render(request, "workshops/_journal_entry_status.html", context | {"entry": entry, "saved": True})
    messages.success(request, _("Je dagboek is bewaard."))
    return redirect(_safe_next(request, reverse("workshops:journal_entry", args=[module.slug, prompt.pk])))


@login_required
@require_POST
def section_done_toggle(request, section_id: int):
    """Mark a reading section as done (done=1) or not (done=0) for the requesting person."""
    section = get_object_or_404(Section, pk=section_id)
    done = request.POST.get("done") == "1"
    if done:
        section_mark_done(user=request.user, section=section)
    else:
        section_mark_undone(user=request.user, section=section)
    if request.htmx:
        return render(request, "workshops/_section_done.html", {"section": section, "done": done})
    return redirect(_safe_next(request, reverse("workshops:journal")))
