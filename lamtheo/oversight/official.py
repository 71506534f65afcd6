"""An inspection's conclusion as the official document the renderer sets on the page: "THÔNG
BÁO kết luận của Ban Thường vụ ... về kết quả kiểm tra ...", with the findings of each section
and the table of recommendations.

The document is built from what the person downloading it may see: an inspected commune gets
the general findings and its own part, never a neighbour's findings or recommendations. The
text is the Party's Vietnamese whatever the page language is (it is the document as signed).
"""

import re
from datetime import date

from django.utils import timezone, translation

from lamtheo.documents.domain import style_of_unit
from lamtheo.documents.models import Document
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind as UnitKind
from lamtheo.plans.models import Programme as PlanProgramme
from lamtheo.reporting.render import Heading, OfficialDocument, Paragraph, Signature, Table
from lamtheo.reporting.services.reports import place_of
from lamtheo.vn.docnum import parse_doc_number
from lamtheo.vn.errors import VnError
from lamtheo.vn.profiles import profile_for

from .models import Finding, FixState, Inspection, Kind, Programme, Recommendation, Section

SECTIONS = (
    (Section.RESULTS, "I. KẾT QUẢ, ƯU ĐIỂM"),
    (Section.LIMITATIONS, "II. HẠN CHẾ, KHUYẾT ĐIỂM"),
    (Section.CAUSES, "III. NGUYÊN NHÂN"),
)
RECOMMENDATIONS = "IV. KIẾN NGHỊ, YÊU CẦU KHẮC PHỤC"
TABLE_HEADER = ("STT", "Đơn vị thực hiện", "Nội dung", "Hạn khắc phục", "Tình trạng")
# The committees that conclude through their standing committee (Ban Thường vụ).
STANDING = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.GRASSROOTS)
TOP_LEVEL = (UnitKind.PROVINCE, UnitKind.CENTRAL)
# What the conclusion is called by the type code of its number (services.CONCLUSION_KINDS).
TYPE_NAMES = {"TB": "THÔNG BÁO", "KL": "KẾT LUẬN", "BC": "BÁO CÁO"}
# How each kind names its work and its team.
ACTIVITY = {Kind.INSPECTION: "kiểm tra", Kind.SUPERVISION: "giám sát", Kind.DELEGATION: "làm việc"}
TEAM = {
    Kind.INSPECTION: "Đoàn kiểm tra",
    Kind.SUPERVISION: "Đoàn giám sát",
    Kind.DELEGATION: "Đoàn công tác",
}
# The units it goes to, as its text names them together.
VISITED = {
    Kind.INSPECTION: "các đơn vị được kiểm tra",
    Kind.SUPERVISION: "các đơn vị được giám sát",
    Kind.DELEGATION: "các đơn vị Đoàn đến làm việc",
}
# Titles that start with the work itself ("Kiểm tra việc ...") read on after "đã".
_VERBS = re.compile(r"^(kiểm tra|giám sát|làm việc|khảo sát)\b", re.IGNORECASE)
_VERB_INSIDE = re.compile(r"\b(kiểm tra|giám sát|khảo sát)\b", re.IGNORECASE)
# Names of documents, kept capitalised inside a sentence ("việc thực hiện Kết luận 01").
_PROPER = re.compile(
    r"^(Nghị quyết|Chỉ thị|Kết luận|Quy định|Quyết định|Kế hoạch|Chương trình|Hướng dẫn|"
    r"Thông báo|Đề án|Điều lệ|Hiến pháp|Luật)\b"
)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _lower_first(text: str) -> str:
    """A title inside a sentence: its first letter small unless it names a document.

    >>> _lower_first("Kiểm tra việc học tập"), _lower_first("Kết luận 01-KL/TW")
    ('kiểm tra việc học tập', 'Kết luận 01-KL/TW')
    """
    text = text.strip()
    if not text or _PROPER.match(text):
        return text
    return text[0].lower() + text[1:]


def _and(names: list[str]) -> str:
    """
    >>> _and(["A"]), _and(["A", "B"]), _and(["A", "B", "C"])
    ('A', 'A và B', 'A, B và C')
    """
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def collective(unit) -> str:
    """Who concludes: the standing committee of a Party committee ("Ban Thường vụ Tỉnh ủy
    Điện Biên"), else the unit itself."""
    return f"Ban Thường vụ {unit.name}" if unit.kind in STANDING else unit.name


def _type_name(number: str) -> str:
    try:
        kind = parse_doc_number(number).kind if number else "TB"
    except VnError:
        kind = "TB"
    return TYPE_NAMES.get(kind or "TB", TYPE_NAMES["TB"])


