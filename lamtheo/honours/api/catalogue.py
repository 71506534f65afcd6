"""/api/v1/honours/fields and /forms: the fields of work and the forms of commendation, data an
administrator edits (at /quan-tri/), in their order."""

from ninja import Schema

from ..models import Field, Form
from .common import router


class HonoursFieldOut(Schema):
    code: str
    name: str
    order: int
    active: bool


class HonoursFormOut(Schema):
    code: str
    name: str
    rank: int
    needs_decision: bool
    active: bool


@router.get(
    "/honours/fields",
    response=list[HonoursFieldOut],
    summary="Fields of work (lĩnh vực), in order; inactive ones too, marked",
)
def list_fields(request):
    return list(Field.objects.values("code", "name", "order", "active"))


@router.get(
    "/honours/forms",
    response=list[HonoursFormOut],
    summary="Forms of commendation, up the ladder (biểu dương 10 ... huân chương 60)",
)
def list_forms(request):
    return list(Form.objects.values("code", "name", "rank", "needs_decision", "active"))
