"""Reading the rows of a cases file: each cell checked, units, fields and forms resolved, the
rows of one case gathered. Nothing here writes."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import BooleanField, Value, When
from django.db.models import Case as Choose
from django.utils import translation

from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.plans.spreadsheets import (
    CELL,
    UNKNOWN_UNIT,
    BadCell,
    Check,
    Message,
    RowError,
    Sheet,
    cell_text,
    chunks,
    read_year,
)
from lamtheo.vn.dates import parse_date
from lamtheo.vn.errors import DateError, shown
from lamtheo.vn.text import fold

from .. import domain, services
from ..domain import HonoursError
from ..models import REVIEWERS, Field, Form, Kind, Level
from .columns import (
    CASE_KEYS,
    COMMENDATION_KEYS,
    COMMENDATION_NEEDS,
    DIFFERENT,
    FIELDS,
    LIMITS,
    NEEDED,
    NEEDED_COLUMN,
    NOT_KIND,
    NOT_LEVEL,
    NOT_REVIEWER,
    OLD_FIELD,
    OLD_FORM,
    UNKNOWN_FIELD,
    UNKNOWN_FORM,
)


@dataclass
class Line:
    """One row of the file as read; a None is a blank or a cell that could not be read."""

    number: int
    unit: str | None
    kind: str | None
    name: str | None
    position: str
    field: str | None
    year: int | None
    title: str | None
    story: str
    source: str
    commended: bool  # any commendation cell is filled
    form: str | None = None
    level: str | None = None
    issuer: str | None = None
    decision: str | None = None
    decided_on: date | None = None
    unit_obj: OrgUnit | None = None
    field_obj: Field | None = None
    form_obj: Form | None = None
    symbol: str = ""  # the decision number as lamtheo writes it

    def case_key(self) -> tuple:
        """The case a row belongs to: its unit, honoree (folded), model (folded) and year."""
        if None in (self.unit_obj, self.name, self.title, self.year):
            return (None,)
        return (self.unit_obj.pk, domain.name_key(self.name), _folded(self.title), self.year)

    def commendation_key(self) -> tuple:
        if not self.commended:
            return ("", "", "")
        return (self.form_obj.pk if self.form_obj else None, self.symbol, self.decided_on)


@dataclass
class CaseRows:
    """The rows of one case: the first names it, each row with a commendation adds one."""

    lines: list[Line]
    # kind, position, field_obj, story, source -> (the value, the row that gave it)
    values: dict[str, tuple] = field(default_factory=dict)


def commendation_columns(sheet: Sheet) -> list[RowError]:
    """A file with any commendation column has every column a commendation needs."""
    if not any(key in sheet.headers for key in COMMENDATION_KEYS):
        return []
    labels = [sheet.columns[key].label for key in COMMENDATION_NEEDS if key not in sheet.headers]
    return [RowError(1, label, NEEDED_COLUMN, {"row": 1, "column": label}) for label in labels]


def _folded(text: str) -> str:
    return " ".join(fold(str(text)).split())


def _choices(choices) -> dict[str, str]:
    """A choice's value by its value, its label (in Vietnamese and the active language) and
    its label without "cấp": "Cấp tỉnh", "tỉnh" and "province" are all the province."""
    found = {}
    labels = [(value, str(label)) for value, label in choices.choices]
    with translation.override("vi"):
        labels += [(value, str(label)) for value, label in choices.choices]
    for value, label in labels:
        for name in (value, label, label.removeprefix("Cấp ").removeprefix("cấp ")):
            found[_folded(name)] = value
    return found


def _chooser(model, template: str, **params):
    known = _choices(model)

    def read(value) -> str:
        text = cell_text(value)
        if _folded(text) in known:
            return known[_folded(text)]
        raise BadCell(template, text=shown(text), **params)

    return read


def _day(value) -> date:
    """A date cell, or a date written as text (20/11/2025, "ngày 20 tháng 11 năm 2025")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(cell_text(value))
    except DateError as error:
        raise BadCell(CELL, detail=Message(error.template, error.params)) from None


def read_lines(check: Check, *, today: date) -> list[Line]:
    """Every row read; a problem of a cell is noted in `check`."""
    sheet = check.sheet
    kind = _chooser(Kind, NOT_KIND)
    levels = ", ".join(str(label) for label in Level.labels)
    level = _chooser(Level, NOT_LEVEL, choices=levels)
    lines = []
    for number, values in sheet.rows:

        def read(key, reader=cell_text, number=number, values=values):
            return check.read(number, values, key, reader, limit=LIMITS.get(key, 0))

        line = Line(
            number=number,
            unit=read("unit"),
            kind=read("kind", kind),
            name=read("name"),
            position=read("position") or "",
            field=read("field"),
            year=read("year", read_year),
            title=read("title"),
            story=read("story") or "",
            source=read("source") or "",
            commended=any(sheet.value(values, key) is not None for key in COMMENDATION_KEYS),
        )
        if line.year is not None:
            try:
                domain.check_year(line.year, today=today)
            except HonoursError as error:
                check.refused(number, error, FIELDS)
                line.year = None
        if line.commended:
            line.form, line.level = read("form"), read("level", level)
            line.issuer, line.decision = read("issuer"), read("decision")
            line.decided_on = read("decided_on", _day)
            for key in COMMENDATION_NEEDS:
                if sheet.value(values, key) is None:
                    check.fail(number, key, NEEDED)
        lines.append(line)
    return lines