def _work(inspection: Inspection) -> str:
    """The title from its verb on: a delegation named for itself ("Đoàn công tác của Thường
    trực Tỉnh ủy kiểm tra tiến độ ...") reads "kiểm tra tiến độ ..."; "" without a verb."""
    title = inspection.title.strip()
    found = _VERB_INSIDE.search(title) if title.startswith(("Đoàn", "đoàn")) else None
    if found is not None:
        title = title[found.start() :]
    return _lower_first(title) if _VERBS.match(title) else ""


def _topic(inspection: Inspection) -> str:
    """The work done as a sentence reads it: "kiểm tra tình hình thực hiện ..."."""
    return _work(inspection) or f"{ACTIVITY[inspection.kind]} {_lower_first(inspection.title)}"


def abstract_of(inspection: Inspection, type_name: str) -> str:
    """ "Kết luận của Ban Thường vụ Tỉnh ủy Điện Biên về kết quả kiểm tra ..." (a KẾT LUẬN
    starts at "của", a BÁO CÁO at "Kết quả")."""
    topic = _topic(inspection)
    if type_name == TYPE_NAMES["BC"]:
        return f"Kết quả {topic}"
    body = f"của {collective(inspection.unit)} về kết quả {topic}"
    return body if type_name == TYPE_NAMES["KL"] else f"Kết luận {body}"


def _lead(team: list) -> str:
    lead = next((m for m in team if m.get("role") == "lead"), None)
    if lead is None:
        return ""
    title = f", {lead['title'].strip()}," if (lead.get("title") or "").strip() else ""
    return f" do đồng chí {lead['name']}{title} làm trưởng đoàn"


def _basis(inspection: Inspection, user) -> str:
    """ "Thực hiện Quyết định số 12-QĐ/TU ngày 10/02/2026 của Tỉnh ủy Điện Biên và Chương
    trình ..., " from the decision and the programme the user may see."""
    parts = []
    decision, programme = inspection.decision, inspection.programme
    documents, programmes = Document.objects.visible_to(user), Programme.objects.visible_to(user)
    if decision is not None and not documents.filter(pk=decision.pk).exists():
        decision = None
    if programme is not None and not programmes.filter(pk=programme.pk).exists():
        programme = None
    if decision is not None:
        # "... ngày 10/02/2026 và Chương trình ... của Tỉnh ủy" names a shared issuer once.
        shared = programme is not None and programme.unit_id == decision.unit_id
        by = "" if shared else f" của {decision.unit.name}"
        parts.append(f"{decision.heading} ngày {_day(decision.issued_on)}{by}")
    if programme is not None:
        named = programme.unit.name.lower() in programme.title.lower()
        parts.append(programme.title if named else f"{programme.title} của {programme.unit.name}")
    return f"Thực hiện {_and(parts)}, " if parts else ""


def _scope(inspection: Inspection, user) -> str:
    """The documents and plans checked, those the user may see."""
    documents = inspection.documents.filter(
        pk__in=Document.objects.visible_to(user).values("pk")
    ).order_by("issued_on", "pk")
    plans = inspection.plans.filter(
        pk__in=PlanProgramme.objects.visible_to(user).values("pk")
    ).order_by("pk")
    named = [f"{d.heading} ngày {_day(d.issued_on)} ({d.title})" for d in documents]
    named += [p.title for p in plans]
    if not named:
        return ""
    return f"Nội dung {ACTIVITY[inspection.kind]} gồm việc thực hiện: {'; '.join(named)}."


def opening(inspection: Inspection, targets: list, user) -> list[Paragraph]:
    """Who inspected whom, when, on what basis; then the conclusion's lead-in."""
    team = TEAM[inspection.kind]
    names = _and([t.name for t in targets])
    title = inspection.title.strip()
    if inspection.kind == Kind.DELEGATION and _work(inspection):
        work = f"đã làm việc với {names}, {_work(inspection)}"
    elif inspection.kind == Kind.DELEGATION:
        work = f"đã làm việc với {names} về {_lower_first(title)}"
    else:
        work = f"đã {_topic(inspection)} đối với {names}"
    first = (
        f"{_basis(inspection, user)}từ ngày {_day(inspection.starts_on)} đến ngày "
        f"{_day(inspection.ends_on)}, {team} của {inspection.unit.name}"
        f"{_lead(inspection.team)} {work}."
    )
    paragraphs = [Paragraph(first[0].upper() + first[1:])]
    scope = _scope(inspection, user)
    if scope:
        paragraphs.append(Paragraph(scope))
    activity = ACTIVITY[inspection.kind]
    paragraphs.append(
        Paragraph(
            f"Sau khi nghe {team} báo cáo kết quả {activity} và ý kiến của "
            f"{VISITED[inspection.kind]}, {collective(inspection.unit)} kết luận như sau:"
        )
    )
    return paragraphs


