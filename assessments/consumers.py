"""The socket a participant's browser keeps open to hear that the pairing is revealed."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .realtime import user_group


class AssessmentConsumer(AsyncJsonWebsocketConsumer):
    """Joins only the connecting person's own group; it relays, it never reads data."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """The client has nothing to say; ignore whatever arrives."""

    async def pairing_revealed(self, event):
        await self.send_json({"type": event["type"], "url": event["url"]})
