"""Forms of the plans area. The rules live in domain.py and services.py; a form reads what was
typed (Vietnamese dates and numbers, document numbers) and shows the services' messages on the
field they name."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField, resolve, show, writable_units
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind, OrgUnit
from lamtheo.vn.errors import VnError
from lamtheo.vn.numbers import format_number, parse_number
from lamtheo.web import translated

from . import services
from .models import (
    Aggregation,
    Cascade,
    Direction,
    Indicator,
    Programme,
    Rating,
    Target,
    Task,
    Theme,
)

__all__ = ["show"]


class UnitChoice(forms.ModelChoiceField):
    """One of the user's units (the form sets which); with `OneUnitChosen`, when there is only
    one to choose it is chosen already."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, queryset=OrgUnit.objects.none(), empty_label=_("— Chọn đơn vị —"), **kwargs
        )


class OneUnitChosen:
    """A form whose unit field starts on the user's only unit, if they have just one."""

    def get_initial_for_field(self, field, field_name):
        value = super().get_initial_for_field(field, field_name)
        if value is None and isinstance(field, UnitChoice):
            units = list(field.queryset[:2])
            if len(units) == 1:
                return units[0].pk
        return value


RULES = [
    ("one", _("Một đơn vị")),
    ("children", _("Mọi đơn vị trực thuộc (theo cơ cấu tại ngày)")),
    ("kind", _("Mọi đơn vị một loại trong hệ thống (theo cơ cấu tại ngày)")),
]


class DocumentField(forms.CharField):
    """A registered document named by its number and symbol ("129-KH/TU", with " ngày 2/12/2022"
    when the number was used twice)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Số và ký hiệu, ví dụ 129-KH/TU; nếu trùng số, ghi thêm ngày")
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return getattr(value, "symbol", value)


class VietnameseNumberField(forms.Field):
    """A number as Vietnamese writes it - 1.567, 12,8, 12,8% - read by the toolkit, which says
    exactly what is wrong ("sau dấu '.' phải có đúng 3 chữ số"). The services check its size."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "40"})

    def prepare_value(self, value):
        return format_number(value.normalize()) if isinstance(value, Decimal) else value

    def to_python(self, value):
        if isinstance(value, Decimal) or value is None:
            return value
        text = str(value).strip()
        text = text[:-1].rstrip() if text.endswith("%") else text
        if not text:
            return None
        try:
            return parse_number(text)
        except VnError as error:
            raise forms.ValidationError(translated(error)) from None


