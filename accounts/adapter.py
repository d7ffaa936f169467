"""allauth adapter: mail goes out through Celery after the request's transaction commits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Rendered here, in the request's language; sent by the worker once the
        # data it refers to (a new account, a reset key) is committed.
        from .tasks import send_email_message

        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        payload = {
            "subject": message.subject,
            "body": message.body,
            "html": html,
            "from_email": message.from_email,
            "to": list(message.to),
        }
        transaction.on_commit(lambda: send_email_message.delay(**payload))
