"""A unit's scoring sheet in a round: its writers score themselves with evidence and hand the
sheet in; the round unit's reviewers score after them, comment, and return or accept it.

The page is one form that posts the whole sheet and works without JavaScript; sheet.js saves
each entry as it is typed through `sheet_save`, one request at a time, each carrying the
version the previous answer gave. A save made on a version someone else has moved on from is
refused (the services' version check), so the later of two reviewers is told and keeps what
they typed."""

import json
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from lamtheo.plans.models import WRITERS
from lamtheo.vn.errors import gettext_noop
from lamtheo.web import methods, translated

from .. import selectors, services
from ..domain import OversightError
from ..models import (
    CONDITION_LABELS,
    Evaluation,
    EvaluationStatus,
    Grade,
    RoundState,
)
from ..services.common import holds
from .sheet_form import REVIEW, SELF, TEXT_KEY, SheetForm, show, typed

EDITABLE = (EvaluationStatus.PENDING, EvaluationStatus.DRAFT, EvaluationStatus.RETURNED)
GRADES = dict(Grade.choices)
STATUSES = dict(EvaluationStatus.choices)
MODE_OF = {
    "save": SELF,
    "submit": SELF,
    "review": REVIEW,
    "return": REVIEW,
    "accept": REVIEW,
    "reopen": None,
}
STALE_PAGE = gettext_lazy("Trang này đã cũ: hãy tải lại trang rồi nhập lại những gì chưa lưu.")
DONE = {
    "save": gettext_lazy("Đã lưu phiếu tự chấm."),
    "submit": gettext_lazy("Đã gửi phiếu tự chấm để thẩm định."),
    "review": gettext_lazy("Đã lưu điểm thẩm định."),
    "return": gettext_lazy("Đã trả lại phiếu cho đơn vị chấm lại."),
    "accept": gettext_lazy("Đã thẩm định xong phiếu."),
    "reopen": gettext_lazy("Đã mở lại phiếu để thẩm định tiếp."),
}


def _evaluation(request, pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.visible_to(request.user).select_related(
            "round", "round__unit", "round__criteria_set", "unit", "decided_by"
        ),
        pk=pk,
    )


def _roles(user, record: Evaluation) -> tuple[bool, bool]:
    """Whether the user writes the unit's own scores, and whether they review the sheet."""
    can_write = holds(user, record.unit, WRITERS)
    can_review = Evaluation.objects.reviewable_by(user).filter(pk=record.pk).exists()
    return can_write, can_review


def _mode(record: Evaluation, can_write: bool, can_review: bool) -> str | None:
    """Which inputs the page shows: the unit's while it scores, the reviewers' once handed in."""
    if record.round.state != RoundState.OPEN:
        return None
    if can_write and record.status in EDITABLE:
        return SELF
    if can_review and record.status == EvaluationStatus.SUBMITTED:
        return REVIEW
    return None


def _act(request, record: Evaluation, action: str, form: SheetForm) -> None:
    """Run the action in one transaction: a reviewer's scores are saved with the decision that
    follows them, or neither is."""
    version = form.cleaned_data["version"]
    by = request.user
    with transaction.atomic():
        if action == "save":
            services.save_self(evaluation=record, by=by, version=version, scores=form.scores())
            return
        if action == "submit":
            services.submit(evaluation=record, by=by, version=version, scores=form.scores())
            return
        scores, overall = form.scores(), form.overall()
        current = record
        if scores or overall or action == "review":
            current = services.review(
                evaluation=record, by=by, version=version, scores=scores, **overall
            )
            version = current.version
        if action == "return":
            services.return_evaluation(
                evaluation=current, by=by, version=version, reason=form.cleaned_data["reason"]
            )
        elif action == "accept":
            services.accept(evaluation=current, by=by, version=version)


def _version(request) -> int | None:
    text = request.POST.get("version", "").strip()
    return int(text) if text.isdigit() else None


def _rows(form: SheetForm | None, rows, mode: str | None) -> list[dict]:
    """Each row with its numbers as the page writes them (8,5) and, while scoring, its
    bound inputs."""
    shown = []
    for row in rows:
        score = row.score
        item = {
            "criterion": row.criterion,
            "depth": row.depth,
            "score": score,
            "max": typed(row.criterion.max_points),
            "self": typed(score.self_points) if score else "",
            "review": typed(score.review_points) if score else "",
        }
        if form is not None and not row.criterion.is_group:
            item["points"], item["text"] = form.cells(row.criterion)
        shown.append(item)
    return shown


