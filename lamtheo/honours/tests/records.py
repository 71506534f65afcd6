"""One of each honours record for a unit, for the generic access and attack tests
(lamtheo/tests): an emulation movement, and a verified case answering it with a photo (its
`photo`), a commendation and nothing published."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.files.models import Attachment
from lamtheo.honours import services
from lamtheo.honours.models import Case, Commendation, Field, Form

from .test_domain import PNG


def make_records(unit, user) -> dict:
    movement = services.save_movement(
        unit=unit,
        name=f"Phong trào thi đua “Dân vận khéo” của {unit.name}",
        starts_on=date(2025, 7, 1),
        criteria="Có mô hình dân vận khéo được công nhận",
        by=user,
    )
    case = services.nominate_case(
        unit=unit,
        kind="collective",
        name=f"Chi đoàn thanh niên của {unit.name}",
        field=Field.objects.get(code="an-sinh"),
        year=2025,
        title="Làm đường bê tông cho bản",
        story="Đoàn viên góp công làm 300 m đường.",
        movement=movement,
        uploads=[SimpleUploadedFile("anh-con-duong.png", PNG, content_type="image/png")],
        by=user,
    )
    # Verified and commended once, as a reviewer above would: straight through the models.
    Case.objects.filter(pk=case.pk).update(status="verified", version=2)
    Commendation.objects.create(
        case=case,
        form=Form.objects.get(code="bieu-duong"),
        level="commune",
        issuer_name=unit.name,
        decided_on=date(2025, 12, 1),
    )
    photo = Attachment.objects.get(owner_id=str(case.pk), owner_type__model="case")
    return {"case": case.pk, "movement": movement.pk, "photo": str(photo.uid)}
