"""Isolation between collectivités in every corner of the Wagtail admin.

A contributor or référent sees only what belongs to their own collectivité (its pages,
images, documents, people and workflow), what EMI publishes for everyone, and the EMI
moderators who review their work. Nothing of another collectivité: no title, no count,
no name, no address, whatever screen, filter, chooser, export or API call they try.

Wagtail already limits editing; this module limits *seeing*, with Wagtail's own means:
- page listings (explorer, search, pages of a type) through a page viewset whose views
  refuse to explore a page the user may not explore and whose user filters list only
  the people the user may see (`IsolatedPageViewSet`);
- the page chooser refuses to browse into a page outside the user's scope;
- reports: the site-wide ones (page types usage, aging pages, site history, locked
  pages) answer 403 to anyone but EMI moderators and administrators, and leave the
  menu; the workflow reports keep the user's own rows and filter their choices;
- the dashboard counts only the pages of the user's own sections;
- the admin API's image and document endpoints list only the collections the user
  may use;
- image and document listings and the image chooser offer as "popular tags" only the
  tags of the user's own files, and their usage pages and counts leave out the pages
  the user may not explore (a moderator may use A's image on B's page): that part
  lives in cms.admin_isolation_media.

Moderators and administrators (`is_moderator`) see everything, as before.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import FilteredModelChoiceFilter, MultipleUserFilter
from wagtail.admin.mail import send_notification
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views import chooser
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import (
    EditedByFilter,
    ExplorableIndexView,
    GenericPageFilterSet,
    PageFilterSet,
)
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
    get_requested_by_queryset,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import (
    Comment,
    CommentReply,
    Page,
    PageLogEntry,
    PageSubscription,
    Task,
    Workflow,
)
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser

from .membership import chooser_filter_for, user_collectivities
from .roles import MODERATORS_GROUP_NAME, is_moderator
from .sections import section_models

# Reports that only make sense for the whole site: EMI moderators and administrators.
RESERVED_REPORT_MENU_NAMES = ("locked-pages", "site-history", "aging-pages", "page-types-usage")
RESERVED_REPORT_TEMPLATE = "cms/admin/reserved_report.html"


def sees_everything(user):
    """Administrators and EMI moderators: the whole site, every person."""
    return user.is_authenticated and is_moderator(user)


# --- people --------------------------------------------------------------------------


def visible_people(user):
    """The users `user` may see named in the admin.

    Everyone for moderators. For anyone else: themself, the people of their own
    collectivités (contributors and référents), the EMI moderators and the
    administrators. Never another collectivité's people, nor alumni.
    """
    User = get_user_model()
    if sees_everything(user):
        return User.objects.all()
    groups = []
    for collectivity in user_collectivities(user):
        groups += [collectivity.contributors_group_id, collectivity.referents_group_id]
    return User.objects.filter(
        Q(pk=user.pk)
        | Q(groups__in=[group for group in groups if group])
        | Q(groups__name=MODERATORS_GROUP_NAME)
        | Q(is_superuser=True)
    ).distinct()


def only_visible_people(user, users):
    if sees_everything(user):
        return users
    return users.filter(pk__in=visible_people(user).values("pk"))


# --- pages ---------------------------------------------------------------------------


def page_policy():
    return policy_registry.get_by_type(Page)


def may_explore(user, page):
    """Whether `user` may list `page` and its children in the explorer."""
    if sees_everything(user):
        return True
    return page_policy().explorable_instances(user).filter(pk=page.pk).exists()


def own_section_pages(user):
    """The pages of the user's own collectivité sections, sections included."""
    own_ids = list(user_collectivities(user).values_list("pk", flat=True))
    in_sections = Q(pk__in=[])
    for model in section_models():
        for path in model.objects.filter(collectivity_id__in=own_ids).values_list(
            "path", flat=True
        ):
            in_sections |= Q(path__startswith=path)
    return Page.objects.filter(in_sections)


def _page_owners(request):
    users = get_user_model().objects.filter(
        pk__in=Page.objects.order_by().values_list("owner_id", flat=True).distinct()
    )
    return only_visible_people(request.user, users)


