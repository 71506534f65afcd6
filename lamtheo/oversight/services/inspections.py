"""The writers of inspections: the yearly programme, each inspection with its team and scope,
the conclusion's findings, and the recommendations followed up to "đã khắc phục".

Every writer checks the version the person read (two staff editing one inspection: the later
is told), and the follow-up of a recommendation keeps each step as a response, so the history
of what the unit reported and what the inspecting unit decided is never rewritten."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.org.models import OrgUnit
from lamtheo.plans.models import Programme as PlanProgramme
from lamtheo.vn.docnum import parse_doc_number
from lamtheo.vn.errors import VnError, gettext_noop

from .. import domain, tasks
from ..domain import OversightError
from ..models import (
    REVIEWERS,
    Finding,
    FixState,
    Inspection,
    Kind,
    Programme,
    Recommendation,
    Response,
    Section,
    Stage,
    Target,
)
from .common import holds, locked, may_write, reach, text

MAX_TARGETS = 2000
MAX_TEAM = 60
MAX_TEXT = 20_000
CONCLUSION_KINDS = ("TB", "KL", "BC")
TEAM_ROLES = ("lead", "deputy", "member", "secretary")
_STATES = dict(FixState.choices)


# --- Programmes -----------------------------------------------------------------------------


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 1945 <= year <= 2100:
        raise OversightError(gettext_noop("Năm phải từ 1945 đến 2100."), field="year")
    return year


@transaction.atomic
def create_programme(
    *, unit: OrgUnit, year, title: str, by, document: Document | None = None
) -> Programme:
    may_write(unit, by)
    return Programme.objects.create(
        unit=unit,
        year=_year(year),
        title=text(title, "title", _("tên chương trình"), 500),
        document=document,
        created_by=by,
    )


@transaction.atomic
def update_programme(
    *, programme: Programme, year, title: str, by, version: int | None, document=None
) -> Programme:
    may_write(programme.unit, by)
    current = locked(Programme, programme, version, _("Chương trình kiểm tra"))
    current.year = _year(year)
    current.title = text(title, "title", _("tên chương trình"), 500)
    current.document = document
    current.save(update_fields=["year", "title", "document", "version"])
    return current


# --- Inspections ----------------------------------------------------------------------------


@dataclass
class Member:
    name: str
    title: str = ""
    role: str = "member"


def _team(team: list) -> list[dict]:
    if len(team) > MAX_TEAM:
        raise OversightError(
            gettext_noop("Đoàn có nhiều nhất %(limit)s thành viên."), field="team", limit=MAX_TEAM
        )
    cleaned = []
    for number, member in enumerate(team, start=1):
        if isinstance(member, dict):
            member = Member(**{k: member.get(k, "") or "" for k in ("name", "title", "role")})
        name = (member.name or "").strip()
        if not name or len(name) > 120 or len(member.title or "") > 300:
            raise OversightError(
                gettext_noop("Thành viên %(number)s: hãy nhập họ tên (tối đa 120 ký tự)."),
                field="team",
                number=number,
            )
        role = member.role or "member"
        if role not in TEAM_ROLES:
            raise OversightError(
                gettext_noop("Thành viên %(number)s: vai trò trong đoàn không hợp lệ."),
                field="team",
                number=number,
            )
        cleaned.append({"name": name, "title": (member.title or "").strip(), "role": role})
    return cleaned


def _span(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    if starts_on is None:
        raise OversightError(gettext_noop("Hãy nhập ngày bắt đầu."), field="starts_on")
    if ends_on is None:
        raise OversightError(gettext_noop("Hãy nhập ngày kết thúc."), field="ends_on")
    if ends_on < starts_on:
        raise OversightError(
            gettext_noop("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on"
        )
    return starts_on, ends_on


def _targets(unit: OrgUnit, targets: list[OrgUnit], day: date) -> list[OrgUnit]:
    targets = list({t.pk: t for t in targets}.values())
    if not targets:
        raise OversightError(gettext_noop("Hãy chọn đơn vị được kiểm tra."), field="targets")
    if len(targets) > MAX_TARGETS:
        raise OversightError(
            gettext_noop("Một cuộc kiểm tra có nhiều nhất %(limit)s đơn vị."),
            field="targets",
            limit=MAX_TARGETS,
        )
    reach(unit, targets, field="targets", day=day)
    return targets


def _programme(unit: OrgUnit, programme: Programme | None) -> Programme | None:
    if programme is not None and programme.unit_id != unit.pk:
        raise OversightError(
            gettext_noop("Chương trình «%(title)s» không phải của %(unit)s."),
            field="programme",
            title=programme.title,
            unit=unit.name,
        )
    return programme


@transaction.atomic
def create_inspection(
    *,
    unit: OrgUnit,
    kind: str,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    targets: list[OrgUnit],
    by,
    team: list | None = None,
    programme: Programme | None = None,
    documents: list[Document] = (),
    plans: list[PlanProgramme] = (),
    decision: Document | None = None,
) -> Inspection:
    """Record an inspection, a supervision or a working delegation of `unit` to `targets`
    (units under it, or under its parent for a committee's department), as they stood on
    the first day."""
    may_write(unit, by)
    if kind not in Kind.values:
        raise OversightError(gettext_noop("Hãy chọn hình thức kiểm tra."), field="kind")
    title = text(title, "title", _("nội dung kiểm tra"), 500)
    starts_on, ends_on = _span(starts_on, ends_on)
    found = _targets(unit, targets, starts_on)
    inspection = Inspection.objects.create(
        unit=unit,
        province_code=unit.province_code,
        programme=_programme(unit, programme),
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        team=_team(list(team or [])),
        decision=decision,
        issuer=unit.name.upper(),
        created_by=by,
    )
    bulk.bulk_create(Target, [Target(inspection=inspection, unit=t) for t in found])
    inspection.documents.set(documents)
    inspection.plans.set(plans)
    return inspection


@transaction.atomic
def update_inspection(
    *,
    inspection: Inspection,
    by,
    version: int | None,
    kind: str,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    targets: list[OrgUnit],
    team: list | None = None,
    programme: Programme | None = None,
    documents: list[Document] = (),
    plans: list[PlanProgramme] = (),
    decision: Document | None = None,
) -> Inspection:
    """Change an inspection. A unit with recommendations cannot be taken off it."""
    may_write(inspection.unit, by)
    current = locked(Inspection, inspection, version, _("Cuộc kiểm tra"))
    if kind not in Kind.values:
        raise OversightError(gettext_noop("Hãy chọn hình thức kiểm tra."), field="kind")
    current.kind = kind
    current.title = text(title, "title", _("nội dung kiểm tra"), 500)
    current.starts_on, current.ends_on = _span(starts_on, ends_on)
    current.team = _team(list(team or []))
    current.programme = _programme(current.unit, programme)
    current.decision = decision
    found = _targets(current.unit, targets, current.starts_on)
    keep = {t.pk for t in found}
    dropped = current.recommendations.exclude(owner_id__in=keep).select_related("owner").first()
    if dropped is not None:
        raise OversightError(
            gettext_noop("%(unit)s đã có kiến nghị trong cuộc kiểm tra này, không bỏ ra được."),
            field="targets",
            unit=dropped.owner.name,
        )
    current.save()
    Target.objects.filter(inspection=current).exclude(unit_id__in=keep).delete()
    have = set(Target.objects.filter(inspection=current).values_list("unit_id", flat=True))
    bulk.bulk_create(
        Target, [Target(inspection=current, unit=t) for t in found if t.pk not in have]
    )
    current.documents.set(documents)
    current.plans.set(plans)
    return current


@dataclass
class FindingSpec:
    section: str
    text: str
    unit: OrgUnit | None = None


@transaction.atomic
def set_findings(
    *, inspection: Inspection, findings: list[FindingSpec], by, version: int | None
) -> Inspection:
    """Write the conclusion's findings, section by section (results, limitations, causes),
    each general or about one inspected unit; the list replaces the previous one."""
    may_write(inspection.unit, by)
    current = locked(Inspection, inspection, version, _("Cuộc kiểm tra"))
    inspected = set(current.targets.values_list("unit_id", flat=True))
    rows = []
    for number, spec in enumerate(findings, start=1):
        where = {"field": "findings", "number": number}
        if spec.section not in Section.values:
            raise OversightError(gettext_noop("Dòng %(number)s: hãy chọn phần."), **where)
        body = (spec.text or "").replace("\r\n", "\n").strip()
        if not body or len(body) > MAX_TEXT:
            raise OversightError(
                gettext_noop("Dòng %(number)s: hãy nhập nội dung (tối đa %(limit)s ký tự)."),
                limit=MAX_TEXT,
                **where,
            )
        if spec.unit is not None and spec.unit.pk not in inspected:
            raise OversightError(
                gettext_noop("Dòng %(number)s: %(unit)s không phải đơn vị được kiểm tra."),
                unit=spec.unit.name,
                **where,
            )
        rows.append(Finding(inspection=current, unit=spec.unit, section=spec.section,
                            position=number, text=body))  # fmt: skip
    Finding.objects.filter(inspection=current).delete()
    bulk.bulk_create(Finding, rows)
    if current.stage == Stage.PLANNED:
        current.stage = Stage.RUNNING
    current.save(update_fields=["stage", "version"])
    return current


@transaction.atomic
def conclude(
    *,
    inspection: Inspection,
    by,
    version: int | None,
    number: str,
    signed_on: date | None,
    place: str,
    signer: str,
    signer_title: str = "",
    authority: str = "",
    issuer: str = "",
    superior: str = "",
    recipients: str = "",
) -> Inspection:
    """Set the conclusion's header and signature; the inspection is then concluded."""
    may_write(inspection.unit, by)
    current = locked(Inspection, inspection, version, _("Cuộc kiểm tra"))
    number = (number or "").strip()
    if number:
        try:
            parsed = parse_doc_number(number)
        except VnError as error:
            raise OversightError(error.template, field="number", **error.params) from None
        if parsed.kind not in (None, *CONCLUSION_KINDS):
            raise OversightError(
                gettext_noop(
                    "Số «%(number)s» không phải số của thông báo kết luận, kết luận hay báo cáo "
                    "(TB, KL, BC)."
                ),
                field="number",
                number=number[:40],
            )
        number = re.sub(r"^[Ss]ố:?\s*", "", number)
    if signed_on is None:
        raise OversightError(gettext_noop("Hãy nhập ngày ký kết luận."), field="signed_on")
    if signed_on < current.starts_on:
        raise OversightError(
            gettext_noop("Ngày ký kết luận không được trước ngày bắt đầu kiểm tra."),
            field="signed_on",
        )
    current.number = number[:40]
    current.signed_on = signed_on
    current.place = text(place, "place", _("địa danh"), 100)
    current.signer = text(signer, "signer", _("người ký"), 120)
    current.signer_title = text(signer_title, "signer_title", _("chức vụ người ký"), 120,
                                required=False)  # fmt: skip
    current.authority = text(authority, "authority", _("thẩm quyền ký"), 60, required=False)
    current.issuer = text(issuer or current.unit.name.upper(), "issuer", _("cơ quan ban hành"), 200)
    current.superior = text(superior, "superior", _("cơ quan cấp trên"), 200, required=False)
    current.recipients = text(recipients, "recipients", _("nơi nhận"), 2000, required=False)
    current.stage = Stage.CONCLUDED
    current.save()
    return current


# --- Recommendations ------------------------------------------------------------------------


@transaction.atomic
def add_recommendation(
    *, inspection: Inspection, owner: OrgUnit, text_: str, deadline: date | None, by
) -> Recommendation:
    """A recommendation to one inspected unit, with its deadline; the unit's editors are
    told."""
    may_write(inspection.unit, by)
    if not inspection.targets.filter(unit=owner).exists():
        raise OversightError(
            gettext_noop("%(unit)s không phải đơn vị được kiểm tra trong cuộc này."),
            field="owner",
            unit=owner.name,
        )
    body = text(text_, "text", _("nội dung kiến nghị"), MAX_TEXT)
    if deadline is None:
        raise OversightError(gettext_noop("Hãy nhập hạn khắc phục."), field="deadline")
    if deadline < inspection.starts_on:
        raise OversightError(
            gettext_noop("Hạn khắc phục không được trước ngày bắt đầu kiểm tra."), field="deadline"
        )
    last = inspection.recommendations.order_by("-position").values_list("position", flat=True)
    recommendation = Recommendation.objects.create(
        inspection=inspection,
        owner=owner,
        province_code=owner.province_code,
        position=(last.first() or 0) + 1,
        text=body,
        deadline=deadline,
    )
    transaction.on_commit(lambda: tasks.remind.enqueue([recommendation.pk], "new"))
    return recommendation


@transaction.atomic
def update_recommendation(
    *,
    recommendation: Recommendation,
    text_: str,
    deadline: date | None,
    by,
    version: int | None,
) -> Recommendation:
    """Reword a recommendation or move its deadline (a new deadline is reminded afresh);
    refused once it is confirmed fixed."""
    may_write(recommendation.inspection.unit, by)
    current = locked(Recommendation, recommendation, version, _("Kiến nghị"))
    if current.state == FixState.FIXED:
        raise OversightError(
            gettext_noop("Kiến nghị đã được xác nhận khắc phục, không sửa được."), field="state"
        )
    if deadline is None:
        raise OversightError(gettext_noop("Hãy nhập hạn khắc phục."), field="deadline")
    if deadline < recommendation.inspection.starts_on:
        raise OversightError(
            gettext_noop("Hạn khắc phục không được trước ngày bắt đầu kiểm tra."), field="deadline"
        )
    if deadline != current.deadline:
        current.reminded_before = current.reminded_after = None
    current.text = text(text_, "text", _("nội dung kiến nghị"), MAX_TEXT)
    current.deadline = deadline
    current.save()
    return current


def _may_step(recommendation: Recommendation, step: domain.Step, by) -> None:
    from lamtheo.plans.models import WRITERS

    owner_steps = (domain.Step.PROGRESS, domain.Step.REPORT)
    if step in owner_steps:
        if not holds(by, recommendation.owner, WRITERS):
            raise OversightError(
                gettext_noop("Chỉ %(unit)s báo cáo việc khắc phục kiến nghị này."),
                field="step",
                unit=recommendation.owner.name,
            )
    elif not holds(by, recommendation.inspection.unit, sorted({*WRITERS, *REVIEWERS})):
        raise OversightError(
            gettext_noop("Chỉ %(unit)s xác nhận việc khắc phục kiến nghị này."),
            field="step",
            unit=recommendation.inspection.unit.name,
        )


@transaction.atomic
def respond(
    *,
    recommendation: Recommendation,
    step: str,
    text_: str,
    by,
    version: int | None,
    evidence: str = "",
    today: date | None = None,
) -> Response:
    """One step of the follow-up: the owner reports progress or that it is fixed (with
    evidence), the inspecting unit confirms it fixed or asks for more."""
    try:
        step = domain.Step(step)
    except ValueError:
        raise OversightError(gettext_noop("Hãy chọn bước phản hồi."), field="step") from None
    _may_step(recommendation, step, by)
    current = locked(Recommendation, recommendation, version, _("Kiến nghị"))
    state = domain.FixState(current.state)
    current.state = domain.follow_up(state, step, label=str(_STATES[state])).value
    body = text(text_, "text", _("nội dung phản hồi"), MAX_TEXT)
    evidence = text(evidence, "evidence", _("minh chứng"), MAX_TEXT, required=False)
    if step == domain.Step.REPORT and not evidence:
        raise OversightError(
            gettext_noop("Hãy nêu minh chứng đã khắc phục (văn bản, số liệu, hình ảnh...)."),
            field="evidence",
        )
    if step == domain.Step.CONFIRM:
        current.fixed_on = today or timezone.localdate()
        current.confirmed_by = by
    elif step == domain.Step.REOPEN:
        current.fixed_on, current.confirmed_by = None, None
    current.save()
    return Response.objects.create(
        recommendation=current, step=step.value, text=body, evidence=evidence, by=by
    )


def queue_reminders(*, today: date | None = None, days_before: int = 3) -> int:
    """Queue the reminders owed today to the owners of recommendations not yet reported
    fixed: once when the deadline is `days_before` days away or less, once after it."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=days_before)
    now = timezone.now()
    queued = 0
    with transaction.atomic():
        open_ = Recommendation.objects.select_for_update().filter(
            state__in=[FixState.OPEN, FixState.FIXING]
        )
        kinds = {
            "after": open_.filter(deadline__lt=today, reminded_after__isnull=True),
            "before": open_.filter(
                deadline__gte=today, deadline__lte=soon, reminded_before__isnull=True
            ),
        }
        for kind, found in kinds.items():
            ids = list(found.values_list("pk", flat=True))
            if not ids:
                continue
            bulk.update(Recommendation.objects.filter(pk__in=ids), **{f"reminded_{kind}": now})
            transaction.on_commit(lambda ids=ids, kind=kind: tasks.remind.enqueue(ids, kind))
            queued += len(ids)
    return queued
