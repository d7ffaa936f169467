"""Top-level URLs: the apps, allauth, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from cohorts import views as cohort_views

from . import views

urlpatterns = [
    path("", cohort_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("workshops.urls")),
    path("groepen/", include("cohorts.urls")),
    path("vragenlijst/", include("assessments.urls")),
    path("beheer/", admin.site.urls),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
]
