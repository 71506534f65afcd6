import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as _LoginRequired
from django.utils.translation import gettext as _


class LoginRequiredMiddleware(_LoginRequired):
    """Every page needs a signed-in user unless its view is marked `login_not_required`.

    The JSON API is left to its own authentication, which answers 401 instead of redirecting.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


LAST_SEEN = "lamtheo_last_seen"


class IdleTimeoutMiddleware:
    """Sign out a session left idle for SESSION_IDLE_TIMEOUT seconds. (SESSION_COOKIE_AGE caps
    a session's whole life.) The time is written at most once a minute, not on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "_auth_user_id" in request.session:
            now = int(time.time())
            last = request.session.get(LAST_SEEN, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn do lâu không thao tác."))
            elif now - last >= 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
