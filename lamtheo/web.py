"""Web plumbing shared by every area: declared HTTP methods, answered before anything else.

A view says which methods it takes with `@methods("GET")` (or is a class-based view). The
middleware answers any other method with 405 before the CSRF check or the sign-in redirect run,
so a wrong method gets the same plain answer from every page, signed in or not.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.log import log_response

SAFE = ("GET", "HEAD", "OPTIONS")


def client_ip(request) -> str | None:
    """The address the request came from. Behind the reverse proxy (TRUSTED_PROXY), the last
    address the proxy appended to X-Forwarded-For; anything before it is the client's own claim."""
    if getattr(settings, "TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def translated(error) -> str:
    """An error that carries a Vietnamese `template` and its `params` (the toolkit's VnError,
    an area's error) in the user's language, through the catalogue."""
    template = translation.gettext(error.template)
    return template % error.params if error.params else template


def methods(*allowed: str) -> Callable:
    """Declare the HTTP methods a function view accepts (HEAD comes with GET)."""
    names = tuple(dict.fromkeys(m.upper() for m in allowed))
    if "GET" in names and "HEAD" not in names:
        names += ("HEAD",)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in names:
                return _not_allowed(request, names)
            return view(request, *args, **kwargs)

        wrapper.allowed_methods = names
        return wrapper

    return decorator


def allowed_methods(view_func) -> tuple[str, ...] | None:
    """The methods a resolved view accepts, or None when it handles methods itself."""
    declared = getattr(view_func, "allowed_methods", None)
    if declared is not None:
        return tuple(declared)
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        return tuple(
            name.upper() for name in view_class.http_method_names if hasattr(view_class, name)
        )
    return None


def _not_allowed(request, names):
    response = HttpResponseNotAllowed(names)
    log_response(
        "Method Not Allowed (%s): %s",
        request.method,
        request.path,
        response=response,
        request=request,
    )
    return response


class MethodNotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        names = allowed_methods(view_func)
        if names is not None and request.method not in names:
            return _not_allowed(request, names)
        return None


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise with the switcher (the language cookie).

    Django's own middleware would follow the browser's Accept-Language, and many officials'
    browsers say English; lamtheo is Vietnamese first.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: no powerful browser features, and
    resources of this site are for this site only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
