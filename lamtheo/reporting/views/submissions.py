"""A unit's submission: its writers fill the form and hand it in, the issuing unit's reviewers
accept or return it, an accepted one is amended by a new revision; every revision readable, and
the differences between two of them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.web import methods

from .. import selectors, services
from ..domain import Action, ReportingError
from ..forms import ReturnForm, SubmissionForm, show
from ..models import SectionKind, Status, Submission
from .common import STATE_CLASSES, STATE_LABELS, may_write, number_in, shown, typed

EDITABLE = (Status.PENDING, Status.DRAFT, Status.RETURNED)
DONE = {
    Action.SAVE: _("Đã lưu bản nháp."),
    Action.SUBMIT: _("Đã gửi báo cáo."),
    Action.ACCEPT: _("Đã tiếp nhận báo cáo."),
    Action.RETURN: _("Đã trả lại báo cáo cho đơn vị."),
    Action.AMEND: _("Đã mở bản bổ sung; bản đã tiếp nhận vẫn được giữ và tính khi tổng hợp."),
}


def _sections(submission: Submission) -> list:
    return list(
        submission.request.template.sections.order_by("position").prefetch_related("indicators")
    )


def _content(revision, sections) -> list[dict]:
    """A revision read-only, part by part in the template's order."""
    if revision is None:
        return []
    values, texts = selectors.content(revision)
    parts = []
    for section in sections:
        part = {"section": section, "kind": section.kind}
        if section.kind == SectionKind.NARRATIVE:
            part["text"] = texts.get(section.pk, "")
        elif section.kind == SectionKind.INDICATORS:
            part["rows"] = [(i, shown(values.get(i.pk))) for i in section.indicators.all()]
        parts.append(part)
    return parts


def _act(request, submission, action, form, back):
    """Run one action; on success the page again (PRG), else None with the message shown."""
    if not form.is_valid():
        if form.has_error("version"):
            form.add_error(None, _("Trang này đã cũ: hãy tải lại trang rồi thử lại."))
        return None
    version = form.cleaned_data["version"]
    try:
        if action in (Action.SAVE, Action.SUBMIT):
            write = services.save_draft if action == Action.SAVE else services.submit
            write(
                submission=submission,
                by=request.user,
                values=form.values(),
                narratives=form.narratives(),
                version=version,
                note=form.cleaned_data.get("note", ""),
            )
        elif action == Action.ACCEPT:
            services.accept(submission=submission, by=request.user, version=version)
        elif action == Action.RETURN:
            services.return_submission(
                submission=submission,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                version=version,
            )
        else:
            services.amend(submission=submission, by=request.user, version=version)
    except ReportingError as error:
        show(form, error)
        return None
    messages.success(request, DONE[action])
    return redirect(back)


@methods("GET", "POST")
def submission(request, submission):
    record = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "request", "request__unit", "request__template", "unit", "accepted", "decided_by"
        ),
        pk=submission,
    )
    can_write = may_write(request.user, record.unit_id)
    can_review = Submission.objects.reviewable_by(request.user).filter(pk=record.pk).exists()
    sections = _sections(record)
    revisions = list(record.revisions.select_related("saved_by").order_by("number"))
    latest = revisions[-1] if revisions else None
    editing = can_write and record.status in EDITABLE
    values, texts = selectors.content(latest) if latest else ({}, {})
    form = SubmissionForm(
        sections=sections,
        values={pk: typed(v) for pk, v in values.items()},
        texts=texts,
        initial={"version": record.version},
    )
    return_form = ReturnForm(initial={"version": record.version})
    action_errors = []
    if request.method == "POST":
        try:
            action = Action(request.POST.get("action", ""))
        except ValueError:
            raise Http404 from None
        allowed = {
            Action.SAVE: can_write,  # a status changed meanwhile: the service says so
            Action.SUBMIT: can_write,
            Action.AMEND: can_write,
            Action.ACCEPT: can_review,
            Action.RETURN: can_review,
        }[action]
        if not allowed:
            raise Http404
        if action in (Action.SAVE, Action.SUBMIT):
            form = SubmissionForm(request.POST, sections=sections)
            acting = form
        else:
            return_form = ReturnForm(request.POST)
            acting = return_form
        done = _act(request, record, action, acting, request.path)
        if done is not None:
            return done
        if acting is not form or not editing:  # shown above the page, not in a form
            action_errors = list(acting.non_field_errors())
    shown_number = number_in(request, "lan")
    if shown_number is not None:
        shown_revision = next((r for r in revisions if r.number == shown_number), None)
        if shown_revision is None:
            raise Http404
    elif record.status == Status.ACCEPTED or (record.status == Status.DRAFT and record.accepted):
        shown_revision = record.accepted
    else:
        shown_revision = latest
    today_state = record.timeliness(timezone.localdate())
    return render(
        request,
        "reporting/submission.html",
        {
            "submission": record,
            "report_request": record.request,
            "sections": sections,
            "form": form if editing and shown_number is None else None,
            "form_parts": form.parts(sections),
            "action_errors": action_errors,
            "return_form": return_form
            if can_review and record.status == Status.SUBMITTED
            else None,
            "can_amend": can_write and record.status == Status.ACCEPTED,
            "revisions": revisions,
            "shown": shown_revision,
            "parts": _content(shown_revision, sections),
            "state_label": STATE_LABELS[today_state],
            "state_class": STATE_CLASSES[today_state],
        },
    )


@methods("GET")
def diff(request, submission):
    record = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "request", "request__unit", "unit", "accepted"
        ),
        pk=submission,
    )
    revisions = {r.number: r for r in record.revisions.order_by("number")}
    if not revisions:
        return render(
            request,
            "reporting/diff.html",
            {"submission": record, "old": None, "new": None, "numbers": []},
        )
    new_number = number_in(request, "den") or max(revisions)
    new = revisions.get(new_number)
    if new is None:
        raise Http404
    old_number = number_in(request, "tu")
    if old_number is None:
        accepted = record.accepted.number if record.accepted else None
        old_number = accepted if accepted and accepted < new_number else new_number - 1
    old = revisions.get(old_number) if old_number else None
    if old_number and old is None:
        raise Http404
    changes = selectors.diff(old, new)
    return render(
        request,
        "reporting/diff.html",
        {
            "submission": record,
            "old": old,
            "new": new,
            "value_changes": [c for c in changes if c.pieces is None],
            "text_changes": [c for c in changes if c.pieces is not None],
            "numbers": sorted(revisions),
        },
    )
