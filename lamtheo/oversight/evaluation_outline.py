"""A criteria set's outline as a person writes it: one row a line in a textarea ("code |
title | max points | evidence | sources"), or the same columns in an .xlsx workbook (row 1 the
headers). Every problem is reported together, each naming the line or the Excel row it is on;
document numbers are resolved among the documents the user sees."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext

from lamtheo.documents import selectors as documents
from lamtheo.documents.forms import resolve
from lamtheo.plans.spreadsheets import (
    CELL,
    BadCell,
    Check,
    Column,
    Message,
    cell_text,
    read_sheet,
)
from lamtheo.vn.errors import VnError, gettext_noop
from lamtheo.vn.numbers import format_number, parse_number

from .domain import Node, OversightError

MAX_LINES = 500
MAX_EVIDENCE = 5000
CELLS = 5  # code | title | max points | evidence | sources

# The outline's columns, in the textarea's order; an .xlsx file has them as headers (row 1).
OUTLINE_COLUMNS = (
    Column("code", "Số thứ tự", "code|stt|so tt|ma", width=10, example="1.1", text=True),
    Column(
        "title",
        "Nội dung tiêu chí",
        "title|criterion|tieu chi|noi dung",
        width=60,
        example="Ban hành kế hoạch thực hiện Kết luận 01-KL/TW",
    ),
    Column("max_points", "Điểm tối đa", "max points|max|diem", "column", 12, Decimal(10)),
    Column("evidence", "Minh chứng yêu cầu", "evidence|minh chung", "", 40, "Kế hoạch"),
    Column("sources", "Căn cứ", "sources|source documents|van ban", "", 24, "01-KL/TW"),
)

ROW = gettext_noop("Dòng %(number)s: %(detail)s")
_CELLS = gettext_noop(
    "Dòng %(number)s: mỗi dòng ghi «số thứ tự | nội dung | điểm tối đa | minh chứng | căn cứ», "
    "các cột ngăn bằng dấu |."
)
_TOO_MANY_CELLS = gettext_noop(
    "Dòng %(number)s: có %(count)s cột, nhiều nhất 5 (số thứ tự | nội dung | điểm tối đa | "
    "minh chứng | căn cứ); trong nội dung không dùng dấu |."
)
_NOT_POINTS = gettext_noop("'%(text)s' không phải là số điểm (ví dụ 10 hoặc 7,5).")
_TOO_PRECISE = gettext_noop("'%(text)s': điểm có nhiều nhất 2 chữ số thập phân.")
_CODE_DATE = gettext_noop(
    "Excel đã đổi số thứ tự thành ngày %(day)s; hãy định dạng cột là Văn bản (Text) rồi nhập lại."
)
_TOO_MANY_LINES = gettext_noop("Nhiều nhất %(limit)s dòng.")
_EVIDENCE_LONG = gettext_noop("Dòng %(number)s: minh chứng dài quá %(limit)s ký tự.")
NO_OUTLINE = gettext_noop("Hãy nhập các tiêu chí, hoặc tải lên tệp Excel.")


def say(template: str, **params) -> str:
    text = gettext(template)
    return text % params if params else text


def _flat(text: str) -> str:
    return " ".join((text or "").replace("|", "/").split())


def document_names(user, docs) -> dict[int, str]:
    """How the form writes each document: its number, with its date when the user sees
    another document of the same number."""
    names = {}
    for doc in {d.pk: d for d in docs}.values():
        name = doc.symbol or ""
        if name and len(documents.by_symbol(user, name)) > 1:
            name = f"{name} ngày {doc.issued_on:%d/%m/%Y}"
        names[doc.pk] = name
    return names


def outline_text(nodes: list[Node], user) -> str:
    """An outline as the textarea shows it, one row a line."""
    names = document_names(user, [d for n in nodes for d in n.sources])
    lines = []
    for node in nodes:
        points = "" if node.max_points is None else format_number(node.max_points.normalize())
        cited = sorted(node.sources, key=lambda d: (d.issued_on, d.pk))
        sources = "; ".join(names[d.pk] for d in cited if names.get(d.pk))
        cells = [node.code, _flat(node.title), points, _flat(node.evidence), sources]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def _precise(value: Decimal, text: str) -> Decimal:
    if not value.is_finite() or value.as_tuple().exponent < -2:
        raise BadCell(_TOO_PRECISE, text=text[:40])
    return value


def _points(text: str) -> Decimal | None:
    body = text.strip()
    if not body:
        return None
    try:
        value = parse_number(body)
    except VnError:
        raise BadCell(_NOT_POINTS, text=body[:40]) from None
    return _precise(value, body)


def split_sources(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,\n]", text or "") if item.strip()]


class Lookup:
    """Document numbers resolved among the documents the user sees, each number once."""

    def __init__(self, user):
        self.user, self.found = user, {}

    def __call__(self, item: str):
        key = " ".join(item.split())
        if key not in self.found:
            try:
                self.found[key] = (resolve(self.user, key), "")
            except forms.ValidationError as error:
                self.found[key] = (None, " ".join(error.messages))
        return self.found[key]


def parse_outline(text: str, user) -> tuple[list[Node], list[int]]:
    """The rows of the textarea (blank lines skipped) and the line each came from; every
    problem is raised together, each naming its line."""
    nodes, lines, problems = [], [], []
    lookup = Lookup(user)
    raw = (text or "").replace("\r\n", "\n").split("\n")
    if sum(1 for line in raw if line.strip()) > MAX_LINES:
        raise forms.ValidationError(say(_TOO_MANY_LINES, limit=MAX_LINES))
    for number, line in enumerate(raw, start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 2:
            problems.append(say(_CELLS, number=number))
            continue
        if len(cells) > CELLS:
            problems.append(say(_TOO_MANY_CELLS, number=number, count=len(cells)))
            continue
        cells += [""] * (CELLS - len(cells))
        code, title, points, evidence, sources = cells
        try:
            maximum = _points(points)
        except BadCell as bad:
            problems.append(say(ROW, number=number, detail=say(bad.template, **bad.params)))
            continue
        if len(evidence) > MAX_EVIDENCE:
            problems.append(say(_EVIDENCE_LONG, number=number, limit=MAX_EVIDENCE))
            continue
        found = []
        for item in split_sources(sources):
            doc, problem = lookup(item)
            if problem:
                problems.append(say(ROW, number=number, detail=problem))
            else:
                found.append(doc)
        nodes.append(Node(code, title, maximum, evidence, tuple(found)))
        lines.append(number)
        if len(problems) >= 20:
            break
    if problems:
        raise forms.ValidationError(problems)
    return nodes, lines


def _code(value) -> str:
    if isinstance(value, date):
        raise BadCell(CELL, detail=Message(_CODE_DATE, {"day": cell_text(value)}))
    if isinstance(value, float) and not value.is_integer():
        return repr(value)  # 1.1 typed into a number cell
    return cell_text(value)


def _cell_points(value) -> Decimal:
    """A cell's points; a problem as the row-and-column message of the reading kit."""
    try:
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return _precise(Decimal(value), str(value))
        if isinstance(value, float):
            return _precise(Decimal(repr(value)), repr(value))
        found = _points(cell_text(value))
    except BadCell as bad:
        raise BadCell(CELL, detail=Message(bad.template, bad.params)) from None
    if found is None:
        raise BadCell(CELL, detail=Message(_NOT_POINTS, {"text": ""}))
    return found


