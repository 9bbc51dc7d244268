"""The Wagtail admin's URLs, with the isolated versions of a few views in front.

Wagtail wires its report, page-chooser, tag-autocompletion, image and document views
(listing, edit, usage) and the image chooser in its own URLconfs, with no viewset
to swap them through. Their isolated versions (cms.admin_isolation,
cms.admin_isolation_media) are mounted at the very same paths, ahead of Wagtail's
patterns, so that `reverse()` keeps giving the usual URLs and the originals are never reached.
They get the same decorators as Wagtail's own admin views (admin access required,
never cached).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_isolation as isolation
from . import admin_isolation_media as media_isolation


def _listing(route, view_class):
    return [
        path(route, view_class.as_view()),
        path(f"{route}results/", view_class.as_view(results_only=True)),
    ]


isolated_patterns = [
    *_listing("reports/locked/", isolation.ReservedLockedPagesView),
    *_listing("reports/workflow/", isolation.IsolatedWorkflowView),
    *_listing("reports/workflow_tasks/", isolation.IsolatedWorkflowTasksView),
    *_listing("reports/site-history/", isolation.ReservedSiteHistoryView),
    *_listing("reports/aging-pages/", isolation.ReservedAgingPagesView),
    *_listing("reports/page-types-usage/", isolation.ReservedPageTypesUsageView),
    path("choose-page/<int:parent_page_id>/", isolation.IsolatedPageChooserBrowseView.as_view()),
    path("tag-autocomplete/", media_isolation.tag_autocomplete),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", media_isolation.tag_autocomplete),
    # Images and documents: popular tags of one's own files, usage one may see.
    *_listing("images/", media_isolation.IsolatedImageIndexView),
    path("images/<int:image_id>/", media_isolation.IsolatedImageEditView.as_view()),
    path("images/usage/<int:image_id>/", media_isolation.IsolatedImageUsageView.as_view()),
    path("images/chooser/", media_isolation.isolated_image_chooser.choose_view),
    *_listing("documents/", media_isolation.IsolatedDocumentIndexView),
    path("documents/edit/<int:document_id>/", media_isolation.IsolatedDocumentEditView.as_view()),
    path("documents/usage/<int:document_id>/", media_isolation.IsolatedDocumentUsageView.as_view()),
]
isolated_patterns = decorate_urlpatterns(isolated_patterns, require_admin_access)
isolated_patterns = decorate_urlpatterns(isolated_patterns, never_cache)

urlpatterns = isolated_patterns + wagtailadmin_urls.urlpatterns
