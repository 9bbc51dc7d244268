"""The resource library's listing: the filters of a request, the results and facets.

Who may download a members-only resource's files is decided in alumni.library.access;
this module only lists. Every function runs a fixed number of queries, whatever the
number of resources.
"""

from django.db.models import Count, Q

from cms.listing import RELEVANCE, FacetedListing, Sort
from cms.listing_filters import ChoiceFilter, FacetOption, SlugFilter, TagFilter
from projects.models import ProjectTheme

from .access import login_url_for, may_download_members_files
from .models import (
    ResourcePage,
    ResourceThemeTag,
    ResourceType,
    TrainingModule,
    published_resources,
    with_resource_card_data,
)

PER_PAGE = 12


def module_options(scoped):
    """The modules of the scoped resources, in the order of the training, counted on the
    resources' through table."""
    rows = (
        ResourcePage.modules.through.objects.filter(resourcepage_id__in=scoped.values("pk"))
        .values("trainingmodule__slug", "trainingmodule__name", "trainingmodule__sort_order")
        .annotate(n=Count("resourcepage_id", distinct=True))
        .order_by("trainingmodule__sort_order", "trainingmodule__name")
    )
    return [
        FacetOption(row["trainingmodule__slug"], row["trainingmodule__name"], row["n"])
        for row in rows
    ]


# In the order of the form.
FILTERS = [
    ChoiceFilter("type", "Type", "Tous les types", ResourceType, "resource_type"),
    SlugFilter(
        "module",
        "Module de la formation",
        "Tous les modules",
        queryset=TrainingModule.objects.all(),
        value_label=lambda module: module.name,
        condition=lambda module: Q(modules=module.pk),
        options=module_options,
    ),
    TagFilter("thematique", "Thématique", "Toutes les thématiques", ProjectTheme, ResourceThemeTag),
]


class ResourceListing(FacetedListing):
    """Reads the filters of a request, and gives the results, facets and active filters:
    a configuration of cms.listing's faceted listing, by date or, with words, by relevance."""

    declared_filters = FILTERS
    per_page = PER_PAGE
    sorts = [RELEVANCE, Sort("date", "Les plus récentes", ("-resource_date", "title", "pk"))]
    default_sort = "date"
    counts_follow_the_tree = True

    def with_card_data(self, queryset):
        return with_resource_card_data(queryset)

    @property
    def module_facet(self):
        return self.facet("module")


def library_context(page, request):
    listing = ResourceListing(published_resources().child_of(page), request.GET)
    return {
        "listing": listing,
        "can_download_members_files": may_download_members_files(request.user),
        "login_url": login_url_for(request),
    }