def _findings(findings: list[Finding], targets: list) -> list:
    """A section's general findings, then each unit's under a heading naming it (the units in
    the inspection's order)."""
    blocks = [Paragraph(line) for f in findings if f.unit_id is None for line in _lines(f.text)]
    order = {t.pk: index for index, t in enumerate(targets)}
    units = sorted(
        {f.unit_id: f.unit for f in findings if f.unit_id is not None}.values(),
        key=lambda u: (order.get(u.pk, len(order)), u.name),
    )
    for number, unit in enumerate(units, start=1):
        blocks.append(Heading(f"{number}. {unit.name}", 2))
        blocks += [
            Paragraph(line) for f in findings if f.unit_id == unit.pk for line in _lines(f.text)
        ]
    return blocks


def _state(recommendation: Recommendation, labels: dict, today: date) -> str:
    label = str(labels[recommendation.state])
    if recommendation.state == FixState.FIXED and recommendation.fixed_on:
        return f"{label} ({_day(recommendation.fixed_on)})"
    if recommendation.overdue(today):
        return f"{label} (quá hạn)"
    return label


def recommendation_blocks(inspection: Inspection, recommendations: list, today: date) -> list:
    blocks = [Heading(RECOMMENDATIONS)]
    if not recommendations:
        blocks.append(Paragraph("Không có kiến nghị, yêu cầu khắc phục."))
        return blocks
    labels = dict(FixState.choices)
    rows = tuple(
        (
            str(number),
            r.owner.name,
            " ".join(_lines(r.text)),
            _day(r.deadline),
            _state(r, labels, today),
        )
        for number, r in enumerate(recommendations, start=1)
    )
    blocks.append(Table("", TABLE_HEADER, rows, numeric=(0,)))
    blocks.append(
        Paragraph(
            f"{collective(inspection.unit)} yêu cầu {VISITED[inspection.kind]} nghiêm túc "
            "tiếp thu kết luận, xây dựng kế hoạch và thực hiện các kiến nghị nêu "
            f"trên, báo cáo kết quả khắc phục về {inspection.unit.name} đúng thời hạn."
        )
    )
    return blocks


def _superior(inspection: Inspection, day: date) -> str:
    if inspection.superior.strip() or inspection.signed_on is not None:
        return inspection.superior
    unit = inspection.unit
    parent = org.parent(unit, as_of=day)
    return "" if parent is None or unit.kind in TOP_LEVEL else parent.name.upper()


def _recipients(inspection: Inspection, targets: list) -> tuple[str, ...]:
    lines = _lines(inspection.recipients)
    if lines:
        return tuple(lines)
    return (*(f"- {t.name}," for t in targets), f"- Lưu Văn phòng {inspection.unit.name}.")


def document_of(inspection: Inspection, user, *, today: date | None = None) -> OfficialDocument:
    """The conclusion of `inspection` as `user` may read it. Unconcluded, it is the draft: the
    number left blank ("Số -TB/TU"), dated `today`, unsigned. The format profile is the one of
    the inspecting unit's style in force on the day it is signed."""
    today = today or timezone.localdate()
    unit = inspection.unit
    day = inspection.signed_on or today
    findings = list(
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("unit")
        .order_by("position", "pk")
    )
    recommendations = list(
        Recommendation.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("owner")
        .order_by("position", "pk")
    )
    targets = [t.unit for t in inspection.targets.select_related("unit").order_by("unit__name")]
    number = inspection.number.strip()
    type_name = _type_name(number)
    with translation.override("vi"):
        blocks = opening(inspection, targets, user)
        for section, heading in SECTIONS:
            blocks.append(Heading(heading))
            blocks += _findings([f for f in findings if f.section == section], targets)
        blocks += recommendation_blocks(inspection, recommendations, today)
    standing = unit.kind in STANDING
    authority = inspection.authority or ("T/M BAN THƯỜNG VỤ" if standing else "")
    return OfficialDocument(
        issuer=inspection.issuer or unit.name.upper(),
        number=number or f"     -TB/{unit.issuer_code or '    '}",
        place=inspection.place or place_of(unit.name),
        day=day,
        type_name=type_name,
        abstract=abstract_of(inspection, type_name),
        blocks=tuple(blocks),
        signature=Signature(authority, inspection.signer_title.upper(), inspection.signer),
        recipients=_recipients(inspection, targets),
        superior=_superior(inspection, day),
        profile_key=profile_for(style_of_unit(unit.kind), day).key,
    )
