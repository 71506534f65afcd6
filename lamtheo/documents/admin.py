"""Back office for the registry: read-only. Documents are registered and edited on their pages,
through the services that check their numbers and keep the search index."""

from django.contrib import admin

from lamtheo.org.admin import ReadOnly

from .models import Document, Relation


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ("symbol", "kind", "unit", "issued_on", "title", "is_public")
    list_filter = ("style", "is_public")
    search_fields = ("symbol", "title")
    list_select_related = ("unit",)
    raw_id_fields = ("unit", "created_by")


@admin.register(Relation)
class RelationAdmin(ReadOnly):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source", "target", "source__unit", "target__unit")
    raw_id_fields = ("source", "target", "created_by")
