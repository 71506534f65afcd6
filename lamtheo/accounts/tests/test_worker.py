"""Background tasks go through Django's tasks framework into the database queue, and
`lamtheo worker` runs them."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone

from lamtheo.accounts.tasks import clear_expired_sessions

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_TASKS


def test_an_enqueued_task_waits_in_the_database_until_the_worker_runs_it(
    database_queue, transactional_db
):
    past = timezone.now() - timedelta(days=1)
    Session.objects.create(session_key="expired", session_data="x", expire_date=past)
    Session.objects.create(
        session_key="current", session_data="x", expire_date=timezone.now() + timedelta(days=1)
    )

    result = clear_expired_sessions.enqueue()
    assert result.status == TaskResultStatus.READY
    assert Session.objects.filter(session_key="expired").exists()

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
