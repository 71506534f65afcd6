"""The fields of work and the forms of commendation lamtheo starts with. They are data: an
administrator edits them at /quan-tri/ (new ones, another order, one no longer used)."""

from django.db import migrations

FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("nong-thon-moi", "Xây dựng nông thôn mới"),
    ("van-hoa-xa-hoi", "Văn hóa - xã hội"),
    ("thien-nguyen", "Thiện nguyện"),
    ("an-sinh", "An sinh xã hội"),
    ("giao-duc", "Giáo dục, khoa học"),
    ("y-te", "Y tế"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
    ("quoc-phong-an-ninh", "Quốc phòng - an ninh"),
    ("moi-truong", "Tài nguyên, môi trường"),
    ("dan-van", "Dân vận, mặt trận, đoàn thể"),
]

# (code, name, rank on the ladder, whether a decision is issued)
FORMS = [
    ("bieu-duong", "Biểu dương", 10, False),
    ("giay-khen", "Giấy khen", 20, True),
    ("bang-khen-tinh", "Bằng khen cấp tỉnh", 30, True),
    ("co-thi-dua", "Cờ thi đua", 40, True),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", 50, True),
    ("huan-chuong", "Huân chương", 60, True),
]


def seed(apps, schema_editor):
    Field = apps.get_model("honours", "Field")
    Form = apps.get_model("honours", "Form")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, rank, needs_decision in FORMS:
        Form.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "needs_decision": needs_decision}
        )


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
