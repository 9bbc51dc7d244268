from django.apps import AppConfig

# What the roles may do with cms's own models and with everyone's pages and files
# (cms.roles). The moderators' page actions apply on every moderated index, the
# collectivités' groups' on their own sections.
MODERATOR_GRANTS = dict(
    permissions=(
        "wagtailadmin.access_admin",
        "cms.add_collectivity",
        "cms.change_collectivity",
        "cms.view_collectivity",
        "cms.change_sitesettings",
    ),
    page_actions=("add", "change", "publish", "lock", "unlock"),
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
        "wagtailimages.change_image",
        "wagtaildocs.change_document",
    ),
)
# Contributors and référents: admin access, add and edit pages in their sections, add
# and choose images and documents in their collection; never publish.
MEMBER_GRANTS = dict(
    permissions=("wagtailadmin.access_admin",),
    page_actions=("add", "change"),
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ),
)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site EMI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate
        from wagtail.signals import page_published, post_page_move

        from . import (
            checks,  # noqa: F401 - registers the reserved-names system check
            page_cache,
            page_queries,
            publicity,
            renditions,
            roles,
            social_cards,
        )
        from .collectivity_rule import resync_after_move
        from .notifications import register_signal_handlers
        from .retention_rules import register_site_rules
        from .robots import disallow
        from .site_address import sync_site_after_migrate

        register_signal_handlers()
        register_site_rules()
        publicity.connect()
        renditions.connect()
        renditions.use_avif_speed(settings.EMI_AVIF_SPEED)
        page_cache.connect()
        page_queries.install()
        roles.declare_roles(
            "cms",
            moderators=roles.Grants(**MODERATOR_GRANTS),
            contributors=roles.Grants(**MEMBER_GRANTS),
            referents=roles.Grants(**MEMBER_GRANTS),
        )
        roles.connect()
        disallow("/admin/", "/django-admin/", "search", "/compte/")
        post_page_move.connect(resync_after_move, dispatch_uid="cms_collectivity_after_move")
        page_published.connect(social_cards.warm_on_publish, dispatch_uid="cms_social_cards")
        # Every deployment runs migrate: the Site record then follows WAGTAILADMIN_BASE_URL.
        post_migrate.connect(
            sync_site_after_migrate, sender=self, dispatch_uid="cms_sync_site_address"
        )