def read_outline(upload, user) -> tuple[list[Node], list[int]]:
    """The rows of an .xlsx workbook's first sheet (row 1: the headers) and the Excel row
    each came from; every problem is raised together, named by row and column."""
    sheet, errors = read_sheet(upload, OUTLINE_COLUMNS)
    if errors:
        raise forms.ValidationError([e.message for e in errors[:20]])
    check, lookup = Check(sheet), Lookup(user)
    nodes, lines = [], []
    if len(sheet.rows) > MAX_LINES:
        raise forms.ValidationError(say(_TOO_MANY_LINES, limit=MAX_LINES))
    for number, values in sheet.rows:
        code = check.read(number, values, "code", _code, limit=20)
        title = check.read(number, values, "title", limit=500)
        maximum = check.read(number, values, "max_points", _cell_points)
        evidence = check.read(number, values, "evidence", limit=MAX_EVIDENCE) or ""
        found = []
        for item in split_sources(check.read(number, values, "sources") or ""):
            doc, problem = lookup(item)
            if problem:
                check.fail(number, "sources", CELL, detail=problem)
            else:
                found.append(doc)
        nodes.append(Node(code or "", title or "", maximum, evidence, tuple(found)))
        lines.append(number)
    if check.errors:
        raise forms.ValidationError([e.message for e in check.errors[:20]])
    return nodes, lines


def placed(error: OversightError, lines: list[int]) -> OversightError:
    """A service's error about the n-th row, renamed for the line (or Excel row) it was on."""
    number = error.params.get("number")
    if isinstance(number, int) and 1 <= number <= len(lines):
        params = {**error.params, "number": lines[number - 1]}
        return OversightError(error.template, field=error.field, **params)
    return error
