"""The JSON API at /api/v1/, described at /api/v1/openapi.json. Each area adds its router here."""

from ninja import NinjaAPI

from lamtheo.accounts.api import API_AUTH
from lamtheo.accounts.api import router as accounts_router
from lamtheo.files.api import router as files_router
from lamtheo.org.api import router as org_router
from lamtheo.web import methods

api = NinjaAPI(
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

api.add_router("/accounts/", accounts_router)
api.add_router("/", org_router)
api.add_router("/", files_router)