def _page_editors(request):
    users = get_user_model().objects.filter(
        pk__in=PageLogEntry.objects.filter(action="wagtail.edit")
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    return only_visible_people(request.user, users)


class IsolatedPageFilterSet(PageFilterSet):
    """Wagtail's page filters, whose "Owner" and "Edited by" list only visible people."""

    owner = MultipleUserFilter(
        label=_("Owner"), queryset=_page_owners, widget=CheckboxSelectMultiple
    )
    edited_by = EditedByFilter(
        label=_("Edited by"), queryset=_page_editors, widget=CheckboxSelectMultiple
    )

    class Meta(PageFilterSet.Meta):
        pass


class IsolatedGenericPageFilterSet(IsolatedPageFilterSet, GenericPageFilterSet):
    class Meta(GenericPageFilterSet.Meta):
        pass


class IsolatedExplorableIndexView(ExplorableIndexView):
    """The explorer: a page outside the user's scope is not listed, nor its title shown."""

    base_filterset_class = IsolatedGenericPageFilterSet

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = Page.objects.filter(pk=parent_page_id).first()
            if page is not None and not may_explore(request.user, page):
                return permission_denied(request)
        return super().get(request, parent_page_id)


class IsolatedContentTypeUseView(ContentTypeUseView):
    """Pages of one type: only explorable ones are listed (Wagtail's base queryset)."""

    base_filterset_class = IsolatedPageFilterSet


class IsolatedEditView(EditView):
    """The page editor: comment notifications go only to people who may edit the page.

    Wagtail mails every subscriber of the page and everyone who took part in a thread;
    someone who has since left the collectivité (or whose page moved to another space)
    would keep receiving its comments, authors and excerpts. Same e-mails, same
    grouping by thread, minus those people.
    """

    def send_commenting_notifications(self, changes):
        if not any(
            changes[key]
            for key in ("new_comments", "deleted_comments", "resolved_comments", "new_replies")
        ):
            return

        def may_edit(user):
            return user.is_active and self.page.permissions_for_user(user).can_edit()

        editor = self.request.user
        subscribers = [
            subscription.user
            for subscription in PageSubscription.objects.filter(
                page=self.page, comment_notifications=True
            ).select_related("user")
            if subscription.user != editor and may_edit(subscription.user)
        ]
        thread_ids = {comment.pk for comment in changes["resolved_comments"]}
        thread_ids |= {comment.pk for comment, _replies in changes["new_replies"]}
        threads_by_user = defaultdict(set)
        for comment in Comment.objects.filter(pk__in=thread_ids).select_related("user"):
            threads_by_user[comment.user].add(comment.pk)
        for reply in CommentReply.objects.filter(comment_id__in=thread_ids).select_related("user"):
            threads_by_user[reply.user].add(reply.comment_id)
        users_by_threads = defaultdict(list)
        for user, threads in threads_by_user.items():
            if user is not None and user != editor and user not in subscribers and may_edit(user):
                users_by_threads[frozenset(threads)].append(user)

        def context(keep):
            return {
                "page": self.page,
                "editor": editor,
                "new_comments": [c for c in changes["new_comments"] if keep(c)],
                "resolved_comments": [c for c in changes["resolved_comments"] if keep(c)],
                "deleted_comments": changes["deleted_comments"] if keep(None) else [],
                "replied_comments": [
                    {"comment": comment, "replies": replies}
                    for comment, replies in changes["new_replies"]
                    if keep(comment)
                ],
            }

        for threads, users in users_by_threads.items():
            send_notification(
                users,
                "updated_comments",
                context(lambda comment, t=threads: comment is not None and comment.pk in t),
            )
        return send_notification(subscribers, "updated_comments", context(lambda comment: True))


class IsolatedPageViewSet(PageViewSet):
    """The admin's views for every page type, with the isolation above."""

    model = Page
    index_view_class = IsolatedExplorableIndexView
    content_type_use_view_class = IsolatedContentTypeUseView
    edit_view_class = IsolatedEditView
    filterset_class = IsolatedGenericPageFilterSet


class IsolatedPageChooserBrowseView(chooser.BrowseView):
    """The page chooser never opens a page outside the user's scope (its title included)."""

    def get_object_list(self):
        restriction = chooser_filter_for(self.request.user)
        if (
            restriction is not None
            and not self.parent_page.is_root()
            and not Page.objects.filter(restriction).filter(pk=self.parent_page.pk).exists()
            and not own_section_pages(self.request.user)
            .filter(path__startswith=self.parent_page.path)
            .exists()
        ):
            raise PermissionDenied
        return super().get_object_list()


# --- dashboard -----------------------------------------------------------------------


class OwnPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: the pages of the member's own sections only."""

    template_name = "cms/admin/own_pages_summary.html"

    def get_context_data(self, parent_context):
        user = self.request.user
        collectivities = list(user_collectivities(user))
        first_section = None
        for model in section_models():
            first_section = (
                model.objects.filter(collectivity__in=collectivities).order_by("path").first()
            )
            if first_section is not None:
                break
        return {
            "total_pages": own_section_pages(user).count(),
            "collectivities": collectivities,
            "section": first_section,
        }


def isolate_summary_items(request, items):
    if sees_everything(request.user) or not user_collectivities(request.user).exists():
        return
    for position, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[position] = OwnPagesSummaryItem(request)


# --- reports -------------------------------------------------------------------------


class ModeratorsOnlyReportMixin:
    """A site-wide report: 403 at its URL (and its results and exports) for non-moderators."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_everything(request.user):
            return TemplateResponse(
                request,
                RESERVED_REPORT_TEMPLATE,
                {"report_title": self.page_title, "moderators": MODERATORS_GROUP_NAME},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ReservedLockedPagesView(ModeratorsOnlyReportMixin, LockedPagesView):
    pass


class ReservedSiteHistoryView(ModeratorsOnlyReportMixin, LogEntriesView):
    pass


class ReservedAgingPagesView(ModeratorsOnlyReportMixin, AgingPagesView):
    pass


class ReservedPageTypesUsageView(ModeratorsOnlyReportMixin, PageTypesUsageReportView):
    pass


def visible_workflows(user):
    """Workflows a user may see by name: their collectivités' own, or all for moderators."""
    if sees_everything(user):
        return Workflow.objects.all()
    ids = [c.workflow_id for c in user_collectivities(user) if c.workflow_id]
    return Workflow.objects.filter(pk__in=ids)


def visible_tasks(user):
    if sees_everything(user):
        return Task.objects.all()
    return Task.objects.filter(workflow_tasks__workflow__in=visible_workflows(user)).distinct()


def _requested_by(request):
    return only_visible_people(request.user, get_requested_by_queryset(request))


def _workflows(request):
    return visible_workflows(request.user)


def _tasks(request):
    return visible_tasks(request.user)


class IsolatedWorkflowReportFilterSet(WorkflowReportFilterSet):
    workflow = ModelChoiceFilter(label=_("Workflow"), queryset=_workflows)
    requested_by = ModelChoiceFilter(
        label=_("Requested by"), field_name="requested_by", queryset=_requested_by
    )

    class Meta(WorkflowReportFilterSet.Meta):
        pass


class IsolatedWorkflowTasksReportFilterSet(WorkflowTasksReportFilterSet):
    workflow = ModelChoiceFilter(
        field_name="workflow_state__workflow", queryset=_workflows, label=_("Workflow")
    )
    task = FilteredModelChoiceFilter(
        queryset=_tasks,
        filter_field="id_workflow",
        filter_accessor="workflows",
        label=_("Task"),
    )

    class Meta(WorkflowTasksReportFilterSet.Meta):
        pass


class IsolatedWorkflowView(WorkflowView):
    """Workflow report: the rows of pages the user may edit, choices filtered alike."""

    filterset_class = IsolatedWorkflowReportFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if sees_everything(self.request.user):
            return queryset
        return queryset.filter(workflow__in=visible_workflows(self.request.user))


class IsolatedWorkflowTasksView(WorkflowTasksView):
    filterset_class = IsolatedWorkflowTasksReportFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if sees_everything(self.request.user):
            return queryset
        return queryset.filter(workflow_state__workflow__in=visible_workflows(self.request.user))


def hide_reserved_reports(request, menu_items):
    if not sees_everything(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in RESERVED_REPORT_MENU_NAMES]


# --- admin API (used by the admin's own scripts) --------------------------------------


class _CollectionScopedAPIMixin:
    """Only the images or documents of collections the user may add to or choose from."""

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if sees_everything(user):
            return queryset
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(user, ["add", "change", "choose"])
        return queryset.filter(pk__in=allowed.values("pk"))


def _without_download_url(fields):
    return [field for field in fields if field != "download_url"]


class IsolatedImagesAdminAPIViewSet(_CollectionScopedAPIMixin, ImagesAdminAPIViewSet):
    # Originals have no public address (cms.storage): no `download_url`, which
    # would fail on them (the admin's scripts use the thumbnail).
    meta_fields = _without_download_url(ImagesAdminAPIViewSet.meta_fields)
    listing_default_fields = _without_download_url(ImagesAdminAPIViewSet.listing_default_fields)
    nested_default_fields = _without_download_url(ImagesAdminAPIViewSet.nested_default_fields)


class IsolatedDocumentsAdminAPIViewSet(_CollectionScopedAPIMixin, DocumentsAdminAPIViewSet):
    pass


# --- the collectivité chooser --------------------------------------------------------


def visible_collectivities(user, queryset):
    """A member chooses only their own collectivités (their pages belong to them)."""
    if sees_everything(user):
        return queryset
    return queryset.filter(pk__in=user_collectivities(user).values("pk"))


class _OwnCollectivitiesMixin:
    def get_object_list(self):
        return visible_collectivities(self.request.user, super().get_object_list())


class CollectivityChooseView(_OwnCollectivitiesMixin, snippet_chooser.ChooseView):
    pass


class CollectivityChooseResultsView(_OwnCollectivitiesMixin, snippet_chooser.ChooseResultsView):
    pass


class CollectivityChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        queryset = visible_collectivities(self.request.user, self.model_class.objects.all())
        return queryset.get(pk=pk)


class CollectivityChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_collectivities(self.request.user, super().get_objects(pks))


class CollectivityChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = CollectivityChooseView
    choose_results_view_class = CollectivityChooseResultsView
    chosen_view_class = CollectivityChosenView
    chosen_multiple_view_class = CollectivityChosenMultipleView
