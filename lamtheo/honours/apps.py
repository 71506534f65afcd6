from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "lamtheo.honours"
    label = "honours"
    verbose_name = _("Điển hình tiên tiến và khen thưởng")
