"""A task goes through the configured broker (Redis in CI) and a real worker runs it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from accounts.tasks import send_email_message
from config.celery import app as celery_app


@pytest.fixture
def real_worker(monkeypatch, tmp_path, settings):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    if celery_app.conf.broker_url.startswith("filesystem://"):
        folder = tmp_path / "queue"
        folder.mkdir()
        (tmp_path / "control").mkdir()
        monkeypatch.setitem(
            celery_app.conf,
            "broker_transport_options",
            {
                "data_folder_in": str(folder),
                "data_folder_out": str(folder),
                "control_folder": str(tmp_path / "control"),
                "store_processed": False,
            },
        )
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.django_db(transaction=True)
def test_email_task_travels_through_broker_to_worker(real_worker):
    send_email_message.delay(
        subject="Welkom", body="Fijn dat je er bent.", html=None, from_email="noreply@example.com", to=["a@example.com"]
    )
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m.subject for m in mail.outbox] == ["Welkom"]
    assert mail.outbox[0].to == ["a@example.com"]
