from django.db import transaction
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

# account_hooks (lockouts, second factor) and mailqueue (Paramètres › Courriels en attente)
# register their admin views when imported.
from . import account_hooks, admin_isolation, electoral_reserve, mailqueue  # noqa: F401
from .admin_forms import CollectivityAdminForm
from .admin_messages import replace_update_message
from .collectivities import CollectivitySpaceError, SpaceReport, ensure_space
from .dashboard import replace_workflow_panels
from .documents import refuse_logged_in_non_members, refuse_unpublished_documents
from .exports import EXPORT_ACTION, format_export_message
from .membership import chooser_filter_for, user_collectivities
from .models import Collectivity
from .sections import registered_sections


class CollectivitySpaceViewMixin:
    """Creating or saving a collectivité sets up or completes its space, atomically."""

    def save_instance(self):
        instance = super().save_instance()
        self.space = ensure_space(instance, SpaceReport())
        return instance

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except CollectivitySpaceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)

    def get_success_message(self, *args):
        # CreateView passes the instance, EditView nothing: both have set self.object.
        instance = self.object
        sections = ", ".join(section.url for section in self.space.sections if section.url)
        return (
            f"Collectivité « {instance} » enregistrée. Son espace est prêt : "
            f"{sections or 'aucune section (index manquants)'} ; "
            f"groupes « {self.space.contributors_group} » et « {self.space.referents_group} » ; "
            f"circuit « {self.space.workflow} »."
        )


class CollectivityCreateView(CollectivitySpaceViewMixin, CreateView):
    pass


class CollectivityEditView(CollectivitySpaceViewMixin, EditView):
    pass


class CollectivityViewSet(SnippetViewSet):
    """Only EMI moderators and administrators hold the permissions on this model."""

    model = Collectivity
    icon = "group"
    menu_label = "Collectivités"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "kind", "joined_year"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    add_view_class = CollectivityCreateView
    edit_view_class = CollectivityEditView
    edit_handler = ObjectList(Collectivity.panels, base_form_class=CollectivityAdminForm)
    # A member's chooser lists only their own collectivités (cms.admin_isolation).
    chooser_viewset_class = admin_isolation.CollectivityChooserViewSet


register_snippet(CollectivityViewSet)


@hooks.register("construct_page_chooser_queryset")
def restrict_page_chooser_to_own_collectivity(pages, request):
    """A collectivité member never lists another collectivité's pages, nor drafts."""
    restriction = chooser_filter_for(request.user)
    if restriction is None:
        return pages
    return pages.filter(restriction)


class CollectivitySpacesPanel(Component):
    """Dashboard: the sections of the collectivités the user contributes to."""

    name = "collectivity_spaces"
    template_name = "cms/admin/collectivity_spaces_panel.html"
    order = 50

    def __init__(self, spaces):
        self.spaces = spaces

    def get_context_data(self, parent_context):
        return {"spaces": self.spaces}


def spaces_for_user(user):
    collectivities = list(user_collectivities(user).select_related("workflow"))
    if not collectivities:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True))
    sections_by_collectivity = {c.pk: [] for c in collectivities}
    for entry in registered_sections():
        index = entry.index_model.objects.only("title").first()
        label = index.title if index else entry.index_model._meta.verbose_name
        for section in (
            entry.section_model.objects.filter(collectivity__in=collectivities)
            .select_related("collectivity")
            .order_by("path")
        ):
            sections_by_collectivity[section.collectivity_id].append(
                {
                    "page": section,
                    "label": label,
                    "explore_url": reverse("wagtailadmin_explore", args=[section.pk]),
                    "add_url": reverse("wagtailadmin_pages:add_subpage", args=[section.pk]),
                    "can_add": bool(entry.section_model.creatable_subpage_models()),
                }
            )
    return [
        {
            "collectivity": collectivity,
            "is_referent": collectivity.referents_group_id in group_ids,
            "sections": sections_by_collectivity[collectivity.pk],
        }
        for collectivity in collectivities
    ]


@hooks.register("construct_homepage_panels")
def add_collectivity_spaces_panel(request, panels):
    spaces = spaces_for_user(request.user)
    if spaces:
        panels.append(CollectivitySpacesPanel(spaces))


# "Mes contenus" (cms.dashboard) in place of Wagtail's workflow panels.
hooks.register("construct_homepage_panels", replace_workflow_panels)
# After Approve / Request changes in the editor, say what happened (cms.admin_messages).
hooks.register("after_edit_page", replace_update_message)


# Before Wagtail's own check (order 0), which would send a logged-in user to log in again.
hooks.register("before_serve_document", refuse_logged_in_non_members, order=-1)


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    """Exports of personal data appear in the history: who exported what, and when."""

    @actions.register_action(EXPORT_ACTION)
    class ExportFormatter(LogFormatter):
        label = "Export de données"

        def format_message(self, log_entry):
            return format_export_message(log_entry.data)


# First of all: a document no live public page uses does not exist for visitors.
hooks.register("before_serve_document", refuse_unpublished_documents, order=-2)

# --- isolation between collectivités (cms.admin_isolation) ----------------------------


# After Wagtail's own base page viewset (order -1), which it replaces for every page type.
@hooks.register("register_admin_viewset")
def register_isolated_page_viewset():
    return admin_isolation.IsolatedPageViewSet()


hooks.register("construct_reports_menu", admin_isolation.hide_reserved_reports)
# After Wagtail's items are in the list (its hooks run after this app's).
hooks.register("construct_homepage_summary_items", admin_isolation.isolate_summary_items, order=100)


@hooks.register("construct_explorer_page_queryset")
def explorer_lists_only_explorable_pages(parent_page, pages, request):
    """Belt and braces: never another collectivité's page, even when searching."""
    if admin_isolation.sees_everything(request.user):
        return pages
    explorable = admin_isolation.policy_registry.get_by_type(Page).explorable_instances(
        request.user
    )
    return pages.filter(pk__in=explorable.values("pk"))


@hooks.register("construct_admin_api", order=100)
def isolate_admin_api(router):
    """After Wagtail's registrations: images and documents of the user's collections."""
    router.register_endpoint("images", admin_isolation.IsolatedImagesAdminAPIViewSet)
    router.register_endpoint("documents", admin_isolation.IsolatedDocumentsAdminAPIViewSet)


@hooks.register("insert_global_admin_css")
def electoral_reserve_banner_css():
    """The style of the pre-election period's banner (templates/wagtailadmin/base.html)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


class ElectoralReservePanel(Component):
    """The dashboard's list of live pages with blocks marked « promotion institutionnelle »,
    for those who set the period, once it is set and until it ends."""

    name = "electoral_reserve"
    template_name = "cms/admin/electoral_reserve_panel.html"
    order = 45

    def __init__(self, period, pages):
        self.period = period
        self.pages = pages

    def get_context_data(self, parent_context):
        return {
            "period": self.period,
            "running": self.period.running_on(electoral_reserve.today()),
            "pages": self.pages,
        }


@hooks.register("construct_homepage_panels")
def add_electoral_reserve_panel(request, panels):
    if not request.user.has_perm("cms.change_sitesettings"):
        return
    period = electoral_reserve.period_for_request(request)
    if period.start is None or (
        not period.running_on(electoral_reserve.today())
        and period.next_boundary(electoral_reserve.today()) is None
    ):
        return
    panels.append(ElectoralReservePanel(period, electoral_reserve.marked_pages()))
