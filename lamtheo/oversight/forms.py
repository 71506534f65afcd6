"""Forms of the inspection pages. The rules live in domain.py and services/; a form reads what
was typed - Vietnamese dates, document numbers one a line, the team one member a line, unit
codes one a line - names the line that is wrong, and shows the services' messages on the field
they name. (The criteria set and round forms are in evaluation_forms.py.)"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.forms import VietnameseDateField, resolve, writable_units
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.org.models import OrgUnit
from lamtheo.plans import services as plans
from lamtheo.plans.domain import PlansError
from lamtheo.plans.forms import DocumentField, OneUnitChosen, UnitChoice
from lamtheo.plans.models import Programme as PlanProgramme
from lamtheo.vn.text import fold
from lamtheo.web import translated

from . import services
from .models import Kind, Programme, Section, Stage

MAX_LINES = 500
MAX_PARAGRAPH = services.inspections.MAX_TEXT

# The roles in a delegation, as the page shows them and as a person may type them.
ROLE_LABELS = {
    "lead": _("Trưởng đoàn"),
    "deputy": _("Phó trưởng đoàn"),
    "member": _("Thành viên"),
    "secretary": _("Thư ký"),
}
_ROLE_WORDS = {
    word: role
    for role, words in {
        "lead": ("lead", "truong doan", "truong"),
        "deputy": ("deputy", "pho doan", "pho truong doan", "pho truong"),
        "member": ("member", "thanh vien", "thanh vien doan"),
        "secretary": ("secretary", "thu ky", "thu ky doan"),
    }.items()
    for word in words
}


def show(form: forms.Form, error) -> None:
    """A service's error on the visible field it names, else above the form (a stale
    `version` is about the whole form)."""
    field = form.fields.get(error.field or "")
    name = error.field if field is not None and not field.widget.is_hidden else None
    form.add_error(name, translated(error))


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each line that is not blank."""
    found = [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), start=1)]
    found = [(n, line) for n, line in found if line]
    if len(found) > MAX_LINES:
        raise forms.ValidationError(gettext("Nhiều nhất %(limit)s dòng.") % {"limit": MAX_LINES})
    return found


def _on_line(number: int, reason: str) -> forms.ValidationError:
    return forms.ValidationError(
        gettext("Dòng %(number)s: %(reason)s") % {"number": number, "reason": reason}
    )


def parse_team(text: str) -> list[dict]:
    """'Họ tên | chức vụ | vai trò' a line; the role as the services store it (lead, deputy,
    member, secretary) or in Vietnamese (Trưởng đoàn...), a member when left out."""
    team = []
    for number, line in _lines(text):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 3:
            raise _on_line(number, gettext("ghi họ tên | chức vụ | vai trò, không quá 3 phần."))
        name, title, role = [*parts, "", ""][:3]
        if not name:
            raise _on_line(number, gettext("hãy ghi họ tên trước dấu |."))
        key = _ROLE_WORDS.get(" ".join(fold(role).split())) if role else "member"
        if key is None:
            raise _on_line(
                number,
                gettext(
                    "vai trò «%(role)s» không hợp lệ: ghi Trưởng đoàn, Phó trưởng đoàn, "
                    "Thành viên hoặc Thư ký."
                )
                % {"role": role[:60]},
            )
        team.append({"name": name, "title": title, "role": key})
    return team


def team_text(team: list) -> str:
    """The stored team as the textarea shows it."""
    rows = []
    for member in team or []:
        role = ROLE_LABELS.get(member.get("role"), ROLE_LABELS["member"])
        rows.append(" | ".join([member.get("name", ""), member.get("title", ""), str(role)]))
    return "\n".join(rows)


def documents_text(documents) -> str:
    return "\n".join(_named(d) for d in documents)


def _named(document) -> str:
    """A document as a clerk names it again: its symbol with its day (resolve's way, so that a
    number used twice still names one document)."""
    if not document.symbol:
        return document.title
    return f"{document.symbol} ngày {document.issued_on:%d/%m/%Y}"


class CandidateUnits(forms.MultipleChoiceField):
    """Units ticked in a list; any id is taken here (the services say whether the unit may be
    inspected, by name), the form checks it is a unit the user sees."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


def reachable(root: OrgUnit) -> list[OrgUnit]:
    """The units the form offers to inspect from `root` today: its children, and for a
    committee's body (the Ban Tuyên giáo) the units beside it under the committee it serves."""
    found = list(org.children(root))
    parent = org.parent(root) if root.kind == UnitKind.BODY else None
    if parent is not None:
        found += [u for u in org.children(parent) if u.pk != root.pk]
    return found


