"""The pairing socket: only the logged-in person's own group, and it relays the reveal."""

import json

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from assessments.realtime import user_group
from assessments.routing import websocket_urlpatterns

application = URLRouter(websocket_urlpatterns)


class Socket(ApplicationCommunicator):
    """A minimal WebSocket client: channels.testing imports daphne, which is not installed."""

    async def receive_json_from(self):
        message = await self.receive_output(2)
        assert message["type"] == "websocket.send"
        return json.loads(message["text"])

    async def disconnect(self):
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(1)


async def connect_as(user):
    scope = {"type": "websocket", "path": "/ws/vragenlijst/", "headers": [], "query_string": b"", "user": user}
    socket = Socket(application, scope)
    await socket.send_input({"type": "websocket.connect"})
    reply = await socket.receive_output(2)
    return socket, reply["type"] == "websocket.accept", reply.get("code")


@pytest.mark.django_db(transaction=True)
async def test_a_visitor_is_refused():
    communicator, connected, code = await connect_as(AnonymousUser())
    assert not connected and code == 4401


@pytest.mark.django_db(transaction=True)
async def test_the_reveal_reaches_the_person_and_no_one_else():
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer

    from tests.factories import UserFactory

    me, stranger = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    mine, _, _ = await connect_as(me)
    theirs, _, _ = await connect_as(stranger)
    await get_channel_layer().group_send(user_group(me.pk), {"type": "pairing.revealed", "url": "/vragenlijst/samen/"})
    assert await mine.receive_json_from() == {"type": "pairing.revealed", "url": "/vragenlijst/samen/"}
    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()
