"""Admin: staff edit the loaded training content; journal entries show that they exist, never their text."""

from django.contrib import admin
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from .models import JournalEntry, JournalPrompt, Module, Section, SectionProgress, Source, Training


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("title_nl", "key", "content_version")
    readonly_fields = ("content_version",)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("order", "slug", "title_nl", "title_en", "body_nl", "body_en")


class JournalPromptInline(admin.StackedInline):
    model = JournalPrompt
    extra = 0
    fields = ("order", "key", "text_nl", "text_en")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ("order", "citation", "note_nl", "note_en")


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("number", "title_nl", "slug", "unlock_offset", "exercise_key", "training")
    list_display_links = ("number", "title_nl")
    list_filter = ("training",)
    search_fields = ("title_nl", "title_en", "slug")
    ordering = ("training", "number")
    fields = (
        "training",
        "number",
        "slug",
        "title_nl",
        "title_en",
        "unlock_offset",
        "exercise_key",
        "intro_nl",
        "intro_en",
    )
    inlines = (SectionInline, JournalPromptInline, SourceInline)


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read-only and without `text` anywhere: not in the list, the form, search or filters."""

    list_display = ("pk", "author", "module", "created_at", "updated_at", "length")
    list_filter = ("module",)
    search_fields = ("author__email",)
    fields = ("author", "module", "prompt", "created_at", "updated_at", "length")
    readonly_fields = fields
    list_select_related = ("author", "module")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(text_length=Length("text")).defer("text")

    @admin.display(description=_("lengte (tekens)"), ordering="text_length")
    def length(self, obj) -> int:
        return obj.text_length

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasing a person's data goes through their own export/erasure, not an admin click.
        return False


@admin.register(SectionProgress)
class SectionProgressAdmin(admin.ModelAdmin):
    list_display = ("user", "section", "done_at")
    list_select_related = ("user", "section")
    readonly_fields = ("user", "section", "done_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