class UserForm(OneUnitChosen, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def _document(self, name: str):
        text = (self.cleaned_data.get(name) or "").strip()
        return resolve(self.user, text) if text else None


class ThemeForm(UserForm):
    unit = UnitChoice(label=_("Đơn vị"))
    period = forms.CharField(
        label=_("Năm hoặc nhiệm kỳ"),
        max_length=12,
        help_text=_("Ví dụ 2026, hoặc nhiệm kỳ 2025-2030"),
    )
    text = forms.CharField(label=_("Chủ đề"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.ModelChoiceField(
        label=_("Theo chủ đề của cấp trên"), queryset=Theme.objects.none(), required=False
    )
    document = DocumentField(label=_("Văn bản xác định chủ đề"))

    def __init__(self, *args, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(self.user)
        self.fields["parent"].queryset = Theme.objects.visible_to(self.user).select_related("unit")
        self.fields["parent"].label_from_instance = lambda t: f"{t.unit.name} {t.period}"
        if theme is not None:
            self.fields["unit"].disabled = True

    def clean_document(self):
        return self._document("document")


class ProgrammeForm(UserForm):
    unit = UnitChoice(label=_("Đơn vị"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Programme.Kind.choices)
    title = forms.CharField(label=_("Tên"), max_length=500)
    period = forms.CharField(
        label=_("Năm hoặc nhiệm kỳ"), max_length=12, required=False, help_text=_("Ví dụ 2026")
    )
    document = DocumentField(label=_("Văn bản ban hành (nếu đã đăng ký)"))
    implements = DocumentField(
        label=_("Thực hiện văn bản"), help_text=_("Ví dụ 01-KL/TW, 05-CT/TW")
    )

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(self.user)
        if programme is not None:
            self.fields["unit"].disabled = True

    def clean_document(self):
        return self._document("document")

    def clean_implements(self):
        return self._document("implements")


class IndicatorForm(UserForm):
    """An indicator of the catalogue; its unit and code are chosen once, when it is created."""

    unit = UnitChoice(label=_("Đơn vị xây dựng"))
    code = forms.CharField(
        label=_("Mã chỉ tiêu"),
        max_length=40,
        help_text=_("Chữ thường không dấu, số và dấu gạch ngang, ví dụ ho-ngheo; không đổi được"),
    )
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    measure = forms.CharField(
        label=_("Đơn vị tính"), max_length=40, required=False, help_text=_("Ví dụ: hộ, %, người")
    )
    aggregation = forms.ChoiceField(
        label=_("Cách tổng hợp"),
        choices=Aggregation.choices,
        help_text=_("Số liệu của cấp trên tính từ số liệu các đơn vị trực thuộc thế nào"),
    )
    direction = forms.ChoiceField(label=_("Chiều đánh giá"), choices=Direction.choices)
    weight = forms.ModelChoiceField(
        label=_("Trọng số"),
        queryset=Indicator.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("Chỉ với trung bình có trọng số: chỉ tiêu làm trọng số, ví dụ số hộ"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        weights = Indicator.objects.visible_to(self.user).exclude(
            aggregation=Aggregation.WEIGHTED_AVERAGE
        )
        if indicator is None:
            self.fields["unit"].queryset = writable_units(self.user)
            del self.fields["version"]
        else:
            del self.fields["unit"], self.fields["code"]
            weights = weights.exclude(pk=indicator.pk)
        self.fields["weight"].queryset = weights.order_by("code")
        self.fields["weight"].label_from_instance = lambda i: f"{i.code} – {i.name}"


class TargetForm(OneUnitChosen, forms.Form):
    """A unit's target for a period. `target` and `version` say which target the form showed:
    an existing target of the unit and period is changed only as the user saw it."""

    unit = UnitChoice(label=_("Đơn vị được giao"))
    period = forms.CharField(
        label=_("Kỳ"),
        max_length=12,
        help_text=_("Ví dụ 2026, 2026-H1 (6 tháng đầu năm), nhiệm kỳ 2025-2030"),
    )
    kind = forms.ChoiceField(
        label=_("Loại chỉ tiêu"), choices=Target._meta.get_field("kind").choices
    )
    value = VietnameseNumberField(
        label=_("Giá trị"),
        required=False,
        help_text=_("Ví dụ 95 hoặc 12,8; chỉ tiêu tăng trưởng: % mỗi năm"),
    )
    value_max = VietnameseNumberField(
        label=_("Giá trị cuối khoảng"),
        required=False,
        help_text=_("Chỉ tiêu theo khoảng, ví dụ 12,8 – 13: giá trị là 12,8, cuối khoảng là 13"),
    )
    baseline_period = forms.CharField(
        label=_("Kỳ gốc"),
        max_length=12,
        required=False,
        help_text=_("Chỉ tiêu tăng trưởng: kỳ so sánh, ví dụ 2020"),
    )
    target = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class FocusForm(forms.Form):
    title = forms.CharField(label=_("Tên chương trình trọng tâm"), max_length=500)


def unit_choices(root: OrgUnit) -> list:
    """The root and its units today: the owner a task or cascade names one by one."""
    below = org.children(root).order_by("name")
    return [(root.pk, root.name), *[(u.pk, u.name) for u in below]]


class ChooseUnits(forms.Form):
    """Which units: one of the programme unit's, its children on a date, or every unit of a
    kind in its subtree on a date."""

    rule = forms.ChoiceField(label=_("Giao cho"), choices=RULES, initial="one")
    owner = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, choices=[])
    as_of = VietnameseDateField(label=_("Theo cơ cấu tại ngày"), required=False)
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"), choices=[("", "—"), *Kind.choices], required=False
    )

    def __init__(self, *args, root: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = root
        self.fields["owner"].choices = [("", "—"), *unit_choices(root)]

    def chosen(self):
        """(units, how they were chosen) - the services check that each is under the root."""
        data = self.cleaned_data
        day = data.get("as_of") or timezone.localdate()
        if data["rule"] == "one":
            if not data.get("owner"):
                raise services.PlansError(services.gettext_noop("Hãy chọn đơn vị."), field="owner")
            unit = OrgUnit.objects.get(pk=data["owner"])
            return [unit], unit.name
        units = services.choose_units(
            root=self.root, rule=data["rule"], as_of=day, kind=data.get("unit_kind") or ""
        )
        label = dict(RULES)[data["rule"]]
        if data["rule"] == "kind":
            label = f"{dict(Kind.choices)[data['unit_kind']]}"
        return units, f"{label} · {self.root.name} · {day:%d/%m/%Y} ({len(units)})"


class TaskForm(ChooseUnits):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    focus = forms.TypedChoiceField(
        label=_("Chương trình trọng tâm"), coerce=int, required=False, choices=[]
    )
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = VietnameseDateField(label=_("Thời hạn"), required=False)
    partners = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"), coerce=int, required=False, choices=[]
    )

    field_order = ["title", "focus", "rule", "owner", "as_of", "unit_kind", "partners"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, root=programme.unit, **kwargs)
        self.fields["focus"].choices = [
            ("", "—"),
            *[(f.pk, f"{f.position}. {f.title}") for f in programme.focuses.all()],
        ]
        self.fields["partners"].choices = unit_choices(programme.unit)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Task.Status.choices)
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, initial=0)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CascadeForm(ChooseUnits):
    action = forms.ChoiceField(label=_("Yêu cầu"), choices=Cascade.Action.choices)
    title = forms.CharField(label=_("Nội dung yêu cầu"), max_length=500)
    deadline = VietnameseDateField(label=_("Thời hạn"))

    field_order = ["action", "title", "deadline", "rule", "owner", "as_of", "unit_kind"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, root=programme.unit, **kwargs)
        self.fields["rule"].choices = RULES[1:]
        self.fields["rule"].initial = "children"
        del self.fields["owner"]


class CompleteForm(UserForm):
    document = DocumentField(label=_("Văn bản của đơn vị (kế hoạch, báo cáo...)"))
    theme = forms.ModelChoiceField(
        label=_("Chủ đề đơn vị đã xác định"), queryset=Theme.objects.none(), required=False
    )
    event = forms.CharField(
        label=_("Sự kiện"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Hội nghị quán triệt ngày 15/3/2026"),
    )
    done_on = VietnameseDateField(label=_("Ngày hoàn thành"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(unit=item.unit)
        self.fields["theme"].label_from_instance = lambda t: f"{t.period}: {t.text[:80]}"

    def clean_document(self):
        return self._document("document")


class CommitmentForm(OneUnitChosen, forms.Form):
    unit = UnitChoice(label=_("Chi bộ / đơn vị"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    member = forms.CharField(
        label=_("Đảng viên"),
        max_length=120,
        required=False,
        help_text=_("Để trống nếu là đăng ký của tập thể đơn vị"),
    )
    content = forms.CharField(
        label=_("Nội dung đăng ký làm theo"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user)


class AssessForm(forms.Form):
    midyear = forms.CharField(
        label=_("Tự đánh giá 6 tháng"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    yearend = forms.CharField(
        label=_("Tự đánh giá cuối năm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    self_rating = forms.ChoiceField(
        label=_("Tự xếp loại"), choices=[("", "—"), *Rating.choices], required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
