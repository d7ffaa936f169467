"""WebSocket route of the assessments app (mounted by workshops/routing.py)."""

from django.urls import path

from .consumers import AssessmentConsumer

websocket_urlpatterns = [
    path("ws/vragenlijst/", AssessmentConsumer.as_asgi()),
]
