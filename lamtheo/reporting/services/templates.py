"""The writers of report templates. A version in use by a request is never changed: revising
it makes the next version, and the running requests keep theirs."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import OrgUnit
from lamtheo.plans.models import Indicator
from lamtheo.vn.errors import gettext_noop

from .. import figures
from ..domain import ReportingError
from ..models import Role, Section, SectionKind, Template
from .common import locked, may_write, text

MAX_SECTIONS = 40


@dataclass
class SectionSpec:
    kind: str
    title: str
    role: str = Role.OTHER
    guidance: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)


def standard_sections(indicators=(), figure_keys=()) -> list[SectionSpec]:
    """The usual order of a Party report: results (with the figures and the indicator table),
    limitations, causes, tasks ahead."""
    sections = [
        SectionSpec(SectionKind.NARRATIVE, "Kết quả đạt được", Role.RESULTS),
    ]
    if figure_keys:
        sections.append(
            SectionSpec(SectionKind.FIGURES, "Một số kết quả nổi bật", figures=list(figure_keys))
        )
    if indicators:
        sections.append(
            SectionSpec(
                SectionKind.INDICATORS, "Kết quả thực hiện các chỉ tiêu", indicators=[*indicators]
            )
        )
    sections += [
        SectionSpec(SectionKind.NARRATIVE, "Hạn chế", Role.LIMITATIONS),
        SectionSpec(SectionKind.NARRATIVE, "Nguyên nhân", Role.CAUSES),
        SectionSpec(SectionKind.NARRATIVE, "Nhiệm vụ, giải pháp thời gian tới", Role.TASKS),
    ]
    return sections


def _check(sections: list[SectionSpec]) -> None:
    if not sections:
        raise ReportingError(gettext_noop("Mẫu báo cáo cần ít nhất một phần."), field="sections")
    if len(sections) > MAX_SECTIONS:
        raise ReportingError(
            gettext_noop("Mẫu báo cáo có nhiều nhất %(limit)s phần."),
            field="sections",
            limit=MAX_SECTIONS,
        )
    for number, spec in enumerate(sections, start=1):
        where = {"field": "sections", "number": number}
        if spec.kind not in SectionKind.values:
            raise ReportingError(gettext_noop("Phần %(number)s: hãy chọn loại phần."), **where)
        if spec.role not in Role.values:
            raise ReportingError(gettext_noop("Phần %(number)s: vai trò không hợp lệ."), **where)
        spec.title = (spec.title or "").strip()
        if not spec.title or len(spec.title) > 300:
            raise ReportingError(
                gettext_noop("Phần %(number)s: hãy nhập tiêu đề (tối đa 300 ký tự)."), **where
            )
        if spec.kind == SectionKind.INDICATORS and not spec.indicators:
            raise ReportingError(
                gettext_noop("Phần %(number)s: bảng chỉ tiêu cần ít nhất một chỉ tiêu."), **where
            )
        unknown = [key for key in spec.figures if key not in figures.FIGURES]
        if spec.kind == SectionKind.FIGURES and (not spec.figures or unknown):
            raise ReportingError(
                gettext_noop("Phần %(number)s: hãy chọn số liệu tự động trong danh mục."), **where
            )


def _write_sections(template: Template, sections: list[SectionSpec]) -> None:
    template.sections.all().delete()
    for position, spec in enumerate(sections, start=1):
        section = Section.objects.create(
            template=template,
            position=position,
            kind=spec.kind,
            role=spec.role,
            title=spec.title,
            guidance=(spec.guidance or "").strip(),
            figures=list(spec.figures) if spec.kind == SectionKind.FIGURES else [],
        )
        if spec.kind == SectionKind.INDICATORS:
            section.indicators.set(spec.indicators)


@transaction.atomic
def create_template(
    *, unit: OrgUnit, code: str, name: str, sections: list[SectionSpec], by
) -> Template:
    may_write(unit, by)
    name = text(name, "name", _("tên mẫu báo cáo"), 300)
    code = text(code, "code", _("mã mẫu"), 40).lower()
    if Template.objects.filter(unit=unit, code=code).exists():
        raise ReportingError(
            gettext_noop("Đơn vị đã có mẫu báo cáo mã «%(code)s»."), field="code", code=code
        )
    _check(sections)
    template = Template.objects.create(unit=unit, code=code, name=name, created_by=by)
    _write_sections(template, sections)
    return template


@transaction.atomic
def revise_template(
    *, template: Template, name: str, sections: list[SectionSpec], by, version: int | None
) -> Template:
    """Change a template. In use, the change becomes the next version (returned); the one in
    use stays as it was."""
    may_write(template.unit, by)
    name = text(name, "name", _("tên mẫu báo cáo"), 300)
    _check(sections)
    current = locked(Template, template, version, _("Mẫu báo cáo"))
    latest = (
        Template.objects.filter(unit=current.unit, code=current.code).order_by("-number").first()
    )
    if latest.pk != current.pk:
        raise ReportingError(
            gettext_noop("Đã có phiên bản mới hơn (v%(number)s): hãy sửa phiên bản đó."),
            field="version",
            number=latest.number,
        )
    if current.in_use:
        current.version -= 1  # this version is not written
        new = Template.objects.create(
            unit=current.unit,
            code=current.code,
            number=current.number + 1,
            name=name,
            created_by=by,
        )
        _write_sections(new, sections)
        return new
    current.name = name
    current.save(update_fields=["name", "version"])
    _write_sections(current, sections)
    return current
