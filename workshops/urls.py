"""Training URLs: the private journal and reading progress (the module pages come with pacing)."""

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("dagboek/", views.journal_list, name="journal"),
    path("dagboek/<slug:module_slug>/<int:prompt_id>/", views.journal_entry_edit, name="journal_entry"),
    path("leesteksten/<int:section_id>/gelezen/", views.section_done_toggle, name="section_done"),
]
