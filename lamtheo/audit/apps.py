from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lamtheo.audit"
    label = "audit"
    verbose_name = _("Nhật ký")

    def ready(self):
        from . import capture

        capture.connect()
