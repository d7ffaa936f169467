"""URLs of the questionnaire, the result and the pairing (mounted under /vragenlijst/)."""

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.sitting_start, name="start"),
    path("afname/<int:pk>/pagina/<int:page>/", views.sitting_page, name="page"),
    path("afname/<int:pk>/overzicht/", views.sitting_review, name="review"),
    path("afname/<int:pk>/insturen/", views.sitting_submit, name="submit"),
    path("uitslag/", views.result_detail, name="result"),
    path("samen/", views.pairing_detail, name="pairing"),
]