class InspectionForm(forms.Form):
    """An inspection, a supervision or a working delegation: what, when, whom, by whom, on
    which documents and plans. The inspecting unit is chosen before (the list of units to
    tick is its own) and carried along."""

    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Kind.choices)
    title = forms.CharField(
        label=_("Nội dung kiểm tra, giám sát"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    programme = forms.TypedChoiceField(
        label=_("Thuộc chương trình kiểm tra, giám sát"), coerce=int, required=False, choices=[]
    )
    starts_on = VietnameseDateField(label=_("Từ ngày"), required=False)  # the services say
    ends_on = VietnameseDateField(label=_("Đến ngày"), required=False)
    targets = CandidateUnits(label=_("Đánh dấu trong danh sách"), required=False)
    codes = forms.CharField(
        label=_("Đơn vị khác được kiểm tra (mỗi dòng một mã đơn vị)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Các đơn vị cấp dưới nữa, ví dụ chi bộ, đảng ủy cơ sở"),
    )
    rule = forms.ChoiceField(
        label=_("Thêm cả"),
        required=False,
        choices=[
            ("", _("— Chỉ các đơn vị đã đánh dấu, đã ghi mã —")),
            ("children", _("Mọi đơn vị trực thuộc (theo cơ cấu ngày bắt đầu)")),
            ("kind", _("Mọi đơn vị một loại trong hệ thống (theo cơ cấu ngày bắt đầu)")),
        ],
    )
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", "—"), *UnitKind.choices],
        required=False,
        help_text=_("Chỉ khi thêm mọi đơn vị một loại, ví dụ mọi đảng ủy xã"),
    )
    team = forms.CharField(
        label=_("Thành viên đoàn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một người: Họ tên | chức vụ | vai trò (Trưởng đoàn, Phó trưởng đoàn, "
            "Thành viên, Thư ký)"
        ),
    )
    decision = DocumentField(label=_("Quyết định kiểm tra, giám sát"))
    documents = forms.CharField(
        label=_("Văn bản được kiểm tra việc thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Mỗi dòng một số và ký hiệu, ví dụ 01-KL/TW; nếu trùng số, ghi thêm ngày: "
            "01-KL/TW ngày 18/5/2021"
        ),
    )
    plans = forms.ModelMultipleChoiceField(
        label=_("Chương trình, kế hoạch được kiểm tra"),
        queryset=PlanProgramme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, root: OrgUnit, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.root = user, root
        if inspection is None:
            self.fields["unit"].queryset = writable_units(user)
            self.initial.setdefault("unit", root.pk)
            del self.fields["version"]
        else:
            del self.fields["unit"]
        programmes = Programme.objects.editable_by(user).filter(unit=root)
        self.fields["programme"].choices = [
            ("", _("— Không thuộc chương trình nào —")),
            *[(p.pk, f"{p.year} · {p.title}") for p in programmes.order_by("-year", "title")],
        ]
        self.fields["plans"].queryset = (
            PlanProgramme.objects.visible_to(user).select_related("unit").order_by("title")
        )
        self.fields["plans"].label_from_instance = lambda p: f"{p.title} ({p.unit.name})"
        if not self.fields["plans"].queryset.exists():
            del self.fields["plans"]
        candidates = {u.pk: u for u in reachable(root)}
        chosen = [str(v) for v in self.data.getlist("targets")] if self.is_bound else []
        chosen += [str(v) for v in self.initial.get("targets", [])]
        extra = [int(v) for v in chosen if v.isdigit() and int(v) not in candidates]
        if extra:
            for unit in OrgUnit.objects.visible_to(user).filter(pk__in=extra[:MAX_LINES]):
                candidates[unit.pk] = unit
        self.fields["targets"].choices = [(pk, u.name) for pk, u in candidates.items()]

    def clean_programme(self):
        pk = self.cleaned_data.get("programme")
        if not pk:
            return None
        found = Programme.objects.editable_by(self.user).filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(gettext("Hãy chọn chương trình trong danh sách."))
        return found

    def clean_targets(self):
        ids = [int(v) for v in self.cleaned_data.get("targets", [])]
        found = {u.pk: u for u in OrgUnit.objects.visible_to(self.user).filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise forms.ValidationError(gettext("Hãy chọn đơn vị trong danh sách."))
        return [found[pk] for pk in dict.fromkeys(ids)]

    def clean_codes(self):
        lines = _lines(self.cleaned_data.get("codes", ""))
        codes = [line.split()[0] for _n, line in lines]
        found = {u.code: u for u in OrgUnit.objects.visible_to(self.user).filter(code__in=codes)}
        for (number, _line), code in zip(lines, codes, strict=True):
            if code not in found:
                raise _on_line(
                    number,
                    gettext("không có đơn vị mã «%(code)s» mà bạn được xem.") % {"code": code[:40]},
                )
        return [found[code] for code in dict.fromkeys(codes)]

    def clean_team(self):
        return parse_team(self.cleaned_data.get("team", ""))

    def clean_decision(self):
        text = (self.cleaned_data.get("decision") or "").strip()
        return resolve(self.user, text) if text else None

    def clean_documents(self):
        found = []
        for number, line in _lines(self.cleaned_data.get("documents", "")):
            try:
                document = resolve(self.user, line)
            except forms.ValidationError as error:
                raise _on_line(number, " ".join(error.messages)) from None
            if document not in found:
                found.append(document)
        return found

    def clean(self):
        data = super().clean()
        units = [*data.get("targets", []), *data.get("codes", [])]
        rule = data.get("rule")
        if rule and "starts_on" in data:
            try:
                units += plans.choose_units(
                    root=self.root,
                    rule=rule,
                    as_of=data.get("starts_on") or timezone.localdate(),
                    kind=data.get("unit_kind") or "",
                )
            except PlansError as error:
                self.add_error("unit_kind" if error.field == "kind" else "rule", translated(error))
        data["units"] = list({u.pk: u for u in units}.values())
        return data

    def writes(self) -> dict:
        """The arguments the services take."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "targets": data["units"],
            "team": data["team"],
            "programme": data["programme"],
            "documents": data["documents"],
            "plans": list(data.get("plans", [])),
            "decision": data["decision"],
        }


def inspection_initial(inspection) -> dict:
    return {
        "kind": inspection.kind,
        "title": inspection.title,
        "programme": inspection.programme_id,
        "starts_on": inspection.starts_on,
        "ends_on": inspection.ends_on,
        "targets": [t.unit_id for t in inspection.targets.all()],
        "team": team_text(inspection.team),
        "decision": _named(inspection.decision) if inspection.decision_id else "",
        "documents": documents_text(inspection.documents.order_by("issued_on", "pk")),
        "plans": list(inspection.plans.values_list("pk", flat=True)),
        "version": inspection.version,
    }


class FindingsForm(forms.Form):
    """One textarea per section of the conclusion, general and for each inspected unit; each
    paragraph (a blank line between) becomes one finding. Fields `general-<section>` and
    `unit-<unit id>-<section>`."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units, findings, **kwargs):
        super().__init__(*args, **kwargs)
        texts: dict[str, list[str]] = {}
        for finding in findings:
            texts.setdefault(self._name(finding.unit_id, finding.section), []).append(finding.text)
        self.groups: list[tuple] = []
        for unit in [None, *units]:
            names = []
            for section, label in Section.choices:
                name = self._name(unit.pk if unit else None, section)
                self.fields[name] = forms.CharField(
                    label=label if unit is None else f"{label} – {unit.name}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    initial="\n\n".join(texts.get(name, [])),
                )
                names.append((name, section, unit))
            self.groups.append((unit, names))

    @staticmethod
    def _name(unit_id, section) -> str:
        return f"general-{section}" if unit_id is None else f"unit-{unit_id}-{section}"

    def parts(self) -> list:
        """(unit or None, its bound fields) for the page."""
        return [(unit, [self[name] for name, *_r in names]) for unit, names in self.groups]

    def clean(self):
        data = super().clean()
        specs = []
        for _unit, names in self.groups:
            for name, section, unit in names:
                for number, text in enumerate(_paragraphs(data.get(name, "")), start=1):
                    if len(text) > MAX_PARAGRAPH:
                        self.add_error(
                            name,
                            gettext("Đoạn %(number)s dài quá %(limit)s ký tự.")
                            % {"number": number, "limit": MAX_PARAGRAPH},
                        )
                    specs.append(services.FindingSpec(section=section, text=text, unit=unit))
        data["specs"] = specs
        return data


def _paragraphs(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").strip()
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


class ConclusionForm(forms.Form):
    """The conclusion's header and signature, as the .docx prints them."""

    number = forms.CharField(
        label=_("Số, ký hiệu thông báo kết luận"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ 15-TB/TU; để trống nếu chưa có số"),
    )
    signed_on = VietnameseDateField(label=_("Ngày ký"), required=False)  # the service says
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False,
                            help_text=_("Ví dụ Điện Biên"))  # fmt: skip
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ TỈNH ỦY ĐIỆN BIÊN; để trống: tên đơn vị kiểm tra"),
    )
    superior = forms.CharField(
        label=_("Cơ quan cấp trên"),
        max_length=200,
        required=False,
        help_text=_("Dòng trên tên cơ quan ban hành, nếu có; ví dụ ĐẢNG BỘ TỈNH ĐIỆN BIÊN"),
    )
    authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=60, required=False,
                                help_text=_("Ví dụ T/M BAN THƯỜNG VỤ"))  # fmt: skip
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False,
                                   help_text=_("Ví dụ PHÓ BÍ THƯ THƯỜNG TRỰC"))  # fmt: skip
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận, ví dụ: - Như trên,"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def conclusion_initial(inspection) -> dict:
    names = ("number", "signed_on", "place", "issuer", "superior", "authority",
             "signer_title", "signer", "recipients", "version")  # fmt: skip
    return {name: getattr(inspection, name) for name in names}


class RecommendationForm(forms.Form):
    """A recommendation to one inspected unit."""

    owner = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int, choices=[])
    text = forms.CharField(
        label=_("Nội dung kiến nghị"),
        max_length=MAX_PARAGRAPH,
        required=False,  # the service says what is missing
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = VietnameseDateField(label=_("Hạn khắc phục"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["owner"].choices = [("", _("— Chọn đơn vị —")),
                                        *[(u.pk, u.name) for u in units]]  # fmt: skip
        if len(units) == 1:
            self.initial.setdefault("owner", units[0].pk)

    def clean_owner(self):
        return self.units[self.cleaned_data["owner"]]


class RecommendationEditForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung kiến nghị"),
        max_length=MAX_PARAGRAPH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = VietnameseDateField(label=_("Hạn khắc phục"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResponseForm(forms.Form):
    """One step of the follow-up; which step is the button pressed."""

    text = forms.CharField(
        label=_("Nội dung"),
        max_length=MAX_PARAGRAPH,
        required=False,  # the service says what is missing
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label=_("Minh chứng"),
        max_length=MAX_PARAGRAPH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Văn bản, số liệu, hình ảnh... chứng minh đã khắc phục"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, judge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if judge:
            del self.fields["evidence"]
            self.fields["text"].label = _("Ý kiến của đơn vị kiểm tra")


class ProgrammeForm(OneUnitChosen, forms.Form):
    unit = UnitChoice(label=_("Đơn vị kiểm tra"))
    year = forms.CharField(label=_("Năm"), max_length=4, widget=forms.TextInput(
        attrs={"inputmode": "numeric"}))  # fmt: skip
    title = forms.CharField(label=_("Tên chương trình"), max_length=500)
    document = DocumentField(label=_("Văn bản ban hành chương trình (nếu đã đăng ký)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = writable_units(user)
        self.initial.setdefault("year", timezone.localdate().year)

    def clean_document(self):
        text = (self.cleaned_data.get("document") or "").strip()
        return resolve(self.user, text) if text else None


class ListFilter(forms.Form):
    """The inspection list's filters, read from the query string."""

    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    hinh_thuc = forms.ChoiceField(label=_("Hình thức"), required=False,
                                  choices=[("", _("Tất cả")), *Kind.choices])  # fmt: skip
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả")), *Stage.choices])  # fmt: skip
    don_vi = forms.CharField(label=_("Đơn vị (tên hoặc mã)"), required=False, max_length=100)

    def add_prefix(self, field_name):
        """The query string spells the names with hyphens (hinh-thuc, tinh-trang, don-vi)."""
        return field_name.replace("_", "-")
