from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.web import client_ip

from . import lockout


def lock_message(lock: lockout.Lock) -> str:
    minutes = lock.minutes_left()
    if lock.by_address:
        return ngettext(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau %(n)d phút.",
            "Có quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau %(n)d phút.",
            minutes,
        ) % {"n": minutes}
    return ngettext(
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Hãy thử lại sau %(n)d phút "
        "hoặc liên hệ quản trị hệ thống.",
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Hãy thử lại sau %(n)d phút "
        "hoặc liên hệ quản trị hệ thống.",
        minutes,
    ) % {"n": minutes}


def refuse_if_locked(request, username: str) -> None:
    """Raise the lock message (and record the refused attempt) when sign-in is locked."""
    lock = lockout.lock_for(username, client_ip(request))
    if lock is not None:
        events.log(
            Entry.Action.SIGN_IN_BLOCKED,
            username=username,
            request=request,
            detail={"until": lock.until.isoformat(), "by_address": lock.by_address},
        )
        raise forms.ValidationError(lock_message(lock), code="locked")


def note_failure(request, username: str) -> None:
    """After a failed attempt: if it was the one that locked the account, say so."""
    lock = lockout.account_lock(username)
    if lock is not None:
        events.log(
            Entry.Action.LOCKED,
            username=username,
            request=request,
            detail={"until": lock.until.isoformat()},
        )
        raise forms.ValidationError(lock_message(lock), code="locked")


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or password is None:
            return self.cleaned_data
        refuse_if_locked(self.request, username)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            note_failure(self.request, username)  # the failure itself is logged by the signal
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Mã xác thực gồm 6 chữ số."))
        return code
