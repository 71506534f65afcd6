"""The writers of cascades: what each unit of a set must do by a deadline."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import domain, tasks
from ..domain import PlansError
from ..models import (
    Cascade,
    CascadeItem,
    Programme,
    Theme,
)
from .common import _locked, _text


@transaction.atomic
def create_cascade(
    *,
    programme: Programme,
    action: str,
    title: str,
    deadline: date,
    units: list[OrgUnit],
    chosen: str,
    by,
    as_of: date | None = None,
) -> Cascade:
    """Require each unit of a set to do something by a deadline: one item per unit, written in
    one statement, each unit under the programme's unit on `as_of` (today by default)."""
    if action not in Cascade.Action.values:
        raise PlansError(gettext_noop("Hãy chọn việc yêu cầu."), field="action")
    title = _text(title, "title", _("nội dung yêu cầu"), 500)
    if deadline is None:
        raise PlansError(gettext_noop("Hãy nhập thời hạn."), field="deadline")
    if not units:
        raise PlansError(gettext_noop("Hãy chọn đơn vị thực hiện."), field="rule")
    inside = set(
        org.subtree_ids(programme.unit, as_of=as_of)
        .filter(descendant_id__in=[u.pk for u in units])
        .exclude(descendant_id=programme.unit_id)
    )
    for unit in units:
        if unit.pk not in inside:
            raise PlansError(
                gettext_noop("%(unit)s không phải đơn vị cấp dưới của %(root)s."),
                field="rule",
                unit=unit.name,
                root=programme.unit.name,
            )
    cascade = Cascade.objects.create(
        programme=programme,
        unit=programme.unit,
        action=action,
        title=title,
        deadline=deadline,
        chosen=chosen[:300],
        created_by=by,
    )
    items = bulk.bulk_create(
        CascadeItem,
        [
            CascadeItem(
                cascade=cascade,
                unit=unit,
                province_code=unit.province_code,
                deadline=deadline,
            )
            for unit in units
        ],
    )
    ids = [item.pk for item in items]
    transaction.on_commit(lambda: tasks.remind.enqueue(ids, domain.Reminder.NEW.value))
    return cascade


@transaction.atomic
def complete_item(
    *,
    item: CascadeItem,
    by,
    document: Document | None = None,
    theme: Theme | None = None,
    event: str = "",
    done_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> CascadeItem:
    """A unit completes its item by linking what shows it: a document it issued (its plan, its
    report), the theme it set, or the event it held. The evidence must be the unit's own."""
    action = item.cascade.action
    event = (event or "").strip()[:300]
    if document is None and theme is None and not event:
        raise PlansError(
            gettext_noop(
                "Hãy chọn văn bản, chủ đề hoặc ghi sự kiện chứng minh việc đã hoàn thành."
            ),
            field="document",
        )
    if action == Cascade.Action.PLAN and document is None:
        raise PlansError(gettext_noop("Hãy chọn kế hoạch đơn vị đã ban hành."), field="document")
    if action == Cascade.Action.THEME and theme is None:
        raise PlansError(gettext_noop("Hãy chọn chủ đề đơn vị đã xác định."), field="theme")
    if document is not None and document.unit_id != item.unit_id:
        raise PlansError(
            gettext_noop("Văn bản %(document)s không phải của %(unit)s."),
            field="document",
            document=document.symbol or document.title[:60],
            unit=item.unit.name,
        )
    if theme is not None and theme.unit_id != item.unit_id:
        raise PlansError(
            gettext_noop("Chủ đề này không phải của %(unit)s."), field="theme", unit=item.unit.name
        )
    today = timezone.localdate()
    done_on = done_on or (document.issued_on if document is not None else today)
    if done_on > today:
        raise PlansError(gettext_noop("Ngày hoàn thành không thể sau hôm nay."), field="done_on")
    current = _locked(CascadeItem, item, version, _("Việc"))
    current.document, current.theme, current.event = document, theme, event
    current.done_on, current.done_by, current.note = done_on, by, (note or "").strip()
    current.save()
    return current


@transaction.atomic
def reopen_item(*, item: CascadeItem, version: int | None = None) -> CascadeItem:
    """Undo a completion linked by mistake: the item is pending (or overdue) again."""
    current = _locked(CascadeItem, item, version, _("Việc"))
    current.document = current.theme = current.done_on = current.done_by = None
    current.event = ""
    current.save()
    return current
