"""WebSocket routes: the assessment reveal, a couple's exercise run, a coach's live session."""

from django.urls import path

from assessments.routing import websocket_urlpatterns as assessment_websockets

from .consumers import CoachSessionConsumer, ExerciseRunConsumer

websocket_urlpatterns: list = [
    *assessment_websockets,
    path("ws/exercises/<int:run_id>/", ExerciseRunConsumer.as_asgi()),
    path("ws/live/<int:session_id>/", CoachSessionConsumer.as_asgi()),
]
