from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.models import User

from .models import Kind, Membership


class AsOfForm(forms.Form):
    """The date the hierarchy is shown as of (`?ngay=16/05/2024`) and an optional search."""

    ngay = forms.DateField(label=_("Tại ngày"), required=False)
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)
    loai = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *Kind.choices]
    )

    def as_of(self):
        return (self.cleaned_data.get("ngay") if self.is_valid() else None) or timezone.localdate()


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("Không có người dùng '%(name)s'."), params={"name": username}
            ) from None
