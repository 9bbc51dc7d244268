"""Admin of the project bank: project listing, cohorts, moderation of user feedback."""

from django.db.models import Case, Count, Value, When
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import ngettext
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_isolation import IsolatedPageFilterSet
from cms.models import Collectivity

from .models import (
    Cohort,
    FeedbackStatus,
    ProjectFeedback,
    ProjectPage,
    ProjectStatus,
    ProjectTheme,
)


def _visible_collectivities(request):
    """Collectivités of the projects this user may explore (all of them for moderators)."""
    explorable = PagePermissionPolicy().explorable_instances(request.user)
    ids = (
        ProjectPage.objects.filter(pk__in=explorable.values("pk"))
        .exclude(collectivity__isnull=True)
        .values("collectivity_id")
    )
    return Collectivity.objects.filter(pk__in=ids)


class ProjectPageFilterSet(IsolatedPageFilterSet):
    collectivity = ModelChoiceFilter(
        label="Collectivité",
        queryset=_visible_collectivities,
        empty_label="Toutes",
    )
    status = ChoiceFilter(label="Statut", choices=ProjectStatus.choices, empty_label="Tous")

    class Meta:
        model = ProjectPage
        fields = []


class ProjectPageIndexView(PageListingViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("collectivity", "cohort", "cohort__host_collectivity")
        )


class ProjectPageListingViewSet(PageListingViewSet):
    """Every project the user may explore, across collectivité sections, with filters."""

    model = ProjectPage
    icon = "list-ul"
    menu_label = "Tous les projets"
    name = "projets"
    index_view_class = ProjectPageIndexView
    filterset_class = ProjectPageFilterSet
    columns = PageListingViewSet.columns + [
        Column("collectivity", label="Collectivité", sort_key="collectivity__name"),
        Column("status", label="Statut", accessor="get_status_display", sort_key="status"),
        Column("origin", label="Origine", accessor="origin_label"),
    ]


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Promotions"
    list_display = [
        "__str__",
        "training_type",
        "host_collectivity",
        DateColumn("jury_date", label="Jury"),
    ]
    list_filter = ["training_type", "host_collectivity"]
    search_fields = ["slug", "host_collectivity__name"]
    ordering = ["-start_date"]


class ProjectThemeViewSet(SnippetViewSet):
    """The project bank's vocabulary: moderators rename or remove themes here."""

    model = ProjectTheme
    icon = "tag"
    menu_label = "Thématiques"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class ProjectFeedbackViewSet(SnippetViewSet):
    """EMI moderators read, approve or refuse what users left on project pages."""

    model = ProjectFeedback
    icon = "comment"
    menu_label = "Avis des usagers"
    list_display = ["excerpt", "role", "project", "created_at", "status"]
    list_filter = ["status", "project__collectivity"]
    search_fields = ["text", "role"]
    inspect_view_enabled = True
    add_to_admin_menu = False

    def get_queryset(self, request):
        # What waits for a moderator comes first, newest first (a column sort overrides).
        return (
            ProjectFeedback.objects.select_related("project")
            .annotate(
                waiting=Case(
                    When(status=FeedbackStatus.PENDING, then=Value(0)),
                    default=Value(1),
                )
            )
            .order_by("waiting", "-created_at")
        )


class ProjectsMenuGroup(ViewSetGroup):
    menu_label = "Projets"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (ProjectPageListingViewSet, CohortViewSet, ProjectThemeViewSet, ProjectFeedbackViewSet)

    def __init__(self):
        super().__init__()
        # These snippets have their own menu: the generic "Snippets" menu leaves them out.
        for viewset in self.registerables:
            viewset.menu_item_is_registered = True


register_snippet(ProjectsMenuGroup)


class ModerateFeedbackBulkAction(SnippetBulkAction):
    """Approve or refuse several opinions at once, from the listing."""

    models = [ProjectFeedback]
    template_name = "projects/admin/confirm_feedback_moderation.html"
    new_status = None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        context["new_status_label"] = dict(FeedbackStatus.choices)[self.new_status]
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        count = 0
        for feedback in objects:
            if action.new_status == FeedbackStatus.APPROVED and not feedback.consent:
                continue
            feedback.moderate(action.new_status, user=action.request.user)
            count += 1
        return count, 0


@hooks.register("register_bulk_action")
class ApproveFeedbackBulkAction(ModerateFeedbackBulkAction):
    display_name = "Approuver"
    action_type = "approve_feedback"
    aria_label = "Approuver et publier les avis sélectionnés"
    action_priority = 10
    new_status = FeedbackStatus.APPROVED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d avis approuvé : il est publié sur la page du projet.",
            "%(count)d avis approuvés : ils sont publiés sur la page de leur projet.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class RejectFeedbackBulkAction(ModerateFeedbackBulkAction):
    display_name = "Refuser"
    action_type = "reject_feedback"
    aria_label = "Refuser les avis sélectionnés"
    action_priority = 20
    new_status = FeedbackStatus.REJECTED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d avis refusé : il ne sera pas publié.",
            "%(count)d avis refusés : ils ne seront pas publiés.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class PendingFeedbackPanel(Component):
    """On the admin dashboard of moderators: how many opinions wait for them."""

    name = "pending_project_feedback"
    order = 150

    def __init__(self, count):
        self.count = count

    @cached_property
    def url(self):
        return (
            reverse(ProjectFeedback.snippet_viewset.get_url_name("list"))
            + f"?status={FeedbackStatus.PENDING}"
        )

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel"><h2>Avis des usagers</h2><p>'
            '<a href="{}">{} en attente de modération</a></p></section>',
            self.url,
            ngettext("%(n)d avis", "%(n)d avis", self.count) % {"n": self.count},
        )


@hooks.register("construct_homepage_panels")
def add_pending_feedback_panel(request, panels):
    if not request.user.has_perm("projects.change_projectfeedback"):
        return
    count = ProjectFeedback.objects.pending().aggregate(n=Count("pk"))["n"]
    if count:
        panels.append(PendingFeedbackPanel(count))
