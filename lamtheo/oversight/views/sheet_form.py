"""The scoring sheet's form: one points box and one text box per criterion, named the way the
services name their errors (`points-<criterion id>`, `evidence-<id>` for the unit, `comment-<id>`
for a reviewer), plus the reviewers' conditions, overall comment and reason to return.

The page posts the whole sheet (it works without JavaScript); the script saves the same fields
one by one through the autosave endpoint. Only what differs from the sheet as stored is passed
to the services, so a reviewer's name lands on the rows they scored, not on every row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.vn.numbers import format_number
from lamtheo.web import translated

from .. import services
from ..models import CONDITION_LABELS

SELF, REVIEW = "self", "review"
TEXT_KEY = {SELF: "evidence", REVIEW: "comment"}


def typed(value) -> str:
    """Stored points as a person types them: Vietnamese digits (8,5)."""
    return "" if value is None else format_number(value.normalize())


def _points_of(score, mode: str):
    if score is None:
        return None
    return score.self_points if mode == SELF else score.review_points


def _text_of(score, mode: str) -> str:
    if score is None:
        return ""
    return score.evidence if mode == SELF else score.review_comment


class SheetForm(forms.Form):
    """`mode` is SELF (the unit's writers) or REVIEW (the round unit's reviewers)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows, mode: str, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.evaluation = evaluation
        self.stored: dict[str, object] = {}  # field name -> what the sheet holds, as typed
        text_key = TEXT_KEY[mode]
        points_label = _("Điểm tự chấm") if mode == SELF else _("Điểm thẩm định")
        text_label = _("Minh chứng") if mode == SELF else _("Nhận xét")
        for row in rows:
            criterion = row.criterion
            if criterion.is_group:
                continue
            points, note = f"points-{criterion.pk}", f"{text_key}-{criterion.pk}"
            self.fields[points] = forms.CharField(
                label=f"{points_label}, {_('tiêu chí')} {criterion.code}",
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "class": "points",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "maxlength": "20",
                        "size": "6",
                        "data-save": "",
                    }
                ),
            )
            self.fields[note] = forms.CharField(
                label=f"{text_label}, {_('tiêu chí')} {criterion.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 30, "data-save": ""}),
            )
            self.stored[points] = typed(_points_of(row.score, mode))
            self.stored[note] = _text_of(row.score, mode)
        if mode == REVIEW:
            self.fields["conditions"] = forms.MultipleChoiceField(
                label=_("Điều kiện của mức Hoàn thành xuất sắc nhiệm vụ đơn vị đạt"),
                choices=[(key, CONDITION_LABELS[key]) for key in services.CONDITIONS],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"data-save": ""}),
            )
            self.fields["comment"] = forms.CharField(
                label=_("Nhận xét chung"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "data-save": ""}),
            )
            self.fields["reason"] = forms.CharField(
                label=_("Lý do trả lại"),
                required=False,
                help_text=_("Bắt buộc khi trả lại: đơn vị cần chấm lại gì"),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.stored["conditions"] = sorted(evaluation.conditions or [])
            self.stored["comment"] = evaluation.comment
        if not self.is_bound:
            self.initial = {"version": evaluation.version, **self.stored}

    def cells(self, criterion) -> tuple:
        """The bound points and text fields of a criterion."""
        return (
            self[f"points-{criterion.pk}"],
            self[f"{TEXT_KEY[self.mode]}-{criterion.pk}"],
        )

    def scores(self) -> dict:
        """{criterion id: {"points": .., "evidence"|"comment": ..}} of what changed."""
        changed: dict[int, dict] = {}
        for name, before in self.stored.items():
            key, _sep, pk = name.partition("-")
            if not pk or name not in self.data:
                continue
            value = self.cleaned_data.get(name, "")
            if value.strip() != str(before).strip():
                changed.setdefault(int(pk), {})[key] = value
        return changed

    def overall(self) -> dict:
        """The reviewer's conditions and overall comment, when they changed."""
        if self.mode != REVIEW:
            return {}
        found = {}
        conditions = sorted(self.cleaned_data.get("conditions") or [])
        if conditions != self.stored["conditions"]:
            found["conditions"] = conditions
        comment = self.cleaned_data.get("comment", "")
        if comment.strip() != (self.stored["comment"] or "").strip():
            found["comment"] = comment
        return found


def show(form: forms.Form, error) -> str | None:
    """A service's error on the visible field it names, else above the form (a stale
    `version` is about the whole sheet); the name of the field it went to."""
    field = form.fields.get(error.field or "")
    name = error.field if field is not None and not field.widget.is_hidden else None
    form.add_error(name, translated(error))
    if name is not None:
        field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})
    return name
