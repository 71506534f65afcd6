"""Sign-in with an optional second step (an authenticator app code), and the account page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.web import methods

from . import two_factor
from .forms import CodeForm, SignInForm, note_failure, refuse_if_locked
from .models import Notification, User

PENDING = "lamtheo_pending_sign_in"
PENDING_SECONDS = 300
NEW_SECRET = "lamtheo_new_totp_secret"  # noqa: S105 - a session key name


class SignInView(LoginView):
    """Password first; then, for a user with an authenticator app (or who must have one), the
    code. Until the code is right the user is not signed in: the session only remembers who
    passed the first step, for five minutes."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        has_device = two_factor.device_of(user) is not None
        if not has_device and not two_factor.required_for(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("accounts:two_factor" if has_device else "accounts:two_factor_enrol")


def _pending(request) -> tuple[dict, User] | None:
    data = request.session.get(PENDING)
    if not data or time.time() - data["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return (data, user) if user is not None else None


def _finish(request, user: User, data: dict):
    request.session.pop(PENDING, None)
    user.backend = data["backend"]
    login(request, user)
    target = data.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = settings.LOGIN_REDIRECT_URL
    return redirect(target)


def _expired(request):
    if request.user.is_authenticated:  # already through: nothing pending to finish
        return redirect(settings.LOGIN_REDIRECT_URL)
    messages.error(request, _("Phiên đăng nhập đã hết hạn, hãy đăng nhập lại."))
    return redirect("accounts:login")


@never_cache
@sensitive_post_parameters("code")
@login_not_required
@methods("GET", "POST")
def two_factor_step(request):
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    data, user = pending
    device = two_factor.device_of(user)
    if device is None:
        return redirect("accounts:two_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refuse_if_locked(request, user.get_username())
            if two_factor.verify(device, form.cleaned_data["code"]):
                return _finish(request, user, data)
            events.log(
                Entry.Action.SIGN_IN_FAILED,
                subject=user,
                request=request,
                detail={"step": "two_factor"},
            )
            note_failure(request, user.get_username())
        except ValidationError as error:
            request.session.pop(PENDING, None)
            messages.error(request, error.messages[0])
            return redirect("accounts:login")
        form.add_error("code", _("Mã xác thực không đúng hoặc đã được dùng."))
    return render(request, "accounts/two_factor.html", {"form": form, "person": user})


def _enrol(request, user: User, done, template: str, extra: dict):
    """Show a new secret as a QR code until the user confirms it with a first code."""
    secret = request.session.get(NEW_SECRET) or two_factor.new_secret()
    request.session[NEW_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.enable(user, secret, form.cleaned_data["code"]) is not None:
            request.session.pop(NEW_SECRET, None)
            return done()
        form.add_error("code", _("Mã chưa đúng: kiểm tra giờ trên điện thoại rồi nhập mã mới."))
    uri = two_factor.provisioning_uri(user, secret)
    context = {
        "form": form,
        "qr": mark_safe(two_factor.qr_svg(uri)),  # noqa: S308 - segno's own SVG markup
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        **extra,
    }
    return render(request, template, context)


@never_cache
@sensitive_post_parameters("code")
@login_not_required
@methods("GET", "POST")
def two_factor_enrol(request):
    """Users who must use two-factor sign-in set it up before their first sign-in completes."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    data, user = pending
    return _enrol(
        request,
        user,
        lambda: _finish(request, user, data),
        "accounts/two_factor_enrol.html",
        {"required": True, "person": user},
    )


@never_cache
@sensitive_post_parameters()
@methods("GET", "POST")
def account(request):
    """The signed-in user's account: password and two-factor sign-in."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "device": two_factor.device_of(user),
            "required": two_factor.required_for(user),
            "off_form": CodeForm(),
        },
    )


@never_cache
@sensitive_post_parameters("code")
@methods("GET", "POST")
def account_two_factor(request):
    def done():
        messages.success(request, _("Đã bật xác thực hai bước."))
        return redirect("accounts:account")

    return _enrol(request, request.user, done, "accounts/two_factor_enrol.html", {})


@sensitive_post_parameters("code")
@methods("POST")
def account_two_factor_off(request):
    """Turning it off takes a current code, and is refused where the setting requires it."""
    user = request.user
    device = two_factor.device_of(user)
    form = CodeForm(request.POST)
    if device is None:
        return redirect("accounts:account")
    if two_factor.required_for(user):
        messages.error(request, _("Tài khoản của bạn bắt buộc dùng xác thực hai bước."))
    elif form.is_valid() and two_factor.verify(device, form.cleaned_data["code"]):
        two_factor.disable(user)
        messages.success(request, _("Đã tắt xác thực hai bước."))
    else:
        messages.error(request, _("Mã xác thực không đúng hoặc đã được dùng."))
    return redirect("accounts:account")


@methods("GET")
def notifications(request):
    """The user's notices, newest first (reminders of deadlines, new requests)."""
    notices = list(Notification.objects.visible_to(request.user).select_related("unit")[:200])
    return render(request, "accounts/notifications.html", {"notices": notices})


@methods("POST")
def notification_open(request, notification):
    """Mark a notice read and go to what it is about."""
    notice = get_object_or_404(Notification.objects.visible_to(request.user), pk=notification)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    target = notice.url
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("accounts:notifications")
    return redirect(target)


@methods("POST")
def notifications_read(request):
    Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    return redirect("accounts:notifications")
