from django import forms
from django.utils.translation import gettext_lazy as _

from .capture import audited_models
from .models import Entry


def _model_choices():
    choices = [
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in audited_models()
    ]
    return [("", _("Tất cả")), *sorted(choices, key=lambda c: c[1])]


class SearchForm(forms.Form):
    """The admins' search over the trail: `/nhat-ky/?nguoi=tinh&don_vi=T11&tu_ngay=01/01/2026`."""

    nguoi = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    don_vi = forms.CharField(
        label=_("Đơn vị (mã)"),
        required=False,
        max_length=40,
        help_text=_("Gồm cả các đơn vị trực thuộc."),
    )
    loai = forms.ChoiceField(label=_("Loại bản ghi"), required=False, choices=_model_choices)
    hanh_dong = forms.ChoiceField(
        label=_("Hành động"), required=False, choices=[("", _("Tất cả")), *Entry.Action.choices]
    )
    tu_ngay = forms.DateField(label=_("Từ ngày"), required=False)
    den_ngay = forms.DateField(label=_("Đến ngày"), required=False)
    truoc = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and end < start:
            self.add_error("den_ngay", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
