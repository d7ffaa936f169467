"""Training URLs: the modules (paced), the private journal and reading progress."""

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("modules/", views.module_list, name="modules"),
    path("modules/<slug:slug>/", views.module_detail, name="module"),
    path("dagboek/", views.journal_list, name="journal"),
    path("dagboek/<slug:module_slug>/<int:prompt_id>/", views.journal_entry_edit, name="journal_entry"),
    path("leesteksten/<int:section_id>/gelezen/", views.section_done_toggle, name="section_done"),
]
