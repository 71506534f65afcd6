"""Forms of the evaluation pages: a criteria set (its outline typed one row a line, or read
from an .xlsx workbook with the same columns: evaluation_outline.py), opening a round, and
changing a round's deadlines, scale and quota. The rules live in domain.py and services/; a
form reads what was typed (Vietnamese numbers and dates, document numbers) and shows the
services' messages on the field they name, an outline's row named by the line (or the Excel
row) it came from."""

from decimal import Decimal

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField, writable_units
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.plans import services as plans
from lamtheo.plans.domain import PlansError
from lamtheo.plans.forms import RULES, OneUnitChosen, UnitChoice
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import VnError
from lamtheo.vn.numbers import format_number, parse_number
from lamtheo.web import translated

from .domain import Node, OversightError
from .evaluation_outline import (
    NO_OUTLINE,
    ROW,
    Lookup,
    document_names,
    outline_text,
    parse_outline,
    placed,
    read_outline,
    say,
    split_sources,
)
from .models import CONDITION_LABELS, CriteriaSet, Grade
from .services import CONDITIONS


def show(form: forms.Form, error, fields: dict | None = None) -> None:
    """A service's error on the visible field it names (through `fields` when the form calls
    it otherwise), else above the form."""
    name = (fields or {}).get(error.field or "", error.field or "")
    field = form.fields.get(name)
    form.add_error(name if field is not None and not field.widget.is_hidden else None,
                   translated(error))  # fmt: skip


