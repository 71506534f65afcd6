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
    a session's whole life.) The time is written at most once a minute, and only after a request
    that was served: a refused one (CSRF, 404) changes nothing, the session included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = (
            user is not None and user.is_authenticated and "_auth_user_id" in request.session
        )
        now = int(time.time())
        if signed_in:
            last = request.session.get(LAST_SEEN, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn do lâu không thao tác."))
                signed_in = False
        response = self.get_response(request)
        served = response.status_code < 400 and "_auth_user_id" in request.session
        if signed_in and served and now - request.session.get(LAST_SEEN, 0) >= 60:
            request.session[LAST_SEEN] = now
        return response
