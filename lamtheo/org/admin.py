"""Back office for the org area. The hierarchy (validity, edges, lineage) is changed only through
the services, which keep the closure table; the admin shows it and edits what is safe."""

from django.contrib import admin

from .models import Edge, Lineage, Membership, OrgUnit


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EdgeInline(admin.TabularInline):
    model = Edge
    fk_name = "child"
    fields = ("parent", "valid_from", "valid_to")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "issuer_code",
        "province_code",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind", "province_code")
    search_fields = ("code", "name", "search_name")
    readonly_fields = ("code", "kind", "valid_from", "valid_to", "province_code", "admin_code")
    fields = (
        "code",
        "name",
        "short_name",
        "kind",
        "issuer_code",
        "province_code",
        "admin_code",
        "valid_from",
        "valid_to",
    )
    inlines = [EdgeInline]

    def has_add_permission(self, request):
        return False  # units come from load-admin-units or the services, which keep the closure

    def has_delete_permission(self, request, obj=None):
        return False  # a unit ends (dissolve, merge); it is never deleted


@admin.register(Edge)
class EdgeAdmin(ReadOnly):
    list_display = ("child", "parent", "valid_from", "valid_to")
    list_select_related = ("child", "parent")
    search_fields = ("child__name", "parent__name", "child__code")


@admin.register(Lineage)
class LineageAdmin(ReadOnly):
    list_display = ("predecessor", "kind", "successor", "new_parent", "effective_on", "note")
    list_filter = ("kind", "effective_on")
    list_select_related = ("predecessor", "successor", "new_parent")
    search_fields = ("predecessor__name", "successor__name", "predecessor__code")


@admin.register(Membership)
class MembershipAdmin(ReadOnly):
    """Roles are granted and ended on each unit's page (Tổ chức › unit › Quản lý vai trò),
    through the service that refuses overlaps; here they are listed and searched."""

    list_display = ("user", "role", "unit", "valid_from", "valid_to")
    list_filter = ("role",)
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
