"""API authentication (bearer token or session) and the accounts routes."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, SessionAuth

from . import services


class BearerToken(HttpBearer):
    """`Authorization: Bearer lt_...` as printed by `lamtheo api-token USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str):
        user = services.authenticate_api_token(raw=token)
        if user is not None:
            request.user = user
        return user


class ActiveSession(SessionAuth):
    """The browser's session; unsafe methods also need the CSRF token (ninja checks it)."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerToken(), ActiveSession()]

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    position: str
    email: str
    is_staff: bool
    language: str


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest):
    user = request.auth
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        position=user.position,
        email=user.email,
        is_staff=user.is_staff,
        language=getattr(request, "LANGUAGE_CODE", "vi"),
    )
