"""The oversight area's files: an inspection's conclusion as the Party's .docx, and as Excel its
findings and recommendations, a criteria set (in the columns its upload reads, so an export
imports again), a round's ranking and one unit's scoring sheet.

Each file holds what the person downloading it may see: an inspected commune's conclusion
carries the general findings and its own part only."""

import re
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.documents.models import Document
from lamtheo.reporting.render import render_docx
from lamtheo.web import methods

from .. import official, selectors
from ..models import (
    CONDITION_LABELS,
    CriteriaSet,
    Evaluation,
    EvaluationStatus,
    Finding,
    FixState,
    Grade,
    Inspection,
    Recommendation,
    Response,
    Round,
    Section,
)
from .workbooks import Bold, Sheet, workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The columns of a criteria set's workbook: the ones its upload reads, in this order.
CRITERIA_HEADERS = ["Số thứ tự", "Nội dung tiêu chí", "Điểm tối đa", "Minh chứng", "Căn cứ"]
SOURCES_SEPARATOR = "; "


def _stem(text: str, fallback: str) -> str:
    """A file name from a number: 15-TB/TU gives 15-TB-TU; Vietnamese letters stay.

    >>> _stem("15-TB/ĐU", "x"), _stem("", "ket-luan-3")
    ('15-TB-ĐU', 'ket-luan-3')
    """
    return re.sub(r"[^\w.-]+", "-", text).strip("-.") or fallback


def _inspection(request, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "unit", "decision", "decision__unit", "programme", "programme__unit"
        ),
        pk=pk,
    )


@methods("GET")
def conclusion_docx(request, inspection):
    found = _inspection(request, inspection)
    data = render_docx(official.document_of(found, request.user))
    events.log(Entry.Action.EXPORT, obj=found, request=request, detail={"what": "conclusion"})
    response = HttpResponse(data, content_type=DOCX)
    name = f"{_stem(found.number, f'ket-luan-{found.pk}')}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _last(recommendation: Recommendation):
    return recommendation.latest[0] if recommendation.latest else None


@methods("GET")
def inspection_xlsx(request, inspection):
    found = _inspection(request, inspection)
    user, today = request.user, timezone.localdate()
    order = {section: index for index, section in enumerate(Section.values)}
    findings = sorted(
        Finding.objects.visible_to(user).filter(inspection=found).select_related("unit"),
        key=lambda f: (order[f.section], f.position, f.pk),
    )
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(inspection=found)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "responses", queryset=Response.objects.order_by("-at", "-pk"), to_attr="latest"
            )
        )
        .order_by("position", "pk")
    )
    sections, states, steps = (
        dict(Section.choices),
        dict(FixState.choices),
        dict(Response.Step.choices),
    )
    heading = [
        found.title,
        _("%(unit)s, từ %(start)s đến %(end)s")
        % {
            "unit": found.unit.name,
            "start": found.starts_on.strftime("%d/%m/%Y"),
            "end": found.ends_on.strftime("%d/%m/%Y"),
        },
    ]
    rows = []
    for number, r in enumerate(recommendations, start=1):
        last = _last(r)
        rows.append(
            [
                number,
                r.owner.name,
                r.text,
                r.deadline,
                str(states[r.state]),
                _("Có") if r.overdue(today) else _("Không"),
                r.fixed_on,
                f"{steps[last.step]}: {last.text}" if last else "",
                last.evidence if last else "",
                last.at if last else None,
            ]
        )
    events.log(Entry.Action.EXPORT, obj=found, request=request, detail={"what": "inspection"})
    return workbook(
        f"ket-luan-kiem-tra-{found.pk}.xlsx",
        [
            Sheet(
                _("Kết luận"),
                [_("Phần"), _("Về đơn vị"), _("Nội dung")],
                [
                    [str(sections[f.section]), f.unit.name if f.unit else _("Chung"), f.text]
                    for f in findings
                ],
                heading=heading,
            ),
            Sheet(
                _("Kiến nghị"),
                [
                    _("STT"),
                    _("Đơn vị thực hiện"),
                    _("Nội dung kiến nghị"),
                    _("Hạn khắc phục"),
                    _("Tình trạng"),
                    _("Quá hạn"),
                    _("Ngày xác nhận đã khắc phục"),
                    _("Phản hồi gần nhất"),
                    _("Minh chứng"),
                    _("Thời điểm phản hồi"),
                ],
                rows,
                heading=heading,
            ),
        ],
    )


