from . import navigation


def areas(request):
    """The navigation, for signed-in users only (the sign-in page shows none)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"nav_areas": navigation.entries(request.path)}
