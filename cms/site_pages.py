"""The pages every page links to (contact, legal pages), chosen once per site.

Templates link them with `{% site_page %}` (cms_tags): the page chosen here, else the
first live page of the type the template names, so a site whose settings were never
filled in still links them. Slugs repeat across sections: a page is never found by slug.
The choosers accept any page (`wagtailcore.Page`): cms names no page type of an app
above it.
"""

from django.db import models
from wagtail.admin.panels import PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import page_queries


def _page_choice(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class SitePages(BaseSiteSetting):
    """The contact and legal pages that the footer and the forms' notices link to."""

    contact_page = _page_choice("page contact")
    legal_notice_page = _page_choice("page des mentions légales")
    accessibility_page = _page_choice("déclaration d'accessibilité")
    personal_data_page = _page_choice("page données personnelles")
    accessibility_scheme_page = _page_choice("schéma pluriannuel de mise en accessibilité")
    accessibility_plan_page = _page_choice("plan annuel d'actions d'accessibilité")

    PAGE_SETTINGS = (
        "contact_page",
        "legal_notice_page",
        "accessibility_page",
        "personal_data_page",
        "accessibility_scheme_page",
        "accessibility_plan_page",
    )

    panels = [PageChooserPanel(name) for name in PAGE_SETTINGS]

    class Meta:
        verbose_name = "pages du pied de page"

    @classmethod
    def for_request(cls, request):
        # Every site setting and the pages they choose in one query (cms.page_queries).
        page_queries.load_site_settings(request)
        return super().for_request(request)
