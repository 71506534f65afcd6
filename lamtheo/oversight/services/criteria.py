"""The writers of criteria sets. A version a round uses is never changed: revising it makes the
next version, and the running rounds keep theirs."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import domain
from ..domain import Node, OversightError
from ..models import CriteriaSet, Criterion
from .common import locked, may_write, text


def _write(criteria_set: CriteriaSet, nodes: list[Node]) -> None:
    """The outline's rows as criteria: one insert per level (parents first), then the
    sources of the rows that name some."""
    criteria_set.criteria.all().delete()
    made: dict[str, Criterion] = {}
    depth = {n.code: n.code.count(".") for n in nodes}
    for level in sorted(set(depth.values())):
        rows = [
            Criterion(
                criteria_set=criteria_set,
                parent=made[n.parent] if n.parent else None,
                position=position,
                code=n.code,
                title=n.title,
                max_points=n.max_points,
                is_group=n.is_group,
                evidence=(n.evidence or "").strip(),
            )
            for position, n in enumerate(nodes, start=1)
            if depth[n.code] == level
        ]
        for row in bulk.bulk_create(Criterion, rows):
            made[row.code] = row
    through = Criterion.sources.through
    through.objects.bulk_create(
        [
            through(criterion_id=made[n.code].pk, document_id=doc.pk)
            for n in nodes
            for doc in {d.pk: d for d in n.sources}.values()
        ]
    )


@transaction.atomic
def create_criteria_set(
    *,
    unit: OrgUnit,
    code: str,
    name: str,
    criteria: list[Node],
    by,
    sources: list[Document] = (),
) -> CriteriaSet:
    may_write(unit, by)
    name = text(name, "name", _("tên bộ tiêu chí"), 300)
    code = text(code, "code", _("mã bộ tiêu chí"), 40).lower()
    if CriteriaSet.objects.filter(unit=unit, code=code).exists():
        raise OversightError(
            gettext_noop("Đơn vị đã có bộ tiêu chí mã «%(code)s»."), field="code", code=code
        )
    nodes = domain.outline(list(criteria))
    criteria_set = CriteriaSet.objects.create(unit=unit, code=code, name=name, created_by=by)
    criteria_set.sources.set(sources)
    _write(criteria_set, nodes)
    return criteria_set


@transaction.atomic
def revise_criteria_set(
    *,
    criteria_set: CriteriaSet,
    name: str,
    criteria: list[Node],
    by,
    version: int | None,
    sources: list[Document] = (),
) -> CriteriaSet:
    """Change a criteria set. In use by a round, the change becomes the next version
    (returned); the one in use stays as it was."""
    may_write(criteria_set.unit, by)
    name = text(name, "name", _("tên bộ tiêu chí"), 300)
    nodes = domain.outline(list(criteria))
    current = locked(CriteriaSet, criteria_set, version, _("Bộ tiêu chí"))
    latest = (
        CriteriaSet.objects.filter(unit=current.unit, code=current.code).order_by("-number").first()
    )
    if latest.pk != current.pk:
        raise OversightError(
            gettext_noop("Đã có phiên bản mới hơn (v%(number)s): hãy sửa phiên bản đó."),
            field="version",
            number=latest.number,
        )
    if current.in_use:
        current.version -= 1  # this version is not written
        new = CriteriaSet.objects.create(
            unit=current.unit,
            code=current.code,
            number=current.number + 1,
            name=name,
            created_by=by,
        )
        new.sources.set(sources)
        _write(new, nodes)
        return new
    current.name = name
    current.save(update_fields=["name", "version"])
    current.sources.set(sources)
    _write(current, nodes)
    return current


def nodes_of(criteria_set: CriteriaSet) -> list[Node]:
    """A set's criteria as an outline again (to edit it, or to start a new set from it)."""
    criteria = criteria_set.criteria.prefetch_related("sources").order_by("position")
    return [
        Node(
            c.code,
            c.title,
            None if c.is_group else c.max_points,
            c.evidence,
            tuple(c.sources.all()),
        )
        for c in criteria
    ]
