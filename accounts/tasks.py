"""Mail delivery off the request path: messages are rendered in the request, sent here."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email_message(self, *, subject: str, body: str, html: str | None, from_email: str, to: list[str]) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