@methods("GET")
def criteria_xlsx(request, criteria_set):
    found = get_object_or_404(CriteriaSet.objects.visible_to(request.user), pk=criteria_set)
    criteria = list(found.criteria.prefetch_related("sources").order_by("position"))
    cited = {d.pk for c in criteria for d in c.sources.all()}
    seen = set(
        Document.objects.visible_to(request.user).filter(pk__in=cited).values_list("pk", flat=True)
    )
    rows = [
        [
            c.code,
            c.title,
            c.max_points,
            c.evidence,
            SOURCES_SEPARATOR.join(d.symbol or d.title for d in c.sources.all() if d.pk in seen),
        ]
        for c in criteria
    ]
    events.log(Entry.Action.EXPORT, obj=found, request=request)
    return workbook(
        f"tieu-chi-{found.code}-v{found.number}.xlsx",
        [Sheet(found.name, list(CRITERIA_HEADERS), rows, text_columns=(0,))],
    )


def _share(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) * 100 / total).quantize(Decimal("0.1"))


@methods("GET")
def ranking_xlsx(request, evaluation_round):
    found = get_object_or_404(
        Round.objects.visible_to(request.user).select_related("unit"), pk=evaluation_round
    )
    ranking = selectors.ranking(found)
    grades, statuses = dict(Grade.choices), dict(EvaluationStatus.choices)
    rows = [
        [
            row.rank,
            row.evaluation.unit.name,
            row.evaluation.self_total,
            row.total,
            str(grades.get(row.grade, "")),
            str(statuses[row.evaluation.status]),
        ]
        for row in ranking.rows
    ]
    rows += [
        [None, e.unit.name, e.self_total, None, "", str(statuses[e.status])]
        for e in ranking.waiting
    ]
    where = {"unit": found.unit.name, "period": found.period}
    heading = [found.title, _("%(unit)s, kỳ %(period)s") % where]
    if ranking.provisional:
        heading.append(
            _("Kết quả tạm thời: %(count)s phiếu chưa thẩm định xong.")
            % {"count": ranking.provisional}
        )
    ranked = len(ranking.rows)
    after = [Bold([_("Xếp loại"), _("Số đơn vị"), _("Tỷ lệ (%)")])]
    after += [
        [str(grades[grade]), count, _share(count, ranked)]
        for grade, count in ranking.distribution.items()
    ]
    if ranking.breaches:
        after += [[], Bold([_("Vượt tỷ lệ tối đa"), _("Số đơn vị"), _("Tối đa được phép")])]
        after += [[str(grades[b.grade]), b.count, b.allowed] for b in ranking.breaches]
    events.log(Entry.Action.EXPORT, obj=found, request=request, detail={"what": "ranking"})
    return workbook(
        f"xep-hang-{found.pk}.xlsx",
        [
            Sheet(
                _("Xếp hạng"),
                [
                    _("Hạng"),
                    _("Đơn vị"),
                    _("Tự chấm"),
                    _("Thẩm định"),
                    _("Xếp loại"),
                    _("Trạng thái"),
                ],
                rows,
                heading=heading,
                after=after,
            )
        ],
    )


@methods("GET")
def sheet_xlsx(request, evaluation):
    found = get_object_or_404(
        Evaluation.objects.visible_to(request.user).select_related(
            "round", "round__criteria_set", "unit"
        ),
        pk=evaluation,
    )
    lines = selectors.sheet(found)
    rows = []
    for row in lines:
        criterion, score = row.criterion, row.score
        if criterion.is_group:
            rows.append(Bold([criterion.code, criterion.title, criterion.max_points]))
            continue
        rows.append(
            [
                criterion.code,
                criterion.title,
                criterion.max_points,
                score.self_points if score else None,
                score.evidence if score else "",
                score.review_points if score else None,
                score.review_comment if score else "",
            ]
        )
    maximum = sum(
        (r.criterion.max_points for r in lines if r.criterion.parent_id is None), Decimal(0)
    )
    grades, statuses = dict(Grade.choices), dict(EvaluationStatus.choices)
    after = [
        Bold(["", _("Tổng cộng"), maximum, found.self_total, "", found.review_total]),
        ["", _("Xếp loại"), str(grades.get(found.grade, ""))],
    ]
    if found.conditions:
        met = "; ".join(str(CONDITION_LABELS.get(c, c)) for c in found.conditions)
        after.append(["", _("Điều kiện đạt"), met])
    if found.comment:
        after.append(["", _("Nhận xét chung"), found.comment])
    if found.reason:
        after.append(["", _("Lý do trả lại"), found.reason])
    events.log(Entry.Action.EXPORT, obj=found, request=request, detail={"what": "sheet"})
    return workbook(
        f"phieu-danh-gia-{found.pk}.xlsx",
        [
            Sheet(
                _("Phiếu đánh giá"),
                [
                    _("Số thứ tự"),
                    _("Nội dung tiêu chí"),
                    _("Điểm tối đa"),
                    _("Điểm tự chấm"),
                    _("Minh chứng"),
                    _("Điểm thẩm định"),
                    _("Nhận xét"),
                ],
                rows,
                heading=[
                    found.round.title,
                    found.unit.name,
                    _("Trạng thái: %(status)s") % {"status": statuses[found.status]},
                ],
                after=after,
                text_columns=(0,),
            )
        ],
    )
