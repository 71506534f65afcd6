from . import navigation


def areas(request):
    """The navigation, for signed-in users only (the sign-in page shows none)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from lamtheo.accounts.models import Notification

    return {
        "nav_areas": navigation.entries(request.path),
        # One count per page; the index on (user, read_at) answers it.
        "unread_notices": Notification.objects.visible_to(request.user).unread().count(),
    }
