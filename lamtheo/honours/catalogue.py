"""The fields of work and the forms of commendation lamtheo starts with. They are data: an
administrator edits them at /quan-tri/ (new ones, another order, one no longer used). The
migration that seeds them calls `seed` with its historical models."""

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


def seed(field_model=None, form_model=None) -> None:
    """Write the starting rows that are missing; a row an administrator changed stays as is."""
    if field_model is None or form_model is None:
        from .models import Field, Form

        field_model, form_model = Field, Form
    for order, (code, name) in enumerate(FIELDS, start=1):
        field_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, rank, needs_decision in FORMS:
        form_model.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "needs_decision": needs_decision}
        )
