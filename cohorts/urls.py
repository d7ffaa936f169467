"""Cohort URLs: participants' enrolment, invitations and consent; the coach's pages under coach/."""

from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("inschrijven/<str:code>/", views.enroll, name="enroll"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("inschrijving/<int:enrollment_id>/uitnodigen/", views.invitation_send, name="invitation_send"),
    path("inschrijving/<int:enrollment_id>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("<int:cohort_id>/toestemming/", views.consent, name="consent"),
    path("coach/", views.coach_list, name="coach_list"),
    path("coach/nieuw/", views.cohort_create, name="cohort_create"),
    path("coach/<int:cohort_id>/", views.dashboard, name="dashboard"),
    path("coach/<int:cohort_id>/bewerken/", views.cohort_edit, name="cohort_edit"),
    path("coach/<int:cohort_id>/nieuwe-link/", views.cohort_regenerate_code, name="cohort_regenerate_code"),
    path("coach/<int:cohort_id>/export.csv", views.dashboard_export, name="dashboard_export"),
    path("coach/<int:cohort_id>/tempo/", views.pacing, name="pacing"),
    path("coach/<int:cohort_id>/tempo/pauze/", views.cohort_pause_toggle, name="cohort_pause"),
    path(
        "coach/<int:cohort_id>/tempo/module/<int:module_id>/openen/",
        views.module_open_early,
        name="module_open_early",
    ),
    path(
        "coach/<int:cohort_id>/tempo/stel/<int:enrollment_id>/extra-tijd/",
        views.enrollment_extend,
        name="enrollment_extend",
    ),
    path(
        "coach/<int:cohort_id>/tempo/stel/<int:enrollment_id>/pauze/",
        views.enrollment_pause_toggle,
        name="enrollment_pause",
    ),
]
