from django.db.models import Count
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .admin_views import InviteView
from .models import AlumniProfile, AlumniTheme, MentorRequest, TrainingModule


class AlumniProfileIndexView(IndexView):
    @property
    def add_item_label(self):
        return "Inviter des alumni"


class AlumniProfileViewSet(SnippetViewSet):
    """Profiles, for EMI moderators; a profile starts with an invitation ("Inviter")."""

    model = AlumniProfile
    icon = "user"
    menu_label = "Profils"
    index_view_class = AlumniProfileIndexView
    list_display = [
        "full_name",
        Column("collectivity", label="Collectivité"),
        Column("cohort", label="Promotion"),
        BooleanColumn("is_active", label="Actif"),
        BooleanColumn("public_listing", label="Fiche publique"),
        DateColumn("consent_at", label="Accord"),
        DateColumn("profile_updated_at", label="Mis à jour"),
    ]
    list_filter = ["is_active", "public_listing", "is_mentor", "collectivity", "cohort"]
    search_fields = ["first_name", "last_name", "email", "user__email"]
    copy_view_enabled = False

    @property
    def add_view(self):
        return self.construct_view(InviteView)


class MentorRequestViewSet(SnippetViewSet):
    """Mentoring requests, read only: the mentor answers, never the admin."""

    model = MentorRequest
    icon = "resubmit"
    menu_label = "Parrainages"
    list_display = ["__str__", "status", DateColumn("created_at", label="Envoyée le")]
    list_filter = ["status"]
    copy_view_enabled = False
    inspect_view_enabled = True


class TrainingModuleViewSet(SnippetViewSet):
    """The training's modules, by which the resource library is browsed."""

    model = TrainingModule
    icon = "folder-open-1"
    menu_label = "Modules de formation"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    copy_view_enabled = False


class AlumniThemeViewSet(SnippetViewSet):
    """The themes members choose from (alumni.themes): one spelling per theme."""

    model = AlumniTheme
    icon = "tag"
    menu_label = "Thèmes et compétences"
    list_display = [
        "name",
        Column("profile_count", label="Profils"),
        Column("mentor_count", label="Parrainages"),
    ]
    search_fields = ["name"]
    panels = [FieldPanel("name")]
    copy_view_enabled = False

    def get_queryset(self, request):
        return AlumniTheme.objects.annotate(
            profile_count=Count("profile_items", distinct=True),
            mentor_count=Count("mentor_items", distinct=True),
        ).order_by("name")


class AlumniViewSetGroup(SnippetViewSetGroup):
    items = (
        AlumniProfileViewSet,
        AlumniThemeViewSet,
        MentorRequestViewSet,
        TrainingModuleViewSet,
    )
    menu_icon = "group"
    menu_label = "Alumni"
    menu_name = "alumni"


register_snippet(AlumniViewSetGroup)
