"""Forms of the honours area. The rules live in domain.py and services/; a form reads what was
typed (Vietnamese dates, a decision number as written) and shows the services' messages on the
field they name."""

from datetime import timedelta

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField, resolve, show, writable_units
from lamtheo.documents.models import writable_unit_ids
from lamtheo.org.models import OrgUnit
from lamtheo.plans.forms import OneUnitChosen, UnitChoice
from lamtheo.plans.models import Programme

from .models import Field, Form, Kind, Level, Movement

__all__ = ["show"]


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several photos and files at once; a phone offers its camera for them."""

    widget = MultipleFiles(attrs={"accept": "image/*,.pdf,.doc,.docx,.xlsx"})

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def recordable_units(user):
    """The units a case may be recorded for: where the user writes, today's first, then those
    their units carry on from (a commune of before the 2025 reform, for its cases of then)."""
    units = OrgUnit.objects.all()
    if not user.is_superuser:
        units = units.filter(pk__in=writable_unit_ids(user))
    return units.order_by(F("valid_to").desc(nulls_first=True), "name")


class DatedUnitChoice(UnitChoice):
    """A unit, with the day it ended when it no longer exists: two communes may share a name
    across the 2025 reform."""

    def label_from_instance(self, obj):
        if obj.valid_to is None:
            return obj.name
        last = obj.valid_to - timedelta(days=1)
        return _("%(name)s (đến %(day)s)") % {"name": obj.name, "day": last.strftime("%d/%m/%Y")}


class CaseForm(OneUnitChosen, forms.Form):
    unit = DatedUnitChoice(label=_("Đơn vị quản lý"))
    kind = forms.ChoiceField(
        label=_("Tập thể hay cá nhân"), choices=Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Tên tập thể, cá nhân"),
        max_length=200,
        help_text=_("Ví dụ: Đoàn Thanh niên xã Mường Luân; hoặc họ tên một người"),
    )
    position = forms.CharField(
        label=_("Chức vụ, nơi công tác (cá nhân)"), max_length=200, required=False
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(active=True), empty_label=_("— Chọn —")
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    title = forms.CharField(label=_("Tên mô hình, cách làm"), max_length=300)
    story = forms.CharField(
        label=_("Nội dung, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    movement = forms.ModelChoiceField(
        label=_("Phong trào thi đua"), queryset=Movement.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Kế hoạch, chương trình"), queryset=Programme.objects.none(), required=False
    )
    source = forms.CharField(label=_("Nguồn"), max_length=300, required=False)
    files = FilesField(
        label=_("Ảnh, tệp minh chứng"),
        required=False,
        help_text=_("Ảnh chụp (JPG, PNG), PDF, Word; có thể chọn nhiều tệp"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = recordable_units(user)
        self.fields["movement"].queryset = Movement.objects.visible_to(user).order_by("-starts_on")[
            :200
        ]
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("-pk")[:200]
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = timezone.localdate().year


class EditCaseForm(CaseForm):
    """An edit keeps the case's unit, which may be a unit of before the 2025 reform."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk=case.unit_id)
        self.fields["files"].label = _("Thêm ảnh, tệp minh chứng")


def choosable_units(user):
    """Units a movement or a replication may name: the user's, valid today, without cells."""
    return (
        OrgUnit.objects.visible_to(user)
        .valid_on(timezone.localdate())
        .exclude(kind="cell")
        .order_by("name")
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(VersionForm):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CommendForm(VersionForm):
    form = forms.ModelChoiceField(
        label=_("Hình thức"), queryset=Form.objects.filter(active=True), empty_label=_("— Chọn —")
    )
    level = forms.ChoiceField(label=_("Cấp khen thưởng"), choices=Level.choices)
    issuer_name = forms.CharField(
        label=_("Cơ quan khen thưởng"),
        max_length=200,
        help_text=_("Ví dụ: Ban Thường vụ Tỉnh ủy"),
    )
    decision = forms.CharField(
        label=_("Số quyết định"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 123-QĐ/TU (văn bản Đảng) hoặc 15/QĐ-UBND (văn bản Nhà nước)"),
    )
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class ReplicateForm(VersionForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhân rộng"),
        queryset=OrgUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    since = VietnameseDateField(label=_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class EvidenceForm(forms.Form):
    files = FilesField(label=_("Ảnh, tệp minh chứng"))


class MovementForm(OneUnitChosen, forms.Form):
    unit = UnitChoice(label=_("Đơn vị phát động"))
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    document = forms.CharField(
        label=_("Văn bản phát động"),
        max_length=80,
        required=False,
        help_text=_("Số và ký hiệu, ví dụ 43-KH/TU; nếu trùng số, ghi thêm ngày"),
    )
    starts_on = VietnameseDateField(label=_("Từ ngày"))
    ends_on = VietnameseDateField(label=_("Đến ngày"), required=False)
    criteria = forms.CharField(
        label=_("Tiêu chí"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    results = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham gia"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = writable_units(user)
        self.fields["units"].queryset = choosable_units(user)

    def clean_document(self):
        text = (self.cleaned_data.get("document") or "").strip()
        return resolve(self.user, text) if text else None