def _units(user, codes: set[str]) -> dict[str, OrgUnit]:
    """The file's units by code, each with `reviewable`: the user may verify and commend
    its cases (a reviewer or admin of it or above, as `Case.objects.reviewable_by`)."""
    if user.is_superuser:
        reviewable = Value(True)
    else:
        reviewable = Choose(
            When(pk__in=visible_unit_ids(user, roles=REVIEWERS), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    found = {}
    for chunk in chunks(codes):
        units = OrgUnit.objects.filter(code__in=chunk).annotate(reviewable=reviewable)
        found.update((unit.code, unit) for unit in units)
    return found


def _catalogue(model) -> dict[str, object]:
    """A field's or form's record by its name or its code, folded."""
    found = {}
    for record in model.objects.all():
        found[_folded(record.code)] = found[_folded(record.name)] = record
    return found


def resolve(check: Check, lines: list[Line], user) -> None:
    """Each row's unit (and the user's rights on it), field and form, then its decision
    number read against the form and the date: a few queries for the whole file."""
    units = _units(user, {line.unit for line in lines if line.unit})
    refused: dict[int, HonoursError | None] = {}
    for unit in units.values():
        try:
            services.may_write(unit, user)
        except HonoursError as error:
            refused[unit.pk] = error
    fields, forms = _catalogue(Field), _catalogue(Form)
    for line in lines:
        number = line.number
        if line.unit is not None:
            line.unit_obj = units.get(line.unit)
            if line.unit_obj is None:
                check.fail(number, "unit", UNKNOWN_UNIT, code=line.unit)
            elif (error := refused.get(line.unit_obj.pk)) is not None:
                check.fail(number, "unit", CELL, detail=Message(error.template, error.params))
                line.unit_obj = None
        if line.field is not None:
            line.field_obj = fields.get(_folded(line.field))
            if line.field_obj is None or not line.field_obj.active:
                wrong = UNKNOWN_FIELD if line.field_obj is None else OLD_FIELD
                check.fail(number, "field", wrong, text=shown(line.field))
                line.field_obj = None
        if line.form is not None:
            line.form_obj = forms.get(_folded(line.form))
            if line.form_obj is None or not line.form_obj.active:
                wrong = UNKNOWN_FORM if line.form_obj is None else OLD_FORM
                check.fail(number, "form", wrong, text=shown(line.form))
                line.form_obj = None
        if line.commended and line.unit_obj is not None and not line.unit_obj.reviewable:
            check.fail(number, "form", NOT_REVIEWER, unit=line.unit_obj.name)
        _decision(check, line)


def _decision(check: Check, line: Line) -> None:
    """The decision number read as the service will: in the Party or the State style, held
    to the profile in force on the decision's date; required when the form is decided."""
    if line.form_obj is None or line.decided_on is None:
        return
    if not line.decision and not line.form_obj.needs_decision:
        return
    try:
        line.symbol = domain.read_decision(line.decision or "", on=line.decided_on).symbol
    except HonoursError as error:
        check.refused(line.number, error, FIELDS)
        line.form_obj = None  # not a commendation to write


def gather(check: Check, lines: list[Line]) -> list[CaseRows]:
    """The rows of each case, in the file's order. The case's own columns are taken from its
    first row that fills them; another row of the case that fills one differently is refused;
    a row repeating a commendation of its case is too."""
    cases: dict[tuple, CaseRows] = {}
    for line in lines:
        key = line.case_key()
        if None in key:
            continue
        case = cases.setdefault(key, CaseRows([]))
        case.lines.append(line)
        for name in CASE_KEYS:
            attribute = "field_obj" if name == "field" else name
            value = getattr(line, attribute)
            if value in (None, ""):
                continue
            if attribute not in case.values:
                case.values[attribute] = (value, line.number)
            elif case.values[attribute][0] != value:
                check.fail(line.number, name, DIFFERENT, first=case.values[attribute][1])
    columns = ("unit", "name", "title", "year", "form", "decision", "decided_on")
    check.duplicates(
        lines,
        lambda line: (*line.case_key(), *line.commendation_key()),
        tuple(key for key in columns if key in check.sheet.headers),
    )
    return list(cases.values())
