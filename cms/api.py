"""Read-only Wagtail API v2 at /api/v2/: live public pages only.

Wagtail's images and documents endpoints are not registered: their `download_url`
would list every original, used by a published page or not (cms.publicity). Images of
a page reach API clients as the page's own fields; files are downloaded from the site.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
