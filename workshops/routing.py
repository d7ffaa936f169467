"""WebSocket routes; the live-exercise issue adds the run and session sockets here."""

websocket_urlpatterns: list = []
