"""The consolidated report's header form: what the issuing unit writes above and below the
compiled body. The rules (the number's form and style, lengths) live in services.update_report;
the form reads the Vietnamese date and shows the service's message on the field it names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField
from lamtheo.web import translated

from .domain import ReportingError
from .models import Report

FIELDS = [
    "number",
    "place",
    "signed_on",
    "superior",
    "issuer",
    "abstract",
    "authority",
    "signer_title",
    "signer",
    "recipients",
]


class ReportForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 499-BC/TU; để trống khi chưa lấy số"),
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signed_on = VietnameseDateField(label=_("Ngày ban hành"), required=False)
    superior = forms.CharField(label=_("Cơ quan cấp trên"), max_length=200, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    abstract = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=60, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def of(cls, report: Report, data=None) -> "ReportForm":
        initial = {name: getattr(report, name) for name in FIELDS}
        initial["version"] = report.version
        return cls(data, initial=initial)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*FIELDS, "version"]}


def show(form: forms.Form, error: ReportingError) -> None:
    """The service's message on the field it names; a changed version or a field the form has
    not (the unit, the report) on the form as a whole."""
    visible = error.field in form.fields and not form.fields[error.field].widget.is_hidden
    form.add_error(error.field if visible else None, translated(error))
