"""WebSocket routes: the assessment reveal now; the live-exercise sockets join here."""

from assessments.routing import websocket_urlpatterns as assessment_websockets

websocket_urlpatterns: list = [*assessment_websockets]
