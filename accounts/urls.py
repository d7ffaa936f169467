"""Account URLs of our own; allauth's live under /accounts/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("taal/", views.set_language, name="set_language"),
]
