"""The Wagtail admin's URLs, with the isolated versions of a few views in front.

Wagtail wires its report, page-chooser and tag-autocompletion views in its own
URLconf, with no viewset to swap them through. Their isolated versions
(cms.admin_isolation) are mounted at the very same paths, ahead of Wagtail's patterns,
so that `reverse()` keeps giving the usual URLs and the originals are never reached.
They get the same decorators as Wagtail's own admin views (admin access required,
never cached).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_isolation as isolation


def _report(route, view_class):
    return [
        path(route, view_class.as_view()),
        path(f"{route}results/", view_class.as_view(results_only=True)),
    ]


isolated_patterns = [
    *_report("reports/locked/", isolation.ReservedLockedPagesView),
    *_report("reports/workflow/", isolation.IsolatedWorkflowView),
    *_report("reports/workflow_tasks/", isolation.IsolatedWorkflowTasksView),
    *_report("reports/site-history/", isolation.ReservedSiteHistoryView),
    *_report("reports/aging-pages/", isolation.ReservedAgingPagesView),
    *_report("reports/page-types-usage/", isolation.ReservedPageTypesUsageView),
    path("choose-page/<int:parent_page_id>/", isolation.IsolatedPageChooserBrowseView.as_view()),
    path("tag-autocomplete/", isolation.tag_autocomplete),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", isolation.tag_autocomplete),
]
isolated_patterns = decorate_urlpatterns(isolated_patterns, require_admin_access)
isolated_patterns = decorate_urlpatterns(isolated_patterns, never_cache)

urlpatterns = isolated_patterns + wagtailadmin_urls.urlpatterns
