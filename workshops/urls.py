"""Training URLs: the modules (paced), the private journal and reading progress."""

from django.urls import path

from . import views
from .exercise_views import exercise_run, exercise_start, live_control, live_current, live_join, live_new

app_name = "workshops"

urlpatterns = [
    path("modules/", views.module_list, name="modules"),
    path("modules/<slug:slug>/", views.module_detail, name="module"),
    path("dagboek/", views.journal_list, name="journal"),
    path("dagboek/<slug:module_slug>/<int:prompt_id>/", views.journal_entry_edit, name="journal_entry"),
    path("leesteksten/<int:section_id>/gelezen/", views.section_done_toggle, name="section_done"),
    # Live shared exercises (issue 6): a couple's run and coach-led live sessions.
    path("oefening/<slug:module_slug>/starten/", exercise_start, name="exercise_start"),
    path("oefening/sessie/<int:run_id>/", exercise_run, name="exercise_run"),
    path("live/", live_current, name="live_current"),
    path("live/<int:session_id>/", live_join, name="live_join"),
    path("live/<int:session_id>/coach/", live_control, name="live_control"),
    path("groepen/coach/<int:cohort_id>/live/", live_new, name="live_new"),
]