@methods("GET", "POST")
def sheet(request, evaluation):
    record = _evaluation(request, evaluation)
    can_write, can_review = _roles(request.user, record)
    mode = _mode(record, can_write, can_review)
    rows = selectors.sheet(record)
    form = SheetForm(rows=rows, mode=mode, evaluation=record) if mode else None
    errors: list[tuple[str, str | None]] = []  # (message, the field it is shown at)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in MODE_OF:
            raise Http404
        acting = MODE_OF[action]
        if not (can_write if acting == SELF else can_review):
            raise Http404
        if acting is None:  # reopen: the version is all it needs
            try:
                services.reopen(evaluation=record, by=request.user, version=_version(request))
            except OversightError as error:
                errors.append((translated(error), None))
            else:
                messages.success(request, DONE[action])
                return redirect(request.path)
        else:
            mode = acting
            form = SheetForm(request.POST, rows=rows, mode=acting, evaluation=record)
            if not form.is_valid():  # only the hidden version can be wrong
                errors.append((str(STALE_PAGE), None))
            else:
                try:
                    _act(request, record, action, form)
                except OversightError as error:
                    errors.append((translated(error), show(form, error)))
                else:
                    messages.success(request, DONE[action])
                    return redirect(request.path)
    return render(
        request,
        "oversight/sheet.html",
        {
            "evaluation": record,
            "round": record.round,
            "mode": mode,
            "form": form,
            "rows": _rows(form, rows, mode),
            "max_total": typed(
                sum((r.criterion.max_points for r in rows if r.depth == 0), Decimal(0))
            ),
            "totals": {"self": typed(record.self_total), "review": typed(record.review_total)},
            "errors": errors,
            "can_reopen": can_review
            and record.status == EvaluationStatus.ACCEPTED
            and record.round.state == RoundState.OPEN,
            "conditions": [CONDITION_LABELS[k] for k in record.conditions if k in CONDITION_LABELS],
            "provisional": record.status != EvaluationStatus.ACCEPTED,
        },
    )


# --- Autosave -------------------------------------------------------------------------------


BAD_BODY = gettext_noop("Dữ liệu gửi lên không hợp lệ; hãy tải lại trang.")


def _bad(field: str, template: str = BAD_BODY) -> OversightError:
    return OversightError(template, field=field)


def _parse(body: dict, mode: str) -> dict:
    """The JSON body checked for shape (the services check the values): the keyword
    arguments of the service to call."""
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _bad(
            "version", gettext_noop("Thiếu phiên bản của phiếu: hãy tải lại trang rồi nhập lại.")
        )
    scores = body.get("scores") or {}
    if not isinstance(scores, dict):
        raise _bad("scores")
    text_key = TEXT_KEY[mode]
    cleaned = {}
    for key, entry in scores.items():
        if not isinstance(entry, dict):
            raise _bad("scores")
        points = entry.get("points", "")
        if isinstance(points, bool) or not isinstance(points, (str, int, float)):
            raise _bad(f"points-{key}")
        if not isinstance(entry.get(text_key, ""), str):
            raise _bad(f"{text_key}-{key}")
        cleaned[key] = {k: entry[k] for k in ("points", text_key) if k in entry}
    found = {"version": version, "scores": cleaned}
    if mode == REVIEW:
        conditions = body.get("conditions")
        if conditions is not None:
            if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
                raise _bad("conditions")
            found["conditions"] = conditions
        comment = body.get("comment")
        if comment is not None:
            if not isinstance(comment, str):
                raise _bad("comment")
            found["comment"] = comment
    return found


def _answer(record: Evaluation) -> dict:
    now = timezone.localtime()
    return {
        "version": record.version,
        "self_total": typed(record.self_total),
        "review_total": typed(record.review_total),
        "grade": record.grade,
        "grade_label": str(GRADES.get(record.grade, "")),
        "status": record.status,
        "status_label": str(STATUSES.get(record.status, record.status)),
        "saved_at": now.isoformat(),
        "saved_label": date_format(now, "H:i"),
    }


@methods("POST")
def sheet_save(request, evaluation):
    """Save one or more cells: {"version", "as": "self"|"review", "scores": {criterion id:
    {"points"|"evidence"|"comment": ..}}, "conditions"?, "comment"?} -> the new version and
    totals, or 400 {"detail", "field"}. 404 for whoever may not see the sheet or act as asked."""
    record = _evaluation(request, evaluation)
    can_write, can_review = _roles(request.user, record)
    if not (can_write or can_review):
        raise Http404
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    mode = body.get("as")
    if mode not in (SELF, REVIEW):
        return JsonResponse({"detail": translated(_bad("as")), "field": "as"}, status=400)
    if not {SELF: can_write, REVIEW: can_review}[mode]:
        raise Http404
    try:
        data = _parse(body, mode)
        if mode == SELF:
            saved = services.save_self(evaluation=record, by=request.user, **data)
        else:
            saved = services.review(evaluation=record, by=request.user, **data)
    except OversightError as error:
        return JsonResponse({"detail": translated(error), "field": error.field}, status=400)
    return JsonResponse(_answer(saved))