class CriteriaSetForm(OneUnitChosen, forms.Form):
    unit = UnitChoice(label=_("Đơn vị xây dựng"))
    code = forms.SlugField(
        label=_("Mã bộ tiêu chí"),
        max_length=40,
        help_text=_("Chữ không dấu, số và dấu gạch ngang, ví dụ kl01; không đổi được"),
    )
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=300)
    sources = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Số, ký hiệu văn bản, mỗi dòng một văn bản: 01-KL/TW, 21-KL/TW, 144-QĐ/TW"),
    )
    outline = forms.CharField(
        label=_("Các tiêu chí"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "outline"}),
        help_text=_(
            "Mỗi dòng một mục: số thứ tự | nội dung | điểm tối đa | minh chứng | căn cứ. "
            "Nhóm tiêu chí để trống điểm (bằng tổng các tiêu chí dưới nó). Ví dụ: "
            "«1 | Công tác lãnh đạo» rồi «1.1 | Ban hành kế hoạch | 7,5 | Kế hoạch | 01-KL/TW»"
        ),
    )
    upload = forms.FileField(
        label=_("Hoặc tải lên tệp Excel (.xlsx)"),
        required=False,
        help_text=_(
            "Dòng 1 là tiêu đề: Số thứ tự, Nội dung tiêu chí, Điểm tối đa, Minh chứng yêu cầu, "
            "Căn cứ. Tệp thay cho các dòng nhập ở trên; có lỗi thì không lưu dòng nào."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, criteria_set: CriteriaSet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.criteria_set = criteria_set
        self.nodes, self.lines, self.source = [], [], "outline"
        if criteria_set is None:
            self.fields["unit"].queryset = writable_units(user)
            del self.fields["version"]
        else:
            del self.fields["unit"], self.fields["code"]

    def clean_sources(self) -> list:
        found, problems = [], []
        lookup = Lookup(self.user)
        for number, line in enumerate(self.cleaned_data["sources"].splitlines(), start=1):
            for item in split_sources(line):
                doc, problem = lookup(item)
                if problem:
                    problems.append(say(ROW, number=number, detail=problem))
                else:
                    found.append(doc)
        if problems:
            raise forms.ValidationError(problems)
        return list({d.pk: d for d in found}.values())

    def clean(self):
        data = super().clean()
        try:
            if data.get("upload"):
                self.source = "upload"
                self.nodes, self.lines = read_outline(data["upload"], self.user)
            elif (data.get("outline") or "").strip():
                self.nodes, self.lines = parse_outline(data["outline"], self.user)
            elif "outline" not in self.errors:
                self.add_error("outline", say(NO_OUTLINE))
        except forms.ValidationError as error:
            self.add_error(self.source, error)
        return data

    def refused(self, error: OversightError) -> None:
        show(self, placed(error, self.lines), {"criteria": self.source})


def criteria_initial(criteria_set: CriteriaSet, nodes: list[Node], user) -> dict:
    names = document_names(user, criteria_set.sources.order_by("issued_on", "pk"))
    return {
        "name": criteria_set.name,
        "version": criteria_set.version,
        "sources": "\n".join(name for name in names.values() if name),
        "outline": outline_text(nodes, user),
    }


# --- Rounds ---------------------------------------------------------------------------------


class PointsField(forms.CharField):
    """Points or a percentage as Vietnamese writes them: 90, 7,5, 20%."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # no max_length: its validator reads the number
        self.widget.attrs.update({"inputmode": "decimal", "class": "points", "maxlength": "20"})

    def prepare_value(self, value):
        return format_number(value.normalize()) if isinstance(value, Decimal) else value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()[:20].rstrip("%").strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except VnError as error:
            raise forms.ValidationError(translated(error)) from None


# The bands of the scale, highest first, with the form's field for each one's minimum.
BANDS = (
    (Grade.EXCELLENT, "min_excellent"),
    (Grade.GOOD, "min_good"),
    (Grade.DONE, "min_done"),
    (Grade.NOT_DONE, "min_not_done"),
)
SCALE_FIELDS = ("min_excellent", "min_good", "min_done", "min_not_done", "conditions", "quota")


class ScaleForm(forms.Form):
    """The thresholds of Quy định 366-QĐ/TW unless changed, the conditions of the top grade
    and the largest share of it."""

    min_excellent = PointsField(label=_("Hoàn thành xuất sắc nhiệm vụ: từ (điểm)"), initial="90")
    min_good = PointsField(label=_("Hoàn thành tốt nhiệm vụ: từ (điểm)"), initial="70")
    min_done = PointsField(label=_("Hoàn thành nhiệm vụ: từ (điểm)"), initial="50")
    min_not_done = PointsField(
        label=_("Không hoàn thành nhiệm vụ: từ (điểm)"),
        initial="0",
        help_text=_("Mức thấp nhất, luôn là 0"),
    )
    conditions = forms.MultipleChoiceField(
        label=_("Điều kiện để được xếp loại Hoàn thành xuất sắc nhiệm vụ"),
        choices=[(key, CONDITION_LABELS[key]) for key in CONDITIONS],
        required=False,
        initial=list(CONDITIONS),
        widget=forms.CheckboxSelectMultiple,
    )
    quota = PointsField(
        label=_("Tối đa % xuất sắc"),
        required=False,
        help_text=_(
            "Tỷ lệ đơn vị Hoàn thành xuất sắc nhiệm vụ tối đa, ví dụ 20; để trống: không giới hạn"
        ),
    )

    def clean(self):
        data = super().clean()
        upper = None
        for grade, name in BANDS:
            value = data.get(name)
            if value is None:
                if name not in self.errors:
                    self.add_error(name, gettext("Hãy nhập ngưỡng điểm."))
                upper = None
                continue
            if upper is not None and value >= upper[1]:
                self.add_error(
                    name,
                    gettext("Phải thấp hơn ngưỡng %(grade)s (%(points)s điểm).")
                    % {"grade": Grade(upper[0]).label, "points": format_number(upper[1])},
                )
            upper = (grade, value)
        last = data.get("min_not_done")
        if last is not None and last != 0 and "min_not_done" not in self.errors:
            self.add_error("min_not_done", gettext("Mức thấp nhất là 0 điểm."))
        quota = data.get("quota")
        if quota is not None and not Decimal(0) <= quota <= Decimal(100):
            self.add_error("quota", gettext("Tỷ lệ tối đa phải từ 0 đến 100%."))
        return data

    def scale(self) -> list:
        data = self.cleaned_data
        return [
            {
                "grade": grade.value,
                "minimum": str(data[name]),
                "conditions": list(data["conditions"]) if grade == Grade.EXCELLENT else [],
            }
            for grade, name in BANDS
        ]

    def quotas(self) -> dict:
        quota = self.cleaned_data.get("quota")
        return {} if quota is None else {Grade.EXCELLENT.value: str(quota)}

    def scale_fields(self) -> list:
        return [self[name] for name in SCALE_FIELDS]


def scale_initial(scale: list, quotas: dict) -> dict:
    """The form's fields for a stored scale and quotas."""
    initial = {}
    names = dict(BANDS)
    for band in scale:
        name = names.get(band.get("grade"))
        if name:
            initial[name] = Decimal(str(band["minimum"]))
        if band.get("grade") == Grade.EXCELLENT:
            initial["conditions"] = list(band.get("conditions", ()))
    share = (quotas or {}).get(Grade.EXCELLENT.value)
    initial["quota"] = None if share in (None, "") else Decimal(str(share))
    return initial


def latest_sets(user):
    """The newest version of every criteria set the user sees."""
    newer = CriteriaSet.objects.filter(
        unit_id=OuterRef("unit_id"), code=OuterRef("code"), number__gt=OuterRef("number")
    )
    return CriteriaSet.objects.visible_to(user).exclude(Exists(newer))


class RoundForm(OneUnitChosen, ScaleForm):
    """A round over the units under the opening unit (under its parent for a committee's
    department such as the Ban Tuyên giáo): its children, or every unit of a kind, as the
    hierarchy stood on a date."""

    unit = UnitChoice(label=_("Đơn vị đánh giá"))
    criteria_set = forms.ModelChoiceField(
        label=_("Bộ tiêu chí"), queryset=CriteriaSet.objects.none(), empty_label=_("— Chọn —")
    )
    title = forms.CharField(label=_("Tên đợt đánh giá"), max_length=500)
    period = forms.CharField(
        label=_("Kỳ đánh giá"),
        max_length=12,
        help_text=_(
            "Năm (2024), 6 tháng (2024-H1), quý (2024-Q2), tháng (2024-05) "
            "hoặc giai đoạn (2021-2025)"
        ),
    )
    self_deadline = VietnameseDateField(label=_("Hạn tự chấm"))
    review_deadline = VietnameseDateField(label=_("Hạn thẩm định"))
    rule = forms.ChoiceField(label=_("Chọn đơn vị"), choices=RULES[1:], initial="children")
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", "—"), *UnitKind.choices],
        required=False,
        help_text=_("Chỉ khi đánh giá mọi đơn vị một loại, ví dụ mọi đảng ủy xã"),
    )
    as_of = VietnameseDateField(label=_("Theo cơ cấu tại ngày"), required=False)

    field_order = ["unit", "criteria_set", "title", "period", "self_deadline", "review_deadline",
                   "rule", "unit_kind", "as_of", *SCALE_FIELDS]  # fmt: skip

    def __init__(self, *args, user, chosen: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = writable_units(user)
        sets = latest_sets(user)
        if chosen:
            sets = sets | CriteriaSet.objects.visible_to(user).filter(pk=chosen)
        sets = sets.select_related("unit").order_by("name", "-number")
        self.fields["criteria_set"].queryset = sets
        self.fields["criteria_set"].label_from_instance = lambda s: (
            f"{s.name} (v{s.number}) · {s.unit.name}"
        )
        self.fields["as_of"].initial = timezone.localdate()

    def clean_period(self):
        try:
            return Period.from_code(self.cleaned_data["period"].strip()).code
        except VnError as error:
            raise forms.ValidationError(translated(error)) from None

    def groups(self) -> list:
        """(legend, bound fields) for the page's fieldsets."""
        head = ("unit", "criteria_set", "title", "period", "self_deadline", "review_deadline")
        return [
            ("", [self[n] for n in head]),
            (gettext("Đơn vị được đánh giá"), [self[n] for n in ("rule", "unit_kind", "as_of")]),
            (gettext("Thang xếp loại (mặc định theo Quy định 366-QĐ/TW)"), self.scale_fields()),
        ]

    def chosen_units(self) -> list | None:
        """The units the rule names (None, with the problem on its field, when there are
        none). A department chooses among its committee's units, never itself or the
        committee's other departments."""
        data = self.cleaned_data
        unit, day = data["unit"], data.get("as_of") or timezone.localdate()
        root = unit
        if unit.kind == UnitKind.BODY:
            root = org.parent(unit, as_of=day) or unit
        try:
            units = plans.choose_units(
                root=root, rule=data["rule"], as_of=day, kind=data.get("unit_kind") or ""
            )
        except PlansError as error:
            show(self, error, {"kind": "unit_kind"})
            return None
        units = [
            u
            for u in units
            if u.pk != unit.pk
            and not (root.pk != unit.pk and data["rule"] == "children" and u.kind == UnitKind.BODY)
        ]
        if not units:
            self.add_error("rule", gettext("Không có đơn vị nào như vậy để đánh giá."))
            return None
        return units


class RoundEditForm(ScaleForm):
    title = forms.CharField(label=_("Tên đợt đánh giá"), max_length=500)
    self_deadline = VietnameseDateField(label=_("Hạn tự chấm"))
    review_deadline = VietnameseDateField(label=_("Hạn thẩm định"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["title", "self_deadline", "review_deadline", *SCALE_FIELDS]


def round_initial(round_) -> dict:
    return {
        "title": round_.title,
        "self_deadline": round_.self_deadline,
        "review_deadline": round_.review_deadline,
        "version": round_.version,
        **scale_initial(round_.scale, round_.quotas),
    }
