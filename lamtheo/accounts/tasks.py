"""Background tasks of the accounts area (run by `lamtheo worker`)."""

from importlib import import_module

from django.conf import settings
from django.tasks import task


@task()
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry, as `lamtheo clearsessions` does."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
