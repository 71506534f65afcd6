from django.conf import settings

from .context import origin


def _channel(path: str) -> str:
    if path.startswith(settings.API_PREFIX):
        return "api"
    if path.startswith("/quan-tri/"):
        return "admin"
    return "web"


class AuditMiddleware:
    """Every write made while serving a request is recorded with its user and address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with origin(_channel(request.path_info), request=request):
            return self.get_response(request)
