"""/api/v1/reporting/templates: the report templates the caller may see (a unit's own and those
of the levels above it), each version with its sections."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema

from lamtheo.api_types import RecordId

from .. import figures
from ..models import Template
from .common import NOT_FOUND, ReportingUnit, Window, page, router, under, unit_filter, unit_ref


class TemplateOut(Schema):
    id: int
    unit: ReportingUnit = Field(..., description="The unit that built it")
    code: str
    number: int = Field(..., description="The template's version number (v1, v2...)")
    name: str
    in_use: bool = Field(..., description="Used by a request: editing it makes the next version")
    created_at: datetime
    version: int


class TemplatePage(Schema):
    items: list[TemplateOut]
    count: int


class IndicatorRef(Schema):
    code: str
    name: str
    measure: str
    aggregation: str


class FigureRef(Schema):
    key: str
    label: str


class SectionOut(Schema):
    id: int = Field(..., description="The key of its text in a submission's `narratives`")
    position: int
    kind: str = Field(..., description="narrative, indicators or figures")
    role: str = Field(..., description="results, limitations, causes, tasks, other")
    title: str
    guidance: str
    indicators: list[IndicatorRef]
    figures: list[str] = Field(..., description="The keys of the figures computed")


class TemplateDetail(TemplateOut):
    sections: list[SectionOut]
    figure_catalogue: list[FigureRef] = Field(..., description="Every figure a section may ask")


class TemplateFilters(Window):
    unit: str = Field("", max_length=40, description="Templates of this unit and those under it")
    code: str = Field("", max_length=40)


def _template(template: Template) -> dict:
    return {
        "id": template.pk,
        "unit": unit_ref(template.unit),
        "code": template.code,
        "number": template.number,
        "name": template.name,
        "in_use": template.in_use,
        "created_at": template.created_at,
        "version": template.version,
    }


def _section(section) -> dict:
    return {
        "id": section.pk,
        "position": section.position,
        "kind": section.kind,
        "role": section.role,
        "title": section.title,
        "guidance": section.guidance,
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "measure": i.measure,
                "aggregation": i.aggregation,
            }
            for i in sorted(section.indicators.all(), key=lambda i: i.code)
        ],
        "figures": list(section.figures),
    }


@router.get(
    "/templates",
    response={200: TemplatePage, **NOT_FOUND},
    summary="Report templates the caller may see, by code, newest version first",
)
def list_templates(request, filters: Query[TemplateFilters]):
    user = request.auth
    found = Template.objects.visible_to(user).select_related("unit")
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        found = found.filter(under(unit))
    if filters.code:
        found = found.filter(code=filters.code)
    return page(found.order_by("code", "-number", "pk"), filters, _template)


@router.get(
    "/templates/{int:template}",
    response={200: TemplateDetail, **NOT_FOUND},
    summary="A template version with its sections, their indicators and computed figures",
)
def get_template(request, template: RecordId):
    found = get_object_or_404(
        Template.objects.visible_to(request.auth).select_related("unit"), pk=template
    )
    sections = found.sections.order_by("position").prefetch_related("indicators")
    return {
        **_template(found),
        "sections": [_section(s) for s in sections],
        "figure_catalogue": [{"key": k, "label": label} for k, label in figures.choices()],
    }
