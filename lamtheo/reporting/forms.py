"""Forms of the reporting area. The rules live in domain.py and services/; a form reads what
was typed and shows the services' messages on the field they name. Values of a submission are
passed to the services as typed ("1.567", "12,8"): they read the Vietnamese digits and say which
indicator is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField, writable_units
from lamtheo.documents.models import Document
from lamtheo.org.models import Kind as UnitKind
from lamtheo.plans.forms import RULES, OneUnitChosen, UnitChoice
from lamtheo.plans.models import Indicator
from lamtheo.web import translated

from . import figures, services
from .models import Kind, Role, SectionKind, Template

EXTRA_SECTIONS = 3
RECENT_DOCUMENTS = 100


def show(form: forms.Form, error) -> None:
    """A service's error on the visible field it names, else above the form (a stale
    `version` is about the whole form)."""
    field = form.fields.get(error.field or "")
    name = error.field if field is not None and not field.widget.is_hidden else None
    form.add_error(name, translated(error))


class TemplateForm(OneUnitChosen, forms.Form):
    """A template in the usual order of a Party report: results, the computed figures, the
    indicator table, limitations, causes, tasks ahead, and up to three more narrative parts."""

    unit = UnitChoice(label=_("Đơn vị xây dựng"))
    code = forms.CharField(
        label=_("Mã mẫu"),
        max_length=40,
        help_text=_(
            "Chữ thường không dấu, số và dấu gạch ngang, ví dụ bao-cao-nam; không đổi được"
        ),
    )
    name = forms.CharField(label=_("Tên mẫu báo cáo"), max_length=300)
    indicators = forms.ModelMultipleChoiceField(
        label=_("Bảng chỉ tiêu: các chỉ tiêu đơn vị phải báo cáo"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    figures = forms.MultipleChoiceField(
        label=_("Số liệu tự động (tính từ dữ liệu của các phân hệ khi tổng hợp)"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, template: Template | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.template = template
        self.fields["indicators"].queryset = Indicator.objects.visible_to(user).order_by("code")
        self.fields["indicators"].label_from_instance = lambda i: (
            f"{i.name} ({i.measure})" if i.measure else i.name
        )
        self.fields["figures"].choices = figures.choices()
        for number in range(1, EXTRA_SECTIONS + 1):
            self.fields[f"extra_{number}"] = forms.CharField(
                label=_("Phần lời thêm %(number)s: tiêu đề") % {"number": number},
                max_length=300,
                required=False,
                help_text=_("Để trống nếu không cần") if number == 1 else "",
            )
        if template is None:
            self.fields["unit"].queryset = writable_units(user)
            del self.fields["version"]
        else:
            del self.fields["unit"], self.fields["code"]

    def sections(self) -> list:
        data = self.cleaned_data
        specs = services.standard_sections(list(data["indicators"]), list(data["figures"]))
        extras = [data.get(f"extra_{n}", "").strip() for n in range(1, EXTRA_SECTIONS + 1)]
        specs += [services.SectionSpec(SectionKind.NARRATIVE, t, Role.OTHER) for t in extras if t]
        if self.template is not None:  # keep the guidance written for a part of the same name
            guidance = {
                (s.kind, s.title): s.guidance for s in self.template.sections.all() if s.guidance
            }
            for spec in specs:
                spec.guidance = guidance.get((spec.kind, spec.title), "")
        return specs


def template_initial(template: Template) -> dict:
    """What the form shows for a template: its indicators, figures and extra parts."""
    sections = list(template.sections.order_by("position").prefetch_related("indicators"))
    standard = {s.title for s in services.standard_sections()} | {
        "Một số kết quả nổi bật",
        "Kết quả thực hiện các chỉ tiêu",
    }
    extras = [
        s.title for s in sections if s.kind == SectionKind.NARRATIVE and s.title not in standard
    ]
    initial = {
        "name": template.name,
        "version": template.version,
        "indicators": [i for s in sections for i in s.indicators.all()],
        "figures": [key for s in sections if s.kind == SectionKind.FIGURES for key in s.figures],
    }
    for number, title in enumerate(extras[:EXTRA_SECTIONS], start=1):
        initial[f"extra_{number}"] = title
    return initial


class RequestForm(OneUnitChosen, forms.Form):
    """A request to the units under the issuing unit: its children, or every unit of a kind in
    its subtree, as the hierarchy stands on a date."""

    unit = UnitChoice(label=_("Đơn vị yêu cầu"))
    template = forms.ModelChoiceField(label=_("Mẫu báo cáo"), queryset=Template.objects.none())
    title = forms.CharField(label=_("Tên báo cáo"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Kind.choices, initial=Kind.YEAR)
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=12,
        help_text=_(
            "Năm (2026), 6 tháng đầu năm (2026-H1), quý (2026-Q2), tháng (2026-05) "
            "hoặc giai đoạn, nhiệm kỳ (2021-2024)"
        ),
    )
    document = forms.TypedChoiceField(
        label=_("Văn bản được sơ kết, tổng kết"), coerce=int, required=False, choices=[]
    )
    deadline = VietnameseDateField(label=_("Hạn nộp"))
    rule = forms.ChoiceField(label=_("Gửi đến"), choices=RULES[1:], initial="children")
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", "—"), *UnitKind.choices],
        required=False,
        help_text=_("Chỉ khi gửi đến mọi đơn vị một loại, ví dụ mọi đảng ủy xã"),
    )
    as_of = VietnameseDateField(
        label=_("Theo cơ cấu tại ngày"),
        required=False,
        help_text=_("Để trống: theo cơ cấu hôm nay"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = writable_units(user)
        self.fields["template"].queryset = (
            Template.objects.visible_to(user).select_related("unit").order_by("code", "-number")
        )
        self.fields["template"].label_from_instance = lambda t: f"{t.name} (v{t.number})"
        documents = Document.objects.visible_to(user).order_by("-issued_on", "-pk")
        recent = list(documents.values_list("pk", "symbol", "title")[:RECENT_DOCUMENTS])
        chosen = self.data.get("document") or self.initial.get("document")
        if str(chosen or "").isdigit() and int(chosen) not in {pk for pk, *_r in recent}:
            recent += list(documents.filter(pk=int(chosen)).values_list("pk", "symbol", "title"))
        self.fields["document"].choices = [
            ("", _("— Không có —")),
            *[
                (pk, f"{symbol} · {title[:80]}" if symbol else title[:90])
                for pk, symbol, title in recent
            ],
        ]

    def clean_period(self):
        code = self.cleaned_data["period"].strip()
        try:
            return services.period_of(code).code
        except services.ReportingError as error:
            raise forms.ValidationError(translated(error)) from None

    def clean_document(self):
        pk = self.cleaned_data.get("document")
        if not pk:
            return None
        found = Document.objects.visible_to(self.user).filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(_("Hãy chọn văn bản trong danh sách."))
        return found


class SubmissionForm(forms.Form):
    """One textarea per narrative part, one text box per indicator of the template; fields
    `section-<section id>` and `value-<indicator id>`."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections, values=None, texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        values, texts = values or {}, texts or {}
        self.narrative_names, self.value_names = {}, {}
        self.by_section: dict[int, list[str]] = {}
        for section in sections:
            names = self.by_section.setdefault(section.pk, [])
            if section.kind == SectionKind.NARRATIVE:
                name = f"section-{section.pk}"
                self.fields[name] = forms.CharField(
                    label=section.title,
                    required=False,
                    strip=False,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    help_text=section.guidance,
                    initial=texts.get(section.pk, ""),
                )
                self.narrative_names[name] = section.pk
                names.append(name)
            elif section.kind == SectionKind.INDICATORS:
                for indicator in section.indicators.all():
                    name = f"value-{indicator.pk}"
                    if name in self.fields:
                        continue
                    label = indicator.name
                    if indicator.measure:
                        label = f"{label} ({indicator.measure})"
                    self.fields[name] = forms.CharField(
                        label=label,
                        required=False,
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "60"}),
                        help_text=_("Ví dụ 1.567 hoặc 12,8"),
                        initial=values.get(indicator.pk, ""),
                    )
                    self.value_names[name] = indicator.pk
                    names.append(name)
        self.fields["note"] = forms.CharField(
            label=_("Ghi chú lần sửa"), max_length=500, required=False
        )

    def parts(self, sections) -> list:
        """(section, its bound fields) in the template's order, for the page."""
        return [(s, [self[name] for name in self.by_section.get(s.pk, [])]) for s in sections]

    def _posted(self, names: dict) -> dict:
        """What was sent: a field the request left out is left as it is."""
        return {
            pk: self.cleaned_data.get(name, "") for name, pk in names.items() if name in self.data
        }

    def values(self) -> dict:
        return self._posted(self.value_names)

    def narratives(self) -> dict:
        return self._posted(self.narrative_names)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        required=False,  # the service says what is missing
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc: đơn vị cần biết phải sửa gì"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
