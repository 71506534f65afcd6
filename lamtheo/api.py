"""The JSON API at /api/v1/, described at /api/v1/openapi.json. Each area adds its router here."""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import ValidationError

from lamtheo.accounts.api import API_AUTH
from lamtheo.accounts.api import router as accounts_router
from lamtheo.documents.api import router as documents_router
from lamtheo.files.api import router as files_router
from lamtheo.honours.api import router as honours_router
from lamtheo.org.api import router as org_router
from lamtheo.oversight.api import router as oversight_router
from lamtheo.plans.api import router as plans_router
from lamtheo.reporting.api import router as reporting_router
from lamtheo.web import methods

_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
    "required": ["detail"],
}


def _answer(description: str, component: str) -> dict:
    ref = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


class LamtheoAPI(NinjaAPI):
    """NinjaAPI whose description also lists the error answers ninja gives on its own.

    Ninja documents only the answers an operation declares, so a client (or schemathesis) reading
    the description could not expect the 401 of a missing token, the 404 of a record the user
    may not see, or the 422 of a malformed parameter. Every operation gets them here, from one
    rule, instead of each area repeating them; an operation that declares its own keeps it.
    """

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema["components"]["schemas"]
        schemas.setdefault("Error", _ERROR)
        schemas.setdefault("ValidationError", _VALIDATION_ERROR)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                if operation.get("security"):
                    responses.setdefault(401, _answer("Unauthorized", "Error"))
                if "{" in path:
                    responses.setdefault(404, _answer("Not Found", "Error"))
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, _answer("Unprocessable Content", "ValidationError"))
        return schema


api = LamtheoAPI(
    title="lamtheo API",
    version="1",
    description=(
        "API của lamtheo. Xác thực bằng phiên đăng nhập hoặc tiêu đề "
        "`Authorization: Bearer <mã>` (lệnh `lamtheo api-token TÊN_ĐĂNG_NHẬP`).\n\n"
        "lamtheo API. Authenticate with the browser session or `Authorization: Bearer <token>` "
        "(`lamtheo api-token USERNAME` prints one)."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=methods("GET"),
)


@api.exception_handler(ValidationError)
def _validation_error(request, error):
    """An upload stopped for its size (lamtheo/files/upload.py) arrives without its file; say
    that, instead of "field required"."""
    if getattr(request, "upload_too_large", False):
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        return api.create_response(
            request, {"detail": _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit}}, status=413
        )
    return api.create_response(request, {"detail": error.errors}, status=422)


api.add_router("/accounts/", accounts_router)
api.add_router("/", org_router)
api.add_router("/", files_router)
api.add_router("/", documents_router)
api.add_router("/", plans_router)
api.add_router("/", honours_router)
api.add_router("/reporting/", reporting_router)
api.add_router("/oversight/", oversight_router)


def _json_under_api(status: HTTPStatus, page):
    """Django's error answer for `status`, in JSON under the API prefix: a path no operation
    matches (`/api/v1/org-units/a%2Fb`, a trailing slash) or an error outside ninja would
    otherwise give an API client the HTML page meant for people."""

    def handler(request, *args, **kwargs):
        if request.path_info.startswith(settings.API_PREFIX):
            return JsonResponse({"detail": status.phrase}, status=status)
        return page(request, *args, **kwargs)

    return handler


bad_request = _json_under_api(HTTPStatus.BAD_REQUEST, defaults.bad_request)
permission_denied = _json_under_api(HTTPStatus.FORBIDDEN, defaults.permission_denied)
page_not_found = _json_under_api(HTTPStatus.NOT_FOUND, defaults.page_not_found)
server_error = _json_under_api(HTTPStatus.INTERNAL_SERVER_ERROR, defaults.server_error)
