from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import sitemap
from cms import views as cms_views
from cms.accounts import AdminPasswordResetView, InvitationActivationView
from cms.api import api_router
from cms.social_cards import social_card

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's password reset form, rate limited (cms.accounts), before the admin's URLs.
    path(
        "admin/password_reset/",
        AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include("cms.admin_urls")),  # Wagtail's admin, isolated views first
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # Renditions of images no live public page uses yet (cms.storage, cms.publicity).
    path(
        "images-privees/<str:filename>",
        cms_views.private_rendition,
        name="private_rendition",
    ),
    path("recherche/", cms_views.search, name="search"),
    path(
        "compte/activer/<uidb64>/<token>/",
        InvitationActivationView.as_view(),
        name="account_activate",
    ),
    # The picture of a shared link for a page without a cover image (cms.social_cards).
    path("cartes/<slug:slug>.png", social_card, name="social_card"),
    path("sitemap.xml", sitemap.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap.section, name=sitemap.SECTION_URL_NAME),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("sante/", cms_views.health, name="health"),
    # The project URLconf wires every app in; apps never import each other upwards.
    path("alumni/", include("alumni.urls")),
    path("", include("projects.urls")),
    path("", include("news.urls")),
    path("", include("home.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    urlpatterns += [path("500/", TemplateView.as_view(template_name="500.html"))]

# Wagtail's page view, with the pages along the path read at once (cms.page_queries).
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, cms_views.serve_page, name="wagtail_serve"),
]

handler500 = "cms.views.server_error"
