"""Back office for honours: the fields of work and the forms of commendation are data that an
administrator keeps here (a new field, another rank, one no longer in use - never deleted once
a case names it). Cases and movements are written on their pages, through the services that
keep the workflow; here they are read-only."""

from django.contrib import admin

from lamtheo.org.admin import ReadOnly

from .models import Case, Field, Form, Movement


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Form)
class FormAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "rank", "needs_decision", "active")
    list_editable = ("rank", "needs_decision", "active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("name", "title", "unit", "year", "field", "status", "published")
    list_filter = ("status", "kind", "published", "field")
    search_fields = ("name", "title")
    list_select_related = ("unit", "field")
    raw_id_fields = ("unit", "honoree_unit", "proposed_by", "verified_by")


@admin.register(Movement)
class MovementAdmin(ReadOnly):
    list_display = ("name", "unit", "starts_on", "ends_on")
    search_fields = ("name",)
    list_select_related = ("unit",)
    raw_id_fields = ("unit", "document")
